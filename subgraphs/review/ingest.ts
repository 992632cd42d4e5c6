import { isbot } from "isbot";
import type { Clock } from "../../lib/clock.ts";
import { GroupCommit } from "../../lib/group-commit.ts";
import type { Logger } from "../../lib/logger.ts";
import type { ReviewDb } from "./db/index.ts";
import {
  type ClickAttempt,
  type ClickOutcome,
  deleteExpiredClickState,
  writeClicks,
} from "./db/queries/clicks.ts";
import { dropExpiredClickPartitions, ensureClickPartitions } from "./db/queries/partitions.ts";
import { deleteOldSalts, VisitorHasher } from "./db/queries/visitors.ts";

export interface ClickSettings {
  /** Most clicks per write; 1 writes each click in its own statement (the baseline the bench compares). */
  maxBatch: number;
  /** How long a click waits for others to share its write, in ms. */
  flushMs: number;
  /** Writes in flight at once; more clicks wait and share the next write. */
  maxConcurrentWrites: number;
  /** A visitor's further clicks on a widget within this window are not counted. */
  repeatWindowSeconds: number;
  /** Weeks of clicks kept; older weekly partitions are dropped. */
  retentionWeeks: number;
  /** How long a click id is remembered for retries. */
  clickIdRetentionDays: number;
}

export const defaultClickSettings: ClickSettings = {
  maxBatch: 500,
  flushMs: 2,
  maxConcurrentWrites: 2,
  repeatWindowSeconds: 30 * 60,
  retentionWeeks: 104,
  clickIdRetentionDays: 7,
};

/** Who sent a click, as far as we can tell: the raw address is hashed and never stored. */
export interface ClickClient {
  address: string;
  userAgent: string | undefined;
}

export type IngestOutcome = ClickOutcome | { status: "bot" };

/** The click path of the review service: bot filter, visitor hash, and group-committed writes. */
export class ClickIngest {
  private readonly visitors: VisitorHasher;
  private readonly writes: GroupCommit<ClickAttempt, ClickOutcome>;

  constructor(
    private readonly db: ReviewDb,
    private readonly settings: ClickSettings,
    private readonly clock: Clock,
  ) {
    this.visitors = new VisitorHasher(db);
    this.writes = new GroupCommit(
      (attempts) => writeClicks(db, attempts, settings.repeatWindowSeconds),
      settings,
    );
  }

  async record(
    click: { clickId: string; widgetId: string; productId: string | null },
    client: ClickClient,
  ): Promise<IngestOutcome> {
    // No user agent at all is not a browser either.
    if (!client.userAgent || isbot(client.userAgent)) return { status: "bot" };
    const occurredAt = this.clock();
    const visitor = await this.visitors.hash(client.address, client.userAgent, occurredAt);
    return this.writes.submit({ ...click, visitor, occurredAt });
  }

  /** Partitions ahead, retention, forgetting expired ids, windows and salts, and the next salts. */
  async maintain(log: Logger): Promise<void> {
    const now = this.clock();
    const created = await ensureClickPartitions(this.db, { now });
    const dropped = await dropExpiredClickPartitions(this.db, {
      now,
      retentionWeeks: this.settings.retentionWeeks,
    });
    await deleteExpiredClickState(this.db, {
      now,
      clickIdRetentionDays: this.settings.clickIdRetentionDays,
      windowSeconds: this.settings.repeatWindowSeconds,
    });
    await deleteOldSalts(this.db, now);
    await this.visitors.prepare(now);
    if (created.length > 0 || dropped.length > 0)
      log.info("click partitions maintained", { created, dropped });
  }

  /** Answers every click already received before the process stops. */
  drain(): Promise<void> {
    return this.writes.drain();
  }
}
