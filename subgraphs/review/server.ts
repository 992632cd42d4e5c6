import { isMain, requireUrl, runService } from "../../lib/runtime/service-runner.ts";
import {
  type SubgraphRuntime,
  startSubgraph,
  subgraphRuntimeFrom,
} from "../../lib/runtime/subgraph-server.ts";
import { clickSettingsFrom, reviewEnv } from "./config.ts";
import { createReviewContext } from "./context.ts";
import { schema } from "./db/index.ts";
import { type ClickSettings, defaultClickSettings, EventIngest } from "./ingest.ts";
import { ingestMetrics } from "./metrics.ts";
import { resolvers } from "./resolvers/index.ts";

const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;

export const startReview = (runtime: SubgraphRuntime, clickSettings: ClickSettings = defaultClickSettings) =>
  startSubgraph(
    {
      name: "review",
      schemaFile: new URL("./schema.graphql", import.meta.url),
      resolvers,
      tables: schema,
      start: async (db, log, clock, registry, subgraphSecret) => {
        const ingest = new EventIngest(db, clickSettings, clock, registry && ingestMetrics(registry));
        // Partitions must exist before the first click; then hourly, so weeks ahead are always ready.
        await ingest.maintain(log);
        const maintenance = setInterval(() => {
          ingest.maintain(log).catch((error: unknown) => log.error("click maintenance failed", { error }));
        }, MAINTENANCE_INTERVAL_MS);
        maintenance.unref();
        return {
          context: (request, viewer, trace) =>
            createReviewContext(db, ingest, request, viewer, clock(), trace, subgraphSecret),
          notReady: () => (ingest.shedding() ? "shedding click and impression writes" : undefined),
          async stop() {
            clearInterval(maintenance);
            await ingest.drain();
          },
        };
      },
    },
    runtime,
  );

if (isMain(import.meta.url)) {
  await runService("review", reviewEnv, (env, log) =>
    startReview(
      subgraphRuntimeFrom(env, log, {
        databaseUrl: requireUrl("REVIEW_DATABASE_URL", env.REVIEW_DATABASE_URL),
        port: env.REVIEW_PORT,
        metricsPort: env.REVIEW_METRICS_PORT,
      }),
      clickSettingsFrom(env),
    ),
  );
}
