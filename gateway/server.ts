import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BlockList } from "node:net";
import { fileURLToPath } from "node:url";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { Fetcher } from "@apollo/utils.fetcher";
import { GraphQLError } from "graphql";
import { addressKey } from "../lib/address-key.ts";
import { AuthError, bearerToken, type Viewer, viewerFromAuthorization } from "../lib/auth.ts";
import type { Clock } from "../lib/clock.ts";
import { dashboardUrl } from "../lib/env.ts";
import { formatError, observeRequests } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";
import { createRegistry, serveMetrics } from "../lib/metrics.ts";
import { cachedReadiness } from "../lib/runtime/readiness.ts";
import { isMain, runService } from "../lib/runtime/service-runner.ts";
import { resolveSecrets, type Secrets } from "../lib/secrets.ts";
import { isStoreKey } from "../lib/store-keys.ts";
import { SECRET_HEADER, type SubgraphTransport } from "../lib/subgraph-contract.ts";
import { subgraphTransports } from "../lib/supergraph.ts";
import { startRequestTrace } from "../lib/tracing.ts";
import { batchingFetcher } from "../lib/transport/batch-client.ts";
import { createHttpFetcher } from "../lib/transport/http-fetcher.ts";
import { headerOf, type RequestInfo, sendJson, serveApollo } from "../lib/transport/http-server.ts";
import type { HoldoutConfig } from "../tracker/holdouts.ts";
import { clientAddress, trustedProxies } from "./client-address.ts";
import { gatewayEnv } from "./config.ts";
import { type CostLimits, costLimitPlugin, defaultCostLimits } from "./cost.ts";
import { emailLinkRoutes } from "./email-links.ts";
import { defaultLimits, type QueryLimits, queryLimitsRule, singleMutationsRule } from "./limits.ts";
import { gatewayMetrics } from "./metrics.ts";
import { runOwnOperation } from "./own-operation.ts";
import { platformWebhooks } from "./platform-webhooks.ts";
import { RateLimiter } from "./rate-limit.ts";
import { resendWebhookRoutes } from "./resend-webhook.ts";
import { storeKeyAuthenticator } from "./store-key-auth.ts";
import { type GatewayContext, SubgraphSource } from "./subgraph-source.ts";
import { trackerRoutes } from "./tracker-route.ts";

export interface GatewayOptions {
  host: string;
  port: number;
  /** Where each subgraph named in the supergraph listens; overrides the routing URLs composed into it. */
  subgraphUrls: Record<string, string>;
  /** The supergraph served (default: the committed supergraph.graphql). */
  supergraphSdl?: string;
  /** How to reach each subgraph (default: supergraph.yaml's `transport`s; a subgraph not named: http1). */
  subgraphTransports?: Record<string, SubgraphTransport>;
  secrets: GatewaySecrets;
  production: boolean;
  /** Load balancers in front (CIDRs): the client is the right-most X-Forwarded-For hop not among them. */
  trustedProxies?: string[];
  /** Anonymous requests (storefronts) allowed per second from one address (an IPv6 /64); 0 or unset: no limit. */
  rateLimitPerSecond?: number;
  /** Requests allowed per second with the tokens of one store (dashboards); 0 or unset: no limit. */
  storeRateLimitPerSecond?: number;
  /** Browser origins allowed to send `Authorization` (dashboards); any origin may call without it. */
  dashboardOrigins?: string[];
  limits?: QueryLimits;
  /** Operations estimated to cost more are refused before planning (MAX_QUERY_COST). */
  costLimits?: CostLimits;
  /** Where `/metrics` is served (GATEWAY_METRICS_PORT; default: nowhere). */
  metricsPort?: number | null;
  metricsHost?: string;
  /** Deadline of one call to a subgraph (SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs?: number;
  /** Verifies Resend's webhook deliveries (RESEND_WEBHOOK_SECRET); unset, `/webhooks/resend` is absent. */
  resendWebhookSecret?: string;
  /** What the store-key cache's 30 s are counted on (default: the monotonic clock); tests move it. */
  clock?: Clock;
  /** Requests in flight at once; more get 503 at once (MAX_REQUESTS_IN_FLIGHT). */
  maxInFlight?: number;
  /** How often to look for platform deliveries acknowledged and never applied (default: 30 s). */
  platformSweepEveryMs?: number;
  log: Logger;
}

/** The secrets a gateway holds: never the connection ring, which only shop opens. */
export const GATEWAY_SECRETS = ["authSecret", "linkSecret", "subgraphSecret"] as const;
export type GatewaySecrets = Pick<Secrets, (typeof GATEWAY_SECRETS)[number]>;

const supergraphFile = new URL("../supergraph.graphql", import.meta.url);
const supergraphConfig = fileURLToPath(new URL("../supergraph.yaml", import.meta.url));

export async function startGateway(options: GatewayOptions) {
  const { secrets } = options;
  const registry = createRegistry("gateway", options.metricsPort ?? null);
  const metrics = registry && gatewayMetrics(registry);
  const supergraphSdl = options.supergraphSdl ?? readFileSync(supergraphFile, "utf8");
  const transports = options.subgraphTransports ?? subgraphTransports(supergraphConfig);
  const proxies = trustedProxies(options.trustedProxies ?? []);
  const limiter = options.rateLimitPerSecond ? new RateLimiter(options.rateLimitPerSecond) : undefined;
  // Refused credentials (a made-up key, a forged or expired token) spend a budget of their address's, as
  // anonymous requests do; once it is spent, every credential from there is refused before any lookup. A
  // store key that would cost shop a lookup spends a unit before it (given back if the key is good), so no
  // number of made-up keys at once looks up more than the budget.
  const refusedCredentials = options.rateLimitPerSecond
    ? new RateLimiter(options.rateLimitPerSecond)
    : undefined;
  /** The requests whose store key spent a unit of its address's budget before its lookup. */
  const lookupsReserved = new WeakSet<object>();
  const storeLimiter = options.storeRateLimitPerSecond
    ? new RateLimiter(options.storeRateLimitPerSecond)
    : undefined;

  const http1 = createHttpFetcher({ timeoutMs: options.subgraphTimeoutMs });
  const fetchers: Record<SubgraphTransport, Fetcher> = {
    http1,
    batch: batchingFetcher(http1, { sharedHeaders: [SECRET_HEADER] }),
  };
  // @apollo/gateway sends usage metrics to Apollo every hour unless this says not to, and labels them by
  // probing the cloud providers' metadata addresses as it is constructed: this gateway calls no one but
  // its subgraphs (test/gateway-network.test.ts).
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
  const gateway = new ApolloGateway({
    // The committed, composed supergraph: the gateway never composes or polls at run time.
    supergraphSdl,
    logger: options.log,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      return new SubgraphSource(
        name,
        target,
        fetchers[transports[name] ?? "http1"],
        secrets.subgraphSecret,
        metrics,
      );
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    validationRules: [queryLimitsRule(options.limits ?? defaultLimits), singleMutationsRule],
    // Batched HTTP operations stay off (the default) and CSRF prevention on (the default).
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Our service runner owns shutdown; Apollo's own signal handler would re-raise the signal mid-close.
    stopOnTerminationSignals: false,
    // No cache hints: every answer is per store and per token (see lib/runtime/subgraph-server.ts).
    plugins: [
      observeRequests(options.log),
      ...(metrics ? [metrics.plugin] : []),
      statusFromErrors,
      costLimitPlugin(supergraphSdl, options.costLimits ?? defaultCostLimits),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  const { clock } = options;
  const storeKeys = storeKeyAuthenticator(
    apollo,
    options.log,
    RETRY_AFTER_SECONDS,
    clock ? () => clock().getTime() : undefined,
  );

  /** A subgraph's own readiness (its database answers, it sheds nothing), asked with a short deadline. */
  const subgraphReady = async (url: string): Promise<string> => {
    try {
      const response = await fetch(new URL("/readyz", url), { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return "ok";
      const body = (await response.json().catch(() => ({}))) as { reason?: string };
      return body.reason ? `not ready: ${body.reason}` : "unavailable";
    } catch {
      return "unavailable";
    }
  };

  // Each subgraph's readiness, asked at most once a second however often the gateway's /readyz is hit.
  const readiness = cachedReadiness(() =>
    Promise.all(
      Object.entries(options.subgraphUrls).map(async ([name, url]) => [name, await subgraphReady(url)]),
    ).then((entries) => Object.fromEntries(entries) as Record<string, string>),
  );

  const platforms = platformWebhooks(apollo, {
    refusals: refusedCredentials,
    addressOf: (req) =>
      addressKey(clientAddress(req.socket.remoteAddress, headerOf(req, "x-forwarded-for"), proxies)),
    sweepEveryMs: options.platformSweepEveryMs,
    log: options.log,
  });

  const listening = await serveApollo(apollo, {
    host: options.host,
    port: options.port,
    log: options.log,
    maxInFlight: options.maxInFlight,
    onShed: () => metrics?.shed(),
    context: async (request) => {
      const client = clientOf(request, proxies);
      const address = addressKey(client.clientAddress);
      const reserved = lookupsReserved.has(request.headers);
      let viewer: Viewer;
      try {
        viewer = await viewerOf(request, secrets, storeKeys.viewerOf);
      } catch (error) {
        if (!reserved && error instanceof GraphQLError && error.extensions.code === "UNAUTHENTICATED")
          refusedCredentials?.allow(address);
        throw error;
      }
      if (reserved) refusedCredentials?.release(address);
      // Each kind of a store's credentials has a budget of its own, so a dashboard (or a stolen token)
      // cannot run reports without end, and no reader with a forwarded link can starve the checkout's
      // key; the weekly job's service token is not limited.
      if (
        viewer.kind === "store" &&
        storeLimiter &&
        !storeLimiter.allow(`${viewer.storeId}/${credentialKind(viewer)}`)
      ) {
        metrics?.rateLimited();
        throw tooManyRequests("Too many requests with this store's credentials of this kind");
      }
      return { viewer, ...client };
    },
    intercept: (req, res) => {
      if (cors(req, res, options.dashboardOrigins ?? [])) return true;
      // Limited here by address, before anything is read or looked up, on every method (a GET query too):
      // anonymous callers; any credential once the address's refused ones are spent; and a store key that
      // shop must look up spends a unit first. Good credentials are then limited by their store.
      if (!limiter) return false;
      const address = addressKey(
        clientAddress(req.socket.remoteAddress, headerOf(req, "x-forwarded-for"), proxies),
      );
      if (!req.headers.authorization) {
        if (limiter.allow(address)) return false;
      } else if (!refusedCredentials?.exhausted(address)) {
        const bearer = bearerToken(req.headers.authorization);
        if (!bearer || !isStoreKey(bearer) || storeKeys.isKnownGood(bearer)) return false;
        if (refusedCredentials?.allow(address)) {
          lookupsReserved.add(req.headers);
          return false;
        }
      }
      metrics?.rateLimited();
      res.setHeader("retry-after", "1");
      sendJson(res, 429, { errors: [tooManyRequests("Too many requests from this address").toJSON()] });
      return true;
    },
    routes: {
      ...emailLinkRoutes(apollo, secrets.linkSecret),
      ...resendWebhookRoutes(apollo, options.resendWebhookSecret, options.log),
      ...platforms.routes,
      ...(await trackerRoutes(async (storeId) => {
        const { data, error } = await runOwnOperation<{ runningHoldouts: HoldoutConfig["runs"] }>(
          apollo,
          "running holdouts",
          RUNNING_HOLDOUTS,
          { storeId },
        );
        if (error || !data) throw new Error(error?.message ?? "no answer");
        return data.runningHoldouts;
      }, options.log)),
      "GET /healthz": (_req, res) => sendJson(res, 200, { status: "ok" }),
      "GET /readyz": async (_req, res) => {
        const checks = await readiness();
        const ready = Object.values(checks).every((status) => status === "ok");
        sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", subgraphs: checks });
      },
    },
  });
  const metricsEndpoint = await serveMetrics(registry, {
    host: options.metricsHost ?? "127.0.0.1",
    port: options.metricsPort ?? null,
    log: options.log,
  });
  options.log.info("gateway ready", { url: listening.url });
  return {
    url: listening.url,
    metricsUrl: metricsEndpoint?.url,
    /** Resolves once every platform delivery this gateway took is applied or left to a sweep. */
    platformDeliveriesSettled: platforms.settled,
    async close() {
      platforms.stop();
      await listening.close();
      await platforms.settled();
      await metricsEndpoint?.close();
      await apollo.stop();
    },
  };
}

async function viewerOf(
  request: RequestInfo,
  secrets: { authSecret: string; linkSecret: string },
  storeKeyViewer: (key: string) => Promise<Viewer>,
): Promise<Viewer> {
  const authorization = headerOf(request, "authorization");
  const bearer = bearerToken(authorization);
  try {
    if (bearer && isStoreKey(bearer)) return await storeKeyViewer(bearer);
    return await viewerFromAuthorization(secrets, authorization);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // A bad token fails the whole request, before anything runs.
    throw new GraphQLError(error.message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
  }
}

/** The kinds of a store's credentials that each have a budget: its API keys, its owner's token, emailed links. */
function credentialKind(viewer: Extract<Viewer, { kind: "store" }>): "key" | "token" | "link" {
  if (viewer.scopes) return "key";
  return viewer.link || viewer.readOnly ? "link" : "token";
}

function tooManyRequests(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: "TOO_MANY_REQUESTS",
      // Apollo Server reads these headers as a Map; graphql-yoga (Hive Gateway's, a dev dependency) augments
      // the extension's type as a record.
      http: { status: 429, headers: new Map([["retry-after", "1"]]) as unknown as Record<string, string> },
    },
  });
}

function clientOf(request: RequestInfo, proxies: BlockList) {
  return {
    clientAddress: clientAddress(request.remoteAddress, headerOf(request, "x-forwarded-for"), proxies),
    userAgent: headerOf(request, "user-agent"),
    // W3C trace context is the only caller header that travels on (as the parent of the gateway's span).
    trace: startRequestTrace("graphql request", request.headers),
  };
}

/**
 * CORS: any storefront origin may call the gateway without credentials (that is `recordClick`); only
 * configured dashboard origins may send `Authorization` from a browser. Answers preflights itself.
 */
function cors(req: IncomingMessage, res: ServerResponse, dashboardOrigins: string[]): boolean {
  const origin = headerOf(req, "origin");
  if (origin) {
    const dashboard = dashboardOrigins.includes(origin);
    res.setHeader("access-control-allow-origin", dashboard ? origin : "*");
    res.setHeader("vary", "Origin");
    res.setHeader("access-control-allow-methods", "POST, GET, OPTIONS");
    res.setHeader(
      "access-control-allow-headers",
      dashboard
        ? "content-type, authorization, apollo-require-preflight, traceparent, tracestate"
        : "content-type, apollo-require-preflight",
    );
    res.setHeader("access-control-max-age", "600");
  }
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204).end();
  return true;
}

const RUNNING_HOLDOUTS = /* GraphQL */ `
  query RunningHoldouts($storeId: ID!) { runningHoldouts(storeId: $storeId) { runId widgetId share } }
`;

/** Seconds a client is asked to wait before trying a shed request again. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * HTTP statuses that say what the errors say: 401 without a valid token; 503 with `Retry-After` when a
 * service could not take the request now and nothing came of it (nothing was recorded: the tracker
 * retries it). A partial answer (a dashboard with one subgraph down) stays 200 with its errors.
 */
const statusFromErrors: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const codes = new Set(
          (response.body.singleResult.errors ?? []).map((error) => error.extensions?.code),
        );
        if (codes.has("UNAUTHENTICATED")) response.http.status = 401;
        else if (
          codes.has("SERVICE_UNAVAILABLE") &&
          Object.values(response.body.singleResult.data ?? {}).every((value) => value === null)
        ) {
          response.http.status = 503;
          response.http.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
        }
      },
    };
  },
};

if (isMain(import.meta.url)) {
  await runService("gateway", gatewayEnv, (env, log) =>
    startGateway({
      host: env.GATEWAY_HOST,
      port: env.GATEWAY_PORT,
      subgraphUrls: {
        shop: `http://${env.SUBGRAPH_HOST}:${env.SHOP_PORT}/graphql`,
        review: `http://${env.SUBGRAPH_HOST}:${env.REVIEW_PORT}/graphql`,
      },
      secrets: resolveSecrets(env, GATEWAY_SECRETS),
      production: env.NODE_ENV === "production",
      trustedProxies: env.TRUSTED_PROXIES,
      rateLimitPerSecond: env.RATE_LIMIT_PER_SECOND,
      storeRateLimitPerSecond: env.STORE_RATE_LIMIT_PER_SECOND,
      subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
      maxInFlight: env.MAX_REQUESTS_IN_FLIGHT,
      metricsPort: env.GATEWAY_METRICS_PORT,
      metricsHost: env.METRICS_HOST,
      subgraphTransports: env.SUBGRAPH_TRANSPORT
        ? { shop: env.SUBGRAPH_TRANSPORT, review: env.SUBGRAPH_TRANSPORT }
        : undefined,
      costLimits: { ...defaultCostLimits, maxCost: env.MAX_QUERY_COST },
      resendWebhookSecret: env.RESEND_WEBHOOK_SECRET,
      // The dashboard this deployment links its emails to may always call with a token.
      dashboardOrigins: [
        ...env.DASHBOARD_ORIGINS,
        ...(env.DASHBOARD_URL || env.NODE_ENV !== "production" ? [new URL(dashboardUrl(env)).origin] : []),
      ],
      log,
    }),
  );
}
