import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime } from "@graphql-hive/gateway";
import { gatewayEnv } from "../../gateway/config.ts";
import { GATEWAY_SECRETS } from "../../gateway/server.ts";
import { encodeViewer, viewerFromAuthorization } from "../../lib/auth.ts";
import { isMain, runService } from "../../lib/runtime/service-runner.ts";
import { resolveSecrets } from "../../lib/secrets.ts";
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_USER_AGENT_HEADER,
  SECRET_HEADER,
  VIEWER_HEADER,
} from "../../lib/subgraph-contract.ts";
import { composeSupergraph } from "../composition.ts";

/**
 * Hive Gateway (a stock federation gateway, dev dependency) in front of this project's subgraphs: what
 * tests and benchmarks use to show the subgraphs need nothing of this project's own gateway. Its only
 * configuration is the header rules of lib/subgraph-contract.ts, which any front must apply (docs/architecture.md,
 * "Another gateway in front"): verify the caller's token and send the viewer it names, the shared secret,
 * and the storefront's address and user agent; pass on nothing else of the caller's.
 */
export async function startHiveGateway({
  supergraphSdl,
  authSecret,
  linkSecret,
  subgraphSecret,
  port = 0,
}: {
  /** Composed with the URLs the subgraphs listen on: Hive Gateway routes by them. */
  supergraphSdl: string;
  authSecret: string;
  linkSecret: string;
  subgraphSecret: string;
  port?: number;
}) {
  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: async ({ request }) => ({
        [SECRET_HEADER]: subgraphSecret,
        // A bad or expired token fails the call here, before any subgraph is asked.
        [VIEWER_HEADER]: encodeViewer(
          await viewerFromAuthorization(
            { authSecret, linkSecret },
            request.headers.get("authorization") ?? undefined,
          ),
        ),
        // Loopback only: a deployment would take the load balancer's client address here.
        [CLIENT_ADDRESS_HEADER]: "127.0.0.1",
        [CLIENT_USER_AGENT_HEADER]: request.headers.get("user-agent") ?? undefined,
        traceparent: request.headers.get("traceparent") ?? undefined,
      }),
    },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}

// As its own process, for benchmarks beside this project's gateway (`peerGateway` in processes.ts): the
// subgraphs at SUBGRAPH_HOST, SHOP_PORT and REVIEW_PORT, listening on HIVE_PORT.
if (isMain(import.meta.url)) {
  await runService("hive-gateway", gatewayEnv, async (env) => {
    const secrets = resolveSecrets(env, GATEWAY_SECRETS);
    const schema = (subgraph: string) =>
      readFileSync(new URL(`../../subgraphs/${subgraph}/schema.graphql`, import.meta.url), "utf8");
    return startHiveGateway({
      supergraphSdl: composeSupergraph([
        {
          name: "shop",
          url: `http://${env.SUBGRAPH_HOST}:${env.SHOP_PORT}/graphql`,
          typeDefs: schema("shop"),
        },
        {
          name: "review",
          url: `http://${env.SUBGRAPH_HOST}:${env.REVIEW_PORT}/graphql`,
          typeDefs: schema("review"),
        },
      ]),
      authSecret: secrets.authSecret,
      linkSecret: secrets.linkSecret,
      subgraphSecret: secrets.subgraphSecret,
      port: Number(process.env.HIVE_PORT ?? 4010),
    });
  });
}
