import { freePort } from "../../lib/embedded-postgres.ts";
import { type ServiceProcess, spawnService, waitForGraphQL } from "../../lib/services.ts";
import type { BenchContext } from "../bench.ts";

/** Both subgraphs and the gateway as their own processes on free ports, as in production. */
export async function startGraph(ctx: BenchContext, databases: { shop: string; review: string }) {
  const ports = { shop: await freePort(), review: await freePort(), gateway: await freePort() };
  const env = {
    ...ctx.secretsEnv,
    LOG_LEVEL: "warn",
    SHOP_DATABASE_URL: databases.shop,
    REVIEW_DATABASE_URL: databases.review,
    SHOP_PORT: String(ports.shop),
    REVIEW_PORT: String(ports.review),
    GATEWAY_PORT: String(ports.gateway),
  };
  const services: ServiceProcess[] = [];
  const stop = async () => {
    for (const service of services.reverse()) await service.kill("SIGTERM");
  };
  try {
    for (const name of ["shop", "review", "gateway"] as const) {
      const service = spawnService(name, env);
      services.push(service);
      await waitForGraphQL(`http://127.0.0.1:${ports[name]}/graphql`, service, {
        headers: { "x-subgraph-secret": ctx.secretsEnv.SUBGRAPH_SECRET },
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`, stop };
}
