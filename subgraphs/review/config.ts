import { z } from "zod";
import { databaseUrl, defineEnv, metricsPort, optional, port, whole } from "../../lib/env.ts";
import { subgraphEnv } from "../../lib/runtime/subgraph-server.ts";
import { type ClickSettings, defaultClickSettings } from "./ingest.ts";

/** The review service's variables: a subgraph's, its database and ports, and click ingestion's. */
export const reviewEnv = defineEnv({
  ...subgraphEnv,
  REVIEW_DATABASE_URL: optional(databaseUrl).describe(
    "review's database (`npm start` sets it: unset, the embedded server)",
  ),
  REVIEW_PORT: port(4002).describe("where review listens"),
  REVIEW_METRICS_PORT: metricsPort(9402).describe("review's `/metrics` port; `off`: none"),
  CLICK_BATCH_MAX: whole(1, 5_000, 500).describe("click group commit: the most clicks in one write"),
  CLICK_FLUSH_MS: z.coerce
    .number()
    .min(0)
    .max(1_000)
    .default(2)
    .describe("click group commit: how long a write waits for company, in ms"),
  CLICK_CONCURRENT_WRITES: whole(1, 10, 2).describe(
    "click writes in flight at once (the pool holds 10 connections)",
  ),
  CLICK_REPEAT_WINDOW_MINUTES: whole(0, 24 * 60, 30).describe(
    "a visitor's further clicks on a widget within this window are not counted",
  ),
  CLICK_RETENTION_WEEKS: whole(2, 1_040, 104).describe(
    "weeks of clicks kept; older weekly partitions are dropped",
  ),
  CLICK_MAX_PER_ADDRESS: whole(0, 1_000_000, 10).describe(
    "counted clicks of one address on one widget per repeat window, whatever its user agents; 0: no cap",
  ),
  IMPRESSION_MAX_PER_ADDRESS: whole(0, 1_000_000, 50).describe(
    "counted impressions of one address of one widget per repeat window; 0: no cap",
  ),
});

export function clickSettingsFrom(env: z.infer<typeof reviewEnv>): ClickSettings {
  return {
    ...defaultClickSettings,
    maxBatch: env.CLICK_BATCH_MAX,
    flushMs: env.CLICK_FLUSH_MS,
    maxConcurrentWrites: env.CLICK_CONCURRENT_WRITES,
    repeatWindowSeconds: env.CLICK_REPEAT_WINDOW_MINUTES * 60,
    maxCountedPerAddress: env.CLICK_MAX_PER_ADDRESS,
    maxImpressionsPerAddress: env.IMPRESSION_MAX_PER_ADDRESS,
    retentionWeeks: env.CLICK_RETENTION_WEEKS,
  };
}
