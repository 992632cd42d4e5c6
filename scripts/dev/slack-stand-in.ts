import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** A message the stand-in took, by the webhook path it was posted to. */
export interface ReceivedSlackMessage {
  path: string;
  payload: { text: string; blocks: Record<string, unknown>[] };
}

const BLOCK_TYPES = new Set(["header", "section", "context", "actions", "divider"]);

/**
 * What Slack checks of an incoming webhook's Block Kit message, as its docs state the limits: a `text` or
 * blocks, at most 50 blocks, known block types, a header's plain_text of at most 150 characters, a
 * section's text of at most 3,000 and at most 10 fields of 2,000, a button's label of 75 and its URL of
 * 3,000. Answers the first problem, or null.
 */
export function blockKitProblem(payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return "not a JSON object";
  const { text, blocks } = payload as { text?: unknown; blocks?: unknown };
  if (typeof text !== "string" || text.length === 0) return "no text (notifications' fallback)";
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return "blocks: 1 to 50";
  const textObject = (value: unknown, max: number, types: string[]) => {
    const t = value as { type?: string; text?: unknown } | undefined;
    return (
      t &&
      types.includes(t.type ?? "") &&
      typeof t.text === "string" &&
      t.text.length > 0 &&
      t.text.length <= max
    );
  };
  for (const block of blocks as { type?: string; [key: string]: unknown }[]) {
    if (!BLOCK_TYPES.has(block.type ?? "")) return `unknown block type ${block.type}`;
    if (block.type === "header" && !textObject(block.text, 150, ["plain_text"]))
      return "header: plain_text ≤ 150";
    if (block.type === "section") {
      const fields = block.fields as unknown[] | undefined;
      if (!block.text && !fields) return "section: text or fields";
      if (block.text && !textObject(block.text, 3_000, ["mrkdwn", "plain_text"]))
        return "section text ≤ 3000";
      if (
        fields &&
        (fields.length > 10 || !fields.every((f) => textObject(f, 2_000, ["mrkdwn", "plain_text"])))
      )
        return "section fields: ≤ 10 of ≤ 2000";
    }
    if (block.type === "context") {
      const elements = block.elements as unknown[] | undefined;
      if (!elements?.length || elements.length > 10) return "context: 1 to 10 elements";
    }
    if (block.type === "actions") {
      for (const element of (block.elements as { type?: string; text?: unknown; url?: unknown }[]) ?? []) {
        if (element.type !== "button" || !textObject(element.text, 75, ["plain_text"]))
          return "button: label ≤ 75";
        if (typeof element.url !== "string" || element.url.length > 3_000) return "button: url ≤ 3000";
      }
    }
  }
  return null;
}

/**
 * A local stand-in for Slack's incoming webhooks (`POST /services/T…/B…/<secret>`), answering as Slack
 * does: 200 `ok`; 400 `invalid_payload` for a body that is not valid Block Kit; and, for paths set in
 * `refuse`, their status and body (410 `channel_is_archived`, 404 `no_service`, ...). The tests read what
 * it took from `received`; `npm start` points the worker's SLACK_BASE_URL at it and has each message
 * written to `dir` as JSON, as the mail outbox does.
 */
export async function startSlackStandIn({
  dir,
  host = "127.0.0.1",
  port = 0,
}: {
  dir?: string;
  host?: string;
  port?: number;
} = {}) {
  const received: ReceivedSlackMessage[] = [];
  const refused: { path: string; status: number }[] = [];
  const refuse = new Map<string, { status: number; body: string }>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const path = req.url ?? "";
    const answer = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(body);
    };
    if (req.method !== "POST" || !path.startsWith("/services/")) return answer(404, "no_service");
    const refusal = refuse.get(path);
    if (refusal) {
      refused.push({ path, status: refusal.status });
      return answer(refusal.status, refusal.body);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(400, "invalid_payload");
    }
    if (req.headers["content-type"] !== "application/json" || blockKitProblem(payload))
      return answer(400, "invalid_payload");
    const message = { path, payload: payload as ReceivedSlackMessage["payload"] };
    received.push(message);
    if (dir) {
      await mkdir(dir, { recursive: true });
      // The webhook's secret stays out of the file's name and content: the channel is named by its ids.
      const channel = path.split("/").slice(2, 4).join("-");
      await writeFile(
        join(dir, `${Date.now()}-${channel}.json`),
        `${JSON.stringify(message.payload, null, 2)}\n`,
      );
    }
    answer(200, "ok");
  });
  await new Promise<void>((listening) => server.listen(port, host, listening));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    received,
    refused,
    refuse,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
