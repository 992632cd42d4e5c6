import { dashboardAddress, defineEnv, gatewayAddress, metricsPort } from "../lib/env.ts";

/** The dashboard server's variables: where it listens, and the gateway its pages call. */
export const dashboardEnv = defineEnv({
  ...dashboardAddress,
  ...gatewayAddress,
  DASHBOARD_METRICS_PORT: metricsPort(9404).describe("the dashboard server's `/metrics` port; `off`: none"),
});
