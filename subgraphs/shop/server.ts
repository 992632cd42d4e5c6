import { isMain, requireUrl, runService } from "../../lib/runtime/service-runner.ts";
import {
  type SubgraphRuntime,
  startSubgraph,
  subgraphRuntimeFrom,
} from "../../lib/runtime/subgraph-server.ts";
import { resolveSecrets } from "../../lib/secrets.ts";
import { shopEnv } from "./config.ts";
import { createShopContext } from "./context.ts";
import { schema } from "./db/index.ts";
import { orderIntake } from "./orders/intake.ts";
import { deliveryIntake } from "./platforms/deliveries.ts";
import { resolvers } from "./resolvers/index.ts";

/** Shop's own secret beside a subgraph's: the key ring of its platform connections. */
export interface ShopSecrets {
  connectionSecret: string;
}

export const startShop = (runtime: SubgraphRuntime, { connectionSecret }: ShopSecrets) =>
  startSubgraph(
    {
      name: "shop",
      schemaFile: new URL("./schema.graphql", import.meta.url),
      resolvers,
      tables: schema,
      start: async (db, _log, clock, _registry, receiptSecret) => {
        const orders = orderIntake(db);
        const deliveries = deliveryIntake(db);
        return {
          context: (_request, viewer, trace) =>
            createShopContext({
              db,
              orders,
              deliveries,
              viewer,
              now: clock(),
              trace,
              receiptSecret,
              connectionSecret,
            }),
          notReady: () =>
            Math.max(orders.lastOverloadAt, deliveries.lastOverloadAt) > performance.now() - 5_000
              ? "shedding order writes"
              : undefined,
          stop: () => Promise.all([orders.drain(), deliveries.drain()]).then(() => undefined),
        };
      },
    },
    runtime,
  );

if (isMain(import.meta.url)) {
  await runService("shop", shopEnv, (env, log) =>
    startShop(
      subgraphRuntimeFrom(env, log, {
        databaseUrl: requireUrl("SHOP_DATABASE_URL", env.SHOP_DATABASE_URL),
        port: env.SHOP_PORT,
        metricsPort: env.SHOP_METRICS_PORT,
      }),
      resolveSecrets(env, ["connectionSecret"]),
    ),
  );
}
