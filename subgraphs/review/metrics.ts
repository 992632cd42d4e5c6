import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { LATENCY_BUCKETS } from "../../lib/metrics.ts";

export type EventKind = "click" | "impression" | "slot_view";
/** What became of a click or an impression: counted, a retry of one counted before, not counted (a
 * repeat of the same visitor, or past its address's cap), from a bot, or refused (no such widget). */
export type EventResult = "counted" | "duplicate" | "not_counted" | "bot" | "refused";

/**
 * What the review service counts of its event paths: clicks and impressions by result, the size and
 * duration of each group-committed write, the writes waiting, and the writes shed (answered 503).
 */
export function ingestMetrics(registry: Registry) {
  const events = new Counter({
    name: "review_events_total",
    help: "Clicks, impressions and holdout slot views received by the review service, by kind and result",
    labelNames: ["kind", "result"],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: "review_write_batch_size",
    help: "Events written in one group-committed statement, by kind",
    labelNames: ["kind"],
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [registry],
  });
  const batchDuration = new Histogram({
    name: "review_write_batch_duration_seconds",
    help: "Time one group-committed write took, by kind",
    labelNames: ["kind"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const shed = new Counter({
    name: "review_writes_shed_total",
    help: "Writes refused because the queue was full or the database too slow (answered 503), by kind",
    labelNames: ["kind"],
    registers: [registry],
  });
  const queued = new Map<EventKind, () => number>();
  new Gauge({
    name: "review_write_queue_depth",
    help: "Writes waiting for a batch, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      for (const [kind, depth] of queued) this.set({ kind }, depth());
    },
  });

  return {
    /** The group-commit observer of one kind of event. */
    writes: (kind: EventKind) => ({
      batch: (size: number, seconds: number) => {
        batchSize.observe({ kind }, size);
        batchDuration.observe({ kind }, seconds);
      },
      shed: () => shed.inc({ kind }),
    }),
    watchQueue: (kind: EventKind, depth: () => number) => queued.set(kind, depth),
    event: (kind: EventKind, result: EventResult, count = 1) => events.inc({ kind, result }, count),
  };
}

export type IngestMetrics = ReturnType<typeof ingestMetrics>;
