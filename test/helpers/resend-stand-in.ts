import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OutgoingEmail } from "../../jobs/db/schema.ts";

/** What the stand-in received: the same shape the worker sends. */
export type ReceivedEmail = OutgoingEmail;

/**
 * A local stand-in for Resend's HTTP API (POST /emails and /emails/batch), for the real SDK pointed at it
 * through its base URL. Like Resend, a repeated Idempotency-Key gets the first answer again and sends
 * nothing new. With `faultEvery: 5`, the first request and every fifth after it fail, alternating 429
 * (with retry-after) and 500, before any idempotency bookkeeping: 20% of requests fail. While `refusal` is
 * set, every request gets that answer, as Resend answers a revoked key or an unverified domain.
 */
export async function startResendStandIn({
  faultEvery = 0,
  holdFirstAnswerMs = 0,
  requestsPerSecond = 0,
  host = "127.0.0.1",
}: {
  faultEvery?: number;
  holdFirstAnswerMs?: number;
  requestsPerSecond?: number;
  /** Where it listens: loopback, or an address other hosts reach (the cluster test's). */
  host?: string;
} = {}) {
  let windowStart = 0;
  let inWindow = 0;
  const sent: ReceivedEmail[] = [];
  const replies = new Map<string, string>();
  const stats = { requests: 0, faults: 0, replays: 0, batches: 0, rateLimited: 0, refused: 0, held: false };
  const control: { refusal: { statusCode: number; name: string; message: string } | null } = {
    refusal: null,
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    stats.requests++;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method !== "POST" || (req.url !== "/emails" && req.url !== "/emails/batch")) {
      return reply(404, { statusCode: 404, name: "not_found", message: "Not found" });
    }
    // Like Resend's own limit: more than `requestsPerSecond` in a second gets 429 with retry-after.
    if (requestsPerSecond > 0) {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > requestsPerSecond) {
        stats.rateLimited++;
        return reply(
          429,
          { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
          { "retry-after": "1" },
        );
      }
    }
    if (control.refusal) {
      stats.refused++;
      return reply(control.refusal.statusCode, control.refusal);
    }
    if (faultEvery > 0 && (stats.requests - 1) % faultEvery === 0) {
      stats.faults++;
      return stats.faults % 2 === 1
        ? reply(
            429,
            { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
            { "retry-after": "0.05" },
          )
        : reply(500, { statusCode: 500, name: "internal_server_error", message: "Unexpected error" });
    }
    const key = req.headers["idempotency-key"];
    const known = typeof key === "string" ? replies.get(`${req.url} ${key}`) : undefined;
    if (known) {
      stats.replays++;
      return reply(200, known);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReceivedEmail | ReceivedEmail[];
    const emails = Array.isArray(body) ? body : [body];
    const invalid = emails.find((email) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(email.to)));
    if (invalid)
      return reply(422, {
        statusCode: 422,
        name: "validation_error",
        message: `Invalid \`to\` field: ${invalid.to}`,
      });
    if (req.url === "/emails/batch") stats.batches++;
    const ids = emails.map(() => randomUUID());
    sent.push(...emails);
    const answer = JSON.stringify(
      req.url === "/emails" ? { id: ids[0] } : { data: ids.map((id) => ({ id })) },
    );
    if (typeof key === "string") replies.set(`${req.url} ${key}`, answer);
    // Accepted and recorded, but answered late: the window in which a crashing sender has sent mail but
    // not yet written that down.
    if (holdFirstAnswerMs > 0 && !stats.held) {
      stats.held = true;
      await new Promise((done) => setTimeout(done, holdFirstAnswerMs));
    }
    return reply(200, answer);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    sent,
    stats,
    /** Refuse every request with this error from now on, or (null) accept again. */
    refuse(refusal: { statusCode: number; name: string; message: string } | null) {
      control.refusal = refusal;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // A sender stopped mid-request leaves a half-sent request open, which would hold this process for
        // the server's five-minute request timeout.
        server.closeAllConnections();
      }),
  };
}
