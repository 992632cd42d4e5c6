import type { z } from "zod";
import { dashboardEnv } from "../../dashboard/config.ts";
import { gatewayEnv } from "../../gateway/config.ts";
import { workerEnv } from "../../jobs/config.ts";
import { defineEnv, optional, port } from "../../lib/env.ts";
import { reviewEnv } from "../../subgraphs/review/config.ts";
import { shopEnv } from "../../subgraphs/shop/config.ts";

/**
 * What the development commands read (`npm start`, `weekly`, `report`, ...): every service's variables,
 * since they start or stand in for all of them, and the embedded server's and the demo storefront's.
 */
export const devEnv = defineEnv({
  ...gatewayEnv.shape,
  ...shopEnv.shape,
  ...reviewEnv.shape,
  ...workerEnv.shape,
  ...dashboardEnv.shape,
  EMBEDDED_POSTGRES_PORT: optional(port(5433)).describe(
    "`npm start`: the embedded PostgreSQL's port (loopback only); unset: a free one",
  ),
  STOREFRONT_PORT: port(3001).describe(
    "`npm start`: where the demo storefront is served (on DASHBOARD_HOST)",
  ),
});

export type DevEnv = z.infer<typeof devEnv>;
