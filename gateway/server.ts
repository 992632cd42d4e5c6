import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import {
  ApolloGateway,
  type GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { formatError } from "../lib/errors.ts";
import { sendJson, serveApollo } from "../lib/http.ts";
import type { Logger } from "../lib/logger.ts";
import { isMain, runService } from "../lib/service.ts";
import { createSubgraphFetcher } from "./fetcher.ts";

export interface GatewayOptions {
  host: string;
  port: number;
  /** Where each subgraph named in the supergraph listens; overrides the routing URLs composed into it. */
  subgraphUrls: Record<string, string>;
  production: boolean;
  /** Take the client address from the first X-Forwarded-For hop (only behind a trusted load balancer). */
  trustProxy?: boolean;
  log: Logger;
}

/** What the gateway knows of the caller and passes on to subgraphs. */
export interface GatewayContext {
  clientAddress: string;
  userAgent?: string;
}

function gatewayContext(req: IncomingMessage, trustProxy: boolean): GatewayContext {
  const forwarded = trustProxy
    ? String(req.headers["x-forwarded-for"] ?? "")
        .split(",")[0]
        ?.trim()
    : undefined;
  return { clientAddress: forwarded || req.socket.remoteAddress || "", userAgent: req.headers["user-agent"] };
}

/** Passes the storefront's address and user agent to subgraphs: review needs them to tell bots and repeats. */
class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context.clientAddress) return;
    request.http?.headers.set("x-client-address", context.clientAddress);
    if (context.userAgent) request.http?.headers.set("x-client-user-agent", context.userAgent);
  }
}

const supergraphFile = new URL("../supergraph.graphql", import.meta.url);

export async function startGateway(options: GatewayOptions) {
  const fetcher = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    // The committed, composed supergraph: the gateway never composes or polls at run time.
    supergraphSdl: readFileSync(supergraphFile, "utf8"),
    logger: options.log,
    buildService: ({ name, url }) => new SubgraphSource({ url: options.subgraphUrls[name] ?? url, fetcher }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatError(options.log),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Our service runner owns shutdown; Apollo's own signal handler would re-raise the signal mid-close.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const listening = await serveApollo(apollo, {
    host: options.host,
    port: options.port,
    context: async (req) => gatewayContext(req, options.trustProxy ?? false),
    routes: { "GET /healthz": (_req, res) => sendJson(res, 200, { status: "ok" }) },
  });
  options.log.info("gateway ready", { url: listening.url });
  return {
    url: listening.url,
    async close() {
      await listening.close();
      await apollo.stop();
    },
  };
}

if (isMain(import.meta.url)) {
  await runService("gateway", (env, log) =>
    startGateway({
      host: env.GATEWAY_HOST,
      port: env.GATEWAY_PORT,
      subgraphUrls: {
        shop: `http://${env.SUBGRAPH_HOST}:${env.SHOP_PORT}/graphql`,
        review: `http://${env.SUBGRAPH_HOST}:${env.REVIEW_PORT}/graphql`,
      },
      production: env.NODE_ENV === "production",
      trustProxy: env.TRUST_PROXY,
      log,
    }),
  );
}
