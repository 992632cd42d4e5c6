import { z } from "zod";
import {
  authSecret,
  dashboardAddress,
  defineEnv,
  gatewayAddress,
  linkSecret,
  list,
  metricsPort,
  optional,
  port,
  subgraphSecret,
  whole,
} from "../lib/env.ts";
import { SUBGRAPH_TRANSPORTS } from "../lib/subgraph-contract.ts";

/** The gateway's variables: where it listens and reaches the subgraphs, its secrets and its limits. */
export const gatewayEnv = defineEnv({
  ...gatewayAddress,
  ...dashboardAddress,
  ...authSecret,
  ...linkSecret,
  ...subgraphSecret,
  GATEWAY_METRICS_PORT: metricsPort(9400).describe("the gateway's `/metrics` port; `off`: none"),
  SUBGRAPH_HOST: z.string().min(1).default("127.0.0.1").describe("where the gateway reaches the subgraphs"),
  SHOP_PORT: port(4001).describe("shop's port, as the gateway reaches it"),
  REVIEW_PORT: port(4002).describe("review's port, as the gateway reaches it"),
  SUBGRAPH_TRANSPORT: optional(z.enum(SUBGRAPH_TRANSPORTS)).describe(
    "`http1` or `batch` for every subgraph at once; unset: each subgraph's `transport` in supergraph.yaml",
  ),
  SUBGRAPH_TIMEOUT_MS: whole(100, 120_000, 10_000).describe(
    "deadline of one call to a subgraph (then 503 `SERVICE_UNAVAILABLE`)",
  ),
  MAX_REQUESTS_IN_FLIGHT: whole(1, 1_000_000, 1_024).describe(
    "GraphQL requests the gateway holds at once; more are answered 503 at once",
  ),
  DASHBOARD_ORIGINS: list().describe(
    "browser origins of dashboards, comma-separated, that may send `Authorization` (DASHBOARD_URL's always may)",
  ),
  TRUSTED_PROXIES: list().describe(
    "load balancers in front, comma-separated addresses or CIDRs: the client is the right-most `X-Forwarded-For` hop not among them; none: the socket's peer",
  ),
  MAX_QUERY_COST: whole(100, 10_000_000, 20_000).describe(
    "operations estimated costlier by `@cost` and `@listSize` are refused before planning",
  ),
  RATE_LIMIT_PER_SECOND: whole(0, 100_000, 20).describe(
    "anonymous requests per second from one address (an IPv6 one by its /64), 429 beyond; 0: no limit",
  ),
  STORE_RATE_LIMIT_PER_SECOND: whole(0, 100_000, 20).describe(
    "requests per second with the tokens of one store, 429 beyond; 0: no limit",
  ),
  RESEND_WEBHOOK_SECRET: optional(z.string().min(16)).describe(
    "the signing secret of Resend's bounce and complaint webhook (`whsec_...`); unset: no webhook route",
  ),
});
