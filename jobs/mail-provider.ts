import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Resend } from "resend";
import type { OutgoingEmail } from "./db/schema.ts";

/** What a send of one email, or a batch of them, came to. */
export type SendOutcome =
  | { kind: "accepted"; ids: string[] }
  /** 429: try the same request again after `retryAfterMs`. */
  | { kind: "rate-limited"; retryAfterMs: number; reason: string }
  /** 5xx or no answer: try the same request again later. */
  | { kind: "transient"; reason: string }
  /**
   * The provider refuses this account, not this email (key missing, revoked or restricted, sender domain
   * not verified, quota used up): every send waits until it accepts again, and no email is failed for it.
   */
  | { kind: "account"; reason: string }
  /** Any other 4xx: the provider will never take this request as it is (a bad or suppressed address). */
  | { kind: "rejected"; reason: string };

export interface MailProvider {
  /** Sends one email, or up to 100 in one batch call; the key makes a repeated call a replay. */
  send(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendOutcome>;
}

/** Resend through its SDK, which returns `{ data, error, headers }` and never throws. */
export function resendProvider(
  apiKey: string,
  baseUrl?: string,
  /** How long one request may take: a provider that hangs must not hold the sender (default 30 s). */
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): MailProvider {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    async send(emails, idempotencyKey) {
      const signal = AbortSignal.timeout(timeoutMs);
      const outcome = await sendWith(resend, emails, { idempotencyKey, signal });
      // Past the deadline the request is abandoned (the SDK answers it as an error); tried again with the
      // same key, the provider replays it if it did take it.
      if (signal.aborted && outcome.kind !== "accepted")
        return { kind: "transient", reason: `no answer within ${timeoutMs} ms` };
      return outcome;
    },
  };
}

async function sendWith(
  resend: Resend,
  emails: OutgoingEmail[],
  options: { idempotencyKey: string; signal: AbortSignal },
): Promise<SendOutcome> {
  try {
    if (emails.length === 1) {
      const { data, error, headers } = await resend.emails.send(emails[0] as OutgoingEmail, options);
      return error ? classify(error, headers) : { kind: "accepted", ids: [data.id] };
    }
    const { data, error, headers } = await resend.batch.send(emails, options);
    return error ? classify(error, headers) : { kind: "accepted", ids: data.data.map((sent) => sent.id) };
  } catch (error) {
    // The SDK answers errors as values, but the request itself can throw before it is sent (a header
    // fetch will not carry): no answer, so the same request is tried again.
    return { kind: "transient", reason: `no request sent: ${(error as Error).message}` };
  }
}

function classify(
  error: { statusCode?: number | null; message: string; name: string },
  headers: Record<string, string> | null,
): SendOutcome {
  const reason = `${error.statusCode ?? "no response"} ${error.name}: ${error.message}`;
  if (error.statusCode === 429 && !ACCOUNT_ERRORS.has(error.name)) {
    const seconds = Number(headers?.["retry-after"]);
    return {
      kind: "rate-limited",
      retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
      reason,
    };
  }
  // 409 "concurrent_idempotent_requests": the same key is being processed right now; ask again shortly.
  if (!error.statusCode || error.statusCode >= 500 || error.name === "concurrent_idempotent_requests")
    return { kind: "transient", reason };
  if (ACCOUNT_STATUSES.has(error.statusCode) || ACCOUNT_ERRORS.has(error.name))
    return { kind: "account", reason };
  return { kind: "rejected", reason };
}

/**
 * Refusals of the account rather than of an email, from Resend's error reference: 401 and 403 (missing,
 * invalid or restricted key; sender domain not verified), 451 (the account is held for review), an invalid
 * `from` (this system's sender, the same for every email) and the daily or monthly quota.
 */
const ACCOUNT_STATUSES = new Set([401, 403, 451]);
const ACCOUNT_ERRORS = new Set([
  "missing_api_key",
  "invalid_api_key",
  "restricted_api_key",
  "invalid_from_address",
  "daily_quota_exceeded",
  "monthly_quota_exceeded",
]);

/**
 * Development without an API key: each email becomes `<name>.html`, `.txt` and `.json` (headers and
 * recipient) in `dir`, named after the idempotency key so a replay overwrites rather than duplicates.
 */
export function outboxProvider(dir: string): MailProvider {
  return {
    async send(emails, idempotencyKey) {
      await mkdir(dir, { recursive: true });
      const base = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 16);
      const ids = await Promise.all(
        emails.map(async (email, index) => {
          const name = `${email.to.replace(/[^a-z0-9@.]/gi, "_")}-${base}-${index}`;
          const { html, text, ...envelope } = email;
          await writeFile(join(dir, `${name}.html`), html);
          await writeFile(join(dir, `${name}.txt`), text);
          await writeFile(
            join(dir, `${name}.json`),
            JSON.stringify({ ...envelope, idempotencyKey }, null, 2),
          );
          return `outbox-${name}`;
        }),
      );
      return { kind: "accepted", ids };
    },
  };
}
