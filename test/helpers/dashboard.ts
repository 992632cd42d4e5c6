import { buildDashboard, dashboardIsStale, startDashboard } from "../../dashboard/server.ts";
import type { Logger } from "../../lib/logger.ts";

/**
 * The dashboard's server (its app built first when stale) on a free port, for the gateway at
 * `graphqlUrl`; its origin joins `origins`, the list that gateway reads on every request, once it listens.
 */
export async function serveDashboard(graphqlUrl: string, origins: string[], log: Logger) {
  if (await dashboardIsStale()) await buildDashboard(log);
  const dashboard = await startDashboard({ host: "127.0.0.1", port: 0, graphqlUrl, log });
  origins.push(dashboard.url);
  return dashboard;
}
