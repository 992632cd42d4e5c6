import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../../gateway/server.ts";
import { issueToken, SERVICE_SCOPES, type Viewer } from "../../lib/auth.ts";
import type { Clock } from "../../lib/clock.ts";
import { createLogger, type Logger } from "../../lib/logger.ts";
import { generateSecrets, secretsEnv } from "../../lib/secrets.ts";
import type { DatabaseUrls } from "../../scripts/dev/provision.ts";
import type { ClickSettings } from "../../subgraphs/review/ingest.ts";
import { startReview } from "../../subgraphs/review/server.ts";
import { startShop } from "../../subgraphs/shop/server.ts";

/** What a storefront's browser sends; node's own `user-agent: node` is rightly taken for a bot. */
export const BROWSER_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let visitors = 0;

/**
 * Headers of a storefront visitor: no token, and a browser of its own (the visitor is a hash of address and
 * user agent, so a new agent is a new visitor). Tagged with a number, not a UUID: hex can spell "feed",
 * which isbot rightly takes for a feed reader.
 */
export function newVisitor(): { "user-agent": string; authorization: string } {
  visitors += 1;
  return { "user-agent": `${BROWSER_UA} visitor/${process.pid}.${visitors}`, authorization: "" };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Both subgraphs and the gateway, in this process, on free loopback ports. `clock` is the subgraphs' "now"
 * (the week a query leaves out, a click's time): a test that depends on it passes a fixed or movable one.
 */
export async function startStack(
  urls: DatabaseUrls,
  {
    clickSettings,
    production = false,
    clock,
    dashboardOrigins = ["https://dashboard.example"],
    log = createLogger("test", "silent"),
    metrics = false,
    connectionSecret,
  }: {
    clickSettings?: ClickSettings;
    production?: boolean;
    clock?: Clock;
    dashboardOrigins?: string[];
    /** Where the services log (default: nowhere). */
    log?: Logger;
    /** Serve each service's /metrics on a free port (see `metricsUrls`). */
    metrics?: boolean;
    /** Shop's connection key ring (default: a fresh one). */
    connectionSecret?: string;
  } = {},
) {
  const secrets = { ...generateSecrets(), ...(connectionSecret ? { connectionSecret } : {}) };
  const statements = { shop: 0, review: 0 };
  // Statements of what a test asks, not of what runs beside it: postgres.js reads PostgreSQL's type list
  // on each new connection (how many a pool opens depends on the load), and the gateway sweeps platform
  // deliveries at start and every 30 s.
  const count = (service: keyof typeof statements, query: string) => {
    if (!query.includes("pg_catalog.pg_type") && !query.includes('from "platform_deliveries"'))
      statements[service]++;
  };
  const common = {
    host: "127.0.0.1",
    port: 0,
    production,
    log,
    subgraphSecret: secrets.subgraphSecret,
    clock,
    metricsPort: metrics ? 0 : null,
  };
  const shop = await startShop(
    { ...common, databaseUrl: urls.shop, onQuery: (query) => count("shop", query) },
    { connectionSecret: secrets.connectionSecret },
  );
  const review = await startReview(
    { ...common, databaseUrl: urls.review, onQuery: (query) => count("review", query) },
    clickSettings,
  );
  const gateway = await startGateway({
    ...common,
    secrets,
    subgraphUrls: { shop: shop.url, review: review.url },
    dashboardOrigins,
  });
  const token = (viewer: Exclude<Viewer, { kind: "anonymous" }>, ttlSeconds = 3_600) =>
    issueToken(secrets.authSecret, viewer, ttlSeconds);
  const serviceToken = await token({ kind: "service" });

  /**
   * Sends an operation through the gateway, as the service (all stores) unless `headers` says otherwise;
   * `authorization: ""` sends no token at all.
   */
  async function query<T = Record<string, unknown>>(
    document: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResult<T> & { status: number }> {
    const all: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": BROWSER_UA,
      authorization: `Bearer ${serviceToken}`,
      ...headers,
    };
    if (!all.authorization) delete all.authorization;
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: all,
      body: JSON.stringify({ query: document, variables }),
    });
    return { ...((await response.json()) as GraphQLResult<T>), status: response.status };
  }

  /** What the weekly job needs to read this stack's graph and link to it. */
  const workerSettings = (gatewayUrl = gateway.url) => ({
    gatewayUrl,
    linkSecret: secrets.linkSecret,
    // A worker gives each job only its own; the tests run every job with one settings.
    scopes: SERVICE_SCOPES,
    publicUrl: new URL(gateway.url).origin,
    dashboardUrl: "https://dashboard.example",
    from: "List Designer <reports@listdesigner.example>",
  });

  return {
    gatewayUrl: gateway.url,
    workerSettings,
    /**
     * The environment of a worker process on this stack, sending to `resendUrl` on a 2 s claim lease, its
     * clock started at `clockStart`.
     */
    workerEnv: async (jobsUrl: string, resendUrl: string, clockStart: Date) => ({
      JOBS_DATABASE_URL: jobsUrl,
      GATEWAY_URL: gateway.url,
      ...secretsEnv(secrets),
      RESEND_API_KEY: "re_test_key",
      RESEND_BASE_URL: resendUrl,
      RESEND_RPS: "50",
      MAIL_CLAIM_LEASE_SECONDS: "2",
      DATA_DIR: await mkdtemp(join(tmpdir(), "ldi-worker-")),
      LOG_LEVEL: "error",
      TEST_CLOCK_START: clockStart.toISOString(),
    }),
    shopUrl: shop.url,
    reviewUrl: review.url,
    metricsUrls: { gateway: gateway.metricsUrl, shop: shop.metricsUrl, review: review.metricsUrl },
    query,
    token,
    secrets,
    /** Another gateway over this stack's subgraphs, with some of its options changed. */
    extraGateway: (options: Partial<Parameters<typeof startGateway>[0]>) =>
      startGateway({
        ...common,
        secrets,
        subgraphUrls: { shop: shop.url, review: review.url },
        dashboardOrigins,
        ...options,
      }),
    /** Another gateway over this stack with the review subgraph unreachable, as if it were down. */
    gatewayWithoutReview: () =>
      startGateway({
        ...common,
        secrets,
        subgraphUrls: { shop: shop.url, review: "http://127.0.0.1:9/graphql" },
        dashboardOrigins,
      }),
    /** Resolves once every platform webhook delivery the gateway acknowledged is applied (or left to a sweep). */
    platformsSettled: () => gateway.platformDeliveriesSettled(),
    /** SQL statements each subgraph has sent so far. */
    statements: () => ({ ...statements }),
    async close() {
      await gateway.close();
      await Promise.all([shop.close(), review.close()]);
    },
  };
}
