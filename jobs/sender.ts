import type { Logger } from "../lib/logger.ts";
import { BackgroundLoop } from "../lib/runtime/background-loop.ts";
import type { JobsDb } from "./db/index.ts";
import {
  type Batch,
  claimBatch,
  clearPause,
  markHeld,
  markRejected,
  markSent,
  notePause,
  renewClaim,
} from "./ledger.ts";
import type { MailProvider } from "./mail-provider.ts";

export interface SenderOptions {
  /** Provider requests per second from this process (RESEND_RPS). */
  requestsPerSecond: number;
  /** Emails per request; Resend's batch endpoint takes up to 100. */
  maxBatch?: number;
  /** How long a claim holds before another sender may take the batch over. */
  leaseSeconds?: number;
  /** Pause between looks at an empty outbox. */
  idleMs?: number;
  /** Longest wait between retries of one request (default a minute; tests shorten it). */
  maxBackoffMs?: number;
  log: Logger;
  /** Told the class of every provider answer (metrics). */
  onAnswer?: (kind: string) => void;
}

/** An account refusal is logged as an error at most this often, however many requests it refuses. */
const PAUSE_LOG_INTERVAL_MS = 60_000;

/**
 * The process's one path to the mail provider: takes queued emails from the ledger, up to 100 per request,
 * at most `requestsPerSecond` requests a second, and retries each request until the provider has taken
 * it (429: after `retry-after`; 5xx or no answer: exponential backoff up to a minute) or refused it (4xx).
 * A refusal of the account (401, 403, ...) pauses sending, with the same backoff, until the provider takes
 * a request again: no email is failed for it.
 */
export class Sender {
  private readonly loop = new BackgroundLoop(() => this.round());
  private nextRequestAt = 0;
  private paused = false;
  private lastPauseLogAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: JobsDb,
    private readonly provider: MailProvider,
    private readonly options: SenderOptions,
  ) {}

  start(): void {
    this.loop.start();
  }

  /** Finishes the request in flight, then stops. Claimed but unsent rows are picked up after their lease. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends everything queued now, then returns (the CLI and tests use this instead of a running loop). */
  async drainOutbox(): Promise<void> {
    for (let batch = await this.claim(); batch; batch = await this.claim()) await this.deliver(batch);
  }

  /**
   * Claims when the next request may go, not before: requests are what the provider limits, so each
   * carries every email queued by then (up to a batch), not only those queued when the last one left.
   */
  private async claim() {
    const wait = this.nextRequestAt - Date.now();
    if (wait > 0) await this.loop.sleep(wait);
    return claimBatch(this.db, {
      max: this.options.maxBatch ?? 100,
      leaseSeconds: this.options.leaseSeconds ?? 120,
    });
  }

  private async round(): Promise<void> {
    try {
      const batch = await this.claim();
      if (batch) await this.deliver(batch);
      else await this.loop.sleep(this.options.idleMs ?? 250);
    } catch (error) {
      this.options.log.error("sender error", { error });
      await this.loop.sleep(1_000);
    }
  }

  private async deliver(batch: Batch): Promise<void> {
    const { log } = this.options;
    const emails = batch.rows.map((row) => {
      if (!row.email) throw new Error(`Delivery to ${row.recipient} has no email`);
      return row.email;
    });
    for (let attempt = 1; ; attempt++) {
      await this.throttle();
      // Only the batch's owner asks the provider, and only while the provider still knows its key.
      const claim = await renewClaim(this.db, { batch });
      if (claim === "lost") {
        log.warn("batch taken over by another sender; leaving it", { key: batch.key });
        return;
      }
      if (claim === "expired") {
        await markHeld(this.db, batch);
        log.error("batch held for a person: unconfirmed past the provider's key window", { key: batch.key });
        return;
      }
      const outcome = await this.provider.send(emails, batch.key);
      this.options.onAnswer?.(outcome.kind);
      if (outcome.kind === "accepted") {
        await markSent(this.db, { batch, providerIds: outcome.ids });
        if (this.paused) await this.resume();
        log.debug("sent", { key: batch.key, emails: emails.length });
        return;
      }
      if (outcome.kind === "rejected") {
        await markRejected(this.db, { batch, reason: outcome.reason });
        log.warn("provider refused", { key: batch.key, emails: emails.length, reason: outcome.reason });
        return;
      }
      if (outcome.kind === "account") await this.notePaused(outcome.reason);
      if ((await renewClaim(this.db, { batch, reason: outcome.reason })) !== "ours" || this.loop.stopped)
        return;
      const wait =
        outcome.kind === "rate-limited"
          ? outcome.retryAfterMs
          : Math.min(this.options.maxBackoffMs ?? 60_000, 250 * 2 ** Math.min(attempt - 1, 8));
      if (outcome.kind !== "account")
        log.info("provider busy, retrying", { key: batch.key, reason: outcome.reason, waitMs: wait });
      await this.loop.sleep(wait);
    }
  }

  private async notePaused(reason: string) {
    this.paused = true;
    await notePause(this.db, reason);
    const now = Date.now();
    if (now - this.lastPauseLogAt < PAUSE_LOG_INTERVAL_MS) return;
    this.lastPauseLogAt = now;
    this.options.log.error("the mail provider refuses this account; sending is paused until it accepts", {
      reason,
    });
  }

  private async resume() {
    this.paused = false;
    this.lastPauseLogAt = Number.NEGATIVE_INFINITY;
    await clearPause(this.db);
    this.options.log.info("the mail provider accepts again; sending resumed");
  }

  /**
   * Spaces requests 1/requestsPerSecond apart, and 5% more: the provider counts arrivals, and a request
   * sent on the dot can arrive a little early against the one before, which costs a 429 and a second.
   */
  private async throttle() {
    const now = Date.now();
    const at = Math.max(now, this.nextRequestAt);
    this.nextRequestAt = at + (1000 / this.options.requestsPerSecond) * 1.05;
    if (at > now) await new Promise((done) => setTimeout(done, at - now));
  }
}
