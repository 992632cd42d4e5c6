import { resolveSecrets } from "../../lib/secrets.ts";
import { isMain, requireUrl, runService } from "../../lib/service.ts";
import { type SubgraphRuntime, startSubgraph } from "../../lib/subgraph.ts";
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
      start: async (db) => ({ context: (_req, viewer) => createShopContext(db, viewer) }),
    },
    runtime,
  );

if (isMain(import.meta.url)) {
  await runService("shop", (env, log) =>
    startShop({
      databaseUrl: requireUrl(env, "SHOP_DATABASE_URL"),
      subgraphSecret: resolveSecrets(env).subgraphSecret,
      host: env.SUBGRAPH_HOST,
      port: env.SHOP_PORT,
      production: env.NODE_ENV === "production",
      log,
    }),
  );
}
