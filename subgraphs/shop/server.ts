import { isMain, runService } from "../../lib/service-runner.ts";
import { type SubgraphRuntime, startSubgraph, subgraphRuntimeFrom } from "../../lib/subgraph-server.ts";
import { createShopContext } from "./context.ts";
import { schema } from "./db/index.ts";
import { resolvers } from "./resolvers/index.ts";

export const startShop = (runtime: SubgraphRuntime) =>
  startSubgraph(
    {
      name: "shop",
      schemaFile: new URL("./schema.graphql", import.meta.url),
      resolvers,
      tables: schema,
      start: async (db, _log, clock) => ({
        context: (_request, viewer, trace) => createShopContext(db, viewer, clock(), trace),
      }),
    },
    runtime,
  );

if (isMain(import.meta.url)) {
  await runService("shop", (env, log) =>
    startShop(
      subgraphRuntimeFrom(env, log, {
        databaseUrl: "SHOP_DATABASE_URL",
        port: env.SHOP_PORT,
        metricsPort: env.SHOP_METRICS_PORT,
      }),
    ),
  );
}
