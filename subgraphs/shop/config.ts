import { connectionSecret, databaseUrl, defineEnv, metricsPort, optional, port } from "../../lib/env.ts";
import { subgraphEnv } from "../../lib/runtime/subgraph-server.ts";

/** The shop service's variables: a subgraph's, and its own database and ports. */
export const shopEnv = defineEnv({
  ...subgraphEnv,
  ...connectionSecret,
  SHOP_DATABASE_URL: optional(databaseUrl).describe(
    "shop's database (`npm start` sets it: unset, the embedded server)",
  ),
  SHOP_PORT: port(4001).describe("where shop listens"),
  SHOP_METRICS_PORT: metricsPort(9401).describe("shop's `/metrics` port; `off`: none"),
});
