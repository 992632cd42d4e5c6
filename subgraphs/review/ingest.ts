import { isbot } from "isbot";
import type { Clock } from "../../lib/clock.ts";
import { GroupCommit } from "../../lib/group-commit.ts";
import type { Logger } from "../../lib/logger.ts";
import { inSpan } from "../../lib/tracing.ts";
import type { ReviewDb } from "./db/index.ts";
import {
  type ClickAttempt,
  type ClickOutcome,
  DEFAULT_MAX_COUNTED_PER_ORIGIN,
  deleteExpiredClickState,
  writeClicks,
} from "./db/queries/clicks.ts";
import {
  deleteExpiredSlotViewIds,
  type SlotViewAttempt,
  type SlotViewOutcome,
  writeSlotViews,
} from "./db/queries/holdouts.ts";
import {
  DEFAULT_MAX_IMPRESSIONS_PER_ORIGIN,
  deleteExpiredImpressions,
  type ImpressionAttempt,
  type ImpressionOutcome,
  writeImpressions,
} from "./db/queries/impressions.ts";
import { dropExpiredClickPartitions, ensureClickPartitions } from "./db/queries/partitions.ts";
import { deleteOldSalts, VisitorHasher } from "./db/queries/visitors.ts";
import type { EventKind, IngestMetrics } from "./metrics.ts";

export interface ClickSettings {
  /** Most clicks per write; 1 writes each click in its own statement (the baseline the bench compares). */
  maxBatch: number;
  /** How long a click waits for others to share its write, in ms. */
  flushMs: number;
  /** Writes in flight at once; more clicks wait and share the next write. */
  maxConcurrentWrites: number;
  /** A visitor's further clicks on a widget within this window are not counted. */
  repeatWindowSeconds: number;
  /** Most counted clicks of one address on one widget per window (user-agent rotation); 0: no cap. */
  maxCountedPerAddress: number;
  /** Most counted impressions (and, apart, holdout slot views) of one address of one widget per window; 0: no cap. */
  maxImpressionsPerAddress: number;
  /** Weeks of clicks kept; older weekly partitions are dropped. */
  retentionWeeks: number;
  /** How long a click id is remembered for retries. */
  clickIdRetentionDays: number;
  /** How long an impression id is remembered for retries (the tracker retries within a page view). */
  impressionIdRetentionDays: number;
}

export const defaultClickSettings: ClickSettings = {
  maxBatch: 500,
  flushMs: 2,
  maxConcurrentWrites: 2,
  repeatWindowSeconds: 30 * 60,
  maxCountedPerAddress: DEFAULT_MAX_COUNTED_PER_ORIGIN,
  maxImpressionsPerAddress: DEFAULT_MAX_IMPRESSIONS_PER_ORIGIN,
  retentionWeeks: 104,
  clickIdRetentionDays: 7,
  impressionIdRetentionDays: 2,
};

/** Who sent a click, as far as we can tell: the raw address is hashed and never stored. */
export interface ClickClient {
  address: string;
  userAgent: string | undefined;
}

export type IngestOutcome = ClickOutcome | { status: "bot" };

/** At most this many impressions in one `recordImpressions` call, and slot views in one `recordSlotViews`. */
export const MAX_IMPRESSIONS_PER_CALL = 50;

/** What a page reports in batches (impressions, holdout slot views): written alike, each kind its own table. */
type PageEvent<A> = Omit<A, "origin" | "occurredAt">;
type PageOutcome =
  | { status: "recorded"; duplicate: boolean }
  | { status: "address-limit" }
  | { status: string };

/**
 * The event paths of the review service: clicks (bot filter, visitor hash, group-committed writes), and
 * impressions and holdout slot views (bot filter, group-committed writes into their rollups).
 */
export class EventIngest {
  private readonly visitors: VisitorHasher;
  private readonly writes: GroupCommit<ClickAttempt, ClickOutcome>;
  private readonly impressionWrites: GroupCommit<ImpressionAttempt, ImpressionOutcome>;
  private readonly slotViewWrites: GroupCommit<SlotViewAttempt, SlotViewOutcome>;

  constructor(
    private readonly db: ReviewDb,
    private readonly settings: ClickSettings,
    private readonly clock: Clock,
    private readonly metrics?: IngestMetrics,
  ) {
    this.visitors = new VisitorHasher(db);
    // Each write serves many requests at once: its span is the root of a trace of its own.
    this.writes = new GroupCommit(
      (attempts) =>
        inSpan("sql writeClicks", undefined, { "db.batch.size": attempts.length }, () =>
          writeClicks(db, attempts, {
            windowSeconds: settings.repeatWindowSeconds,
            maxPerOrigin: settings.maxCountedPerAddress,
          }),
        ),
      { ...settings, observer: metrics?.writes("click") },
    );
    this.impressionWrites = new GroupCommit(
      (attempts) =>
        inSpan("sql writeImpressions", undefined, { "db.batch.size": attempts.length }, () =>
          writeImpressions(db, attempts, {
            windowSeconds: settings.repeatWindowSeconds,
            maxPerOrigin: settings.maxImpressionsPerAddress,
          }),
        ),
      { ...settings, observer: metrics?.writes("impression") },
    );
    this.slotViewWrites = new GroupCommit(
      (attempts) =>
        inSpan("sql writeSlotViews", undefined, { "db.batch.size": attempts.length }, () =>
          writeSlotViews(db, attempts, {
            windowSeconds: settings.repeatWindowSeconds,
            maxPerOrigin: settings.maxImpressionsPerAddress,
          }),
        ),
      { ...settings, observer: metrics?.writes("slot_view") },
    );
    metrics?.watchQueue("click", () => this.writes.queued);
    metrics?.watchQueue("impression", () => this.impressionWrites.queued);
    metrics?.watchQueue("slot_view", () => this.slotViewWrites.queued);
  }

  /** A batch of impressions from one page, each answered after its write committed. */
  recordImpressions(
    impressions: readonly PageEvent<ImpressionAttempt>[],
    client: ClickClient,
  ): Promise<(ImpressionOutcome | { status: "bot" })[]> {
    return this.recordPageEvents("impression", this.impressionWrites, impressions, client);
  }

  /** A batch of holdout slot views from one page, each answered after its write committed. */
  recordSlotViews(
    slotViews: readonly PageEvent<SlotViewAttempt>[],
    client: ClickClient,
  ): Promise<(SlotViewOutcome | { status: "bot" })[]> {
    return this.recordPageEvents("slot_view", this.slotViewWrites, slotViews, client);
  }

  private async recordPageEvents<A extends { origin: string; occurredAt: Date }, O extends PageOutcome>(
    kind: EventKind,
    writes: GroupCommit<A, O>,
    events: readonly PageEvent<A>[],
    client: ClickClient,
  ): Promise<(O | { status: "bot" })[]> {
    if (!client.userAgent || isbot(client.userAgent)) {
      this.metrics?.event(kind, "bot", events.length);
      return events.map(() => ({ status: "bot" }));
    }
    const occurredAt = this.clock();
    const { origin } = await this.visitors.hash(client.address, client.userAgent, occurredAt);
    const outcomes = await Promise.all(
      events.map((event) => writes.submit({ ...event, origin, occurredAt } as A)),
    );
    for (const outcome of outcomes)
      this.metrics?.event(
        kind,
        outcome.status === "address-limit"
          ? "not_counted"
          : outcome.status !== "recorded"
            ? "refused"
            : (outcome as { duplicate: boolean }).duplicate
              ? "duplicate"
              : "counted",
      );
    return outcomes;
  }

  async record(
    click: { clickId: string; widgetId: string; productId: string | null },
    client: ClickClient,
  ): Promise<IngestOutcome> {
    // No user agent at all is not a browser either.
    if (!client.userAgent || isbot(client.userAgent)) {
      this.metrics?.event("click", "bot");
      return { status: "bot" };
    }
    const occurredAt = this.clock();
    const { visitor, origin } = await this.visitors.hash(client.address, client.userAgent, occurredAt);
    const outcome = await this.writes.submit({ ...click, visitor, origin, occurredAt });
    this.metrics?.event(
      "click",
      outcome.status !== "recorded"
        ? "refused"
        : outcome.duplicate
          ? "duplicate"
          : outcome.counted
            ? "counted"
            : "not_counted",
    );
    return outcome;
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
    await deleteExpiredImpressions(this.db, {
      now,
      idRetentionDays: this.settings.impressionIdRetentionDays,
      retentionWeeks: this.settings.retentionWeeks,
    });
    await deleteExpiredSlotViewIds(this.db, {
      now,
      idRetentionDays: this.settings.impressionIdRetentionDays,
    });
    await deleteOldSalts(this.db, now);
    await this.visitors.prepare(now);
    if (created.length > 0 || dropped.length > 0)
      log.info("click partitions maintained", { created, dropped });
  }

  /** Whether writes were refused in the last few seconds (queue full, or the database too slow). */
  shedding(): boolean {
    const since = performance.now() - 5_000;
    return [this.writes, this.impressionWrites, this.slotViewWrites].some(
      (writes) => writes.lastOverloadAt > since,
    );
  }

  /** Answers every event already received before the process stops. */
  async drain(): Promise<void> {
    await Promise.all([this.writes.drain(), this.impressionWrites.drain(), this.slotViewWrites.drain()]);
  }
}
