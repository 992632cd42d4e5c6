import { readFileSync } from "node:fs";
import { ApolloServer, type BaseContext } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { type DocumentNode, parse } from "graphql";
import type { Registry } from "prom-client";
import { z } from "zod";
import { decodeViewer, sameSecret, type Viewer } from "../auth.ts";
import { type Clock, clockFrom, systemClock } from "../clock.ts";
import { type BaseEnv, databaseDeadlines, subgraphSecret, whole } from "../env.ts";
import { formatError, observeRequests } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createRegistry, serveMetrics } from "../metrics.ts";
import { resolveSecrets } from "../secrets.ts";
import { MAX_SUBGRAPH_BODY_BYTES, SECRET_HEADER, VIEWER_HEADER } from "../subgraph-contract.ts";
import { type RequestTrace, startRequestTrace } from "../tracing.ts";
import { headerOf, type RequestInfo, sendJson, serveApollo } from "../transport/http-server.ts";
import { connect, type Db } from "./database.ts";
import { chargeCostlyFields } from "./fetch-cost.ts";
import { cachedReadiness } from "./readiness.ts";

/** What differs between deployments of a subgraph. */
export interface SubgraphRuntime {
  databaseUrl: string;
  /** Only requests carrying it (header `x-subgraph-secret`, set by the gateway) are answered. */
  subgraphSecret: string;
  host: string;
  port: number;
  production: boolean;
  log: Logger;
  /** Called for every SQL statement the subgraph sends (tests count them). */
  onQuery?: (query: string) => void;
  /** What "now" is: weeks left out are the last completed one, clicks are stamped with it (tests set it). */
  clock?: Clock;
  /** Deadlines of the subgraph's statements and connections (defaults: 5 s and 5 s). */
  statementTimeoutMs?: number;
  connectTimeoutSeconds?: number;
  /** Where `/metrics` is served (its own port; default: nowhere). */
  metricsPort?: number | null;
  metricsHost?: string;
  /** The most one request may spend by `@cost` weights as its fields resolve (lib/runtime/fetch-cost.ts). */
  maxFetchCost?: number;
  /** GraphQL requests in flight at once; more get 503 at once. */
  maxInFlight?: number;
}

/**
 * Five times the gateway's default estimate limit: room for stores larger than the sizes the estimate
 * assumes (a store of 200 widgets' range in the dashboard costs 40,000), and still a bound.
 */
export const DEFAULT_MAX_FETCH_COST = 100_000;

/** What every subgraph process reads, besides its own database, port and metrics port. */
export const subgraphEnv = {
  SUBGRAPH_HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe("where the subgraph listens: loopback by default, as only the gateway should reach it"),
  MAX_REQUESTS_IN_FLIGHT: whole(1, 1_000_000, 1_024).describe(
    "GraphQL requests the process holds at once; more are answered 503 at once",
  ),
  MAX_FETCH_COST: whole(100, 100_000_000, DEFAULT_MAX_FETCH_COST).describe(
    "the most one request from the gateway may spend by `@cost` weights as its fields resolve, whatever the lists hold",
  ),
  ...subgraphSecret,
  ...databaseDeadlines,
};

type SubgraphEnv = BaseEnv & z.infer<z.ZodObject<typeof subgraphEnv>>;

/** A subgraph's runtime as its own service process reads it from the environment. */
export function subgraphRuntimeFrom(
  env: SubgraphEnv,
  log: Logger,
  { databaseUrl, port, metricsPort }: { databaseUrl: string; port: number; metricsPort: number | null },
): SubgraphRuntime {
  return {
    databaseUrl,
    subgraphSecret: resolveSecrets(env, ["subgraphSecret"]).subgraphSecret,
    host: env.SUBGRAPH_HOST,
    port,
    production: env.NODE_ENV === "production",
    log,
    clock: clockFrom(env),
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutSeconds: env.DB_CONNECT_TIMEOUT_SECONDS,
    metricsPort,
    metricsHost: env.METRICS_HOST,
    maxFetchCost: env.MAX_FETCH_COST,
    maxInFlight: env.MAX_REQUESTS_IN_FLIGHT,
  };
}

/** What one process of a subgraph holds: how to make a request's context, and what to finish on stop. */
export interface SubgraphProcess<TContext> {
  context(request: RequestInfo, viewer: Viewer, trace: RequestTrace): TContext;
  /** Runs after the server stopped taking requests, before the database is closed. */
  stop?(): Promise<void>;
  /** Why the process should get no traffic now (it is shedding load), or undefined when it may. */
  notReady?(): string | undefined;
}

/** A schema module as `buildSubgraphSchema` takes it (its resolver map accepts any context type). */
type SchemaModule = Exclude<
  Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number],
  DocumentNode
>;

export interface SubgraphDefinition<
  TSchema extends Record<string, unknown>,
  TContext extends BaseContext & { trace: RequestTrace },
> {
  name: string;
  schemaFile: URL;
  /** The subgraph's resolvers, typed by its generated `Resolvers` (npm run codegen). */
  resolvers: NonNullable<SchemaModule["resolvers"]>;
  tables: TSchema;
  /**
   * Makes the process: `registry` takes the subgraph's own metrics (none when it serves no metrics);
   * `subgraphSecret` is the gateway's, which also signs and checks review's click receipts.
   */
  start: (
    db: Db<TSchema>,
    log: Logger,
    clock: Clock,
    registry: Registry | undefined,
    subgraphSecret: string,
  ) => Promise<SubgraphProcess<TContext>>;
}

export interface RunningSubgraph {
  url: string;
  /** Where its metrics are served, when they are. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** Connects a subgraph to its database and serves it; `close()` stops serving, then disconnects. */
export async function startSubgraph<
  TSchema extends Record<string, unknown>,
  TContext extends BaseContext & { trace: RequestTrace },
>(definition: SubgraphDefinition<TSchema, TContext>, runtime: SubgraphRuntime): Promise<RunningSubgraph> {
  const database = connect(runtime.databaseUrl, definition.tables, {
    onQuery: runtime.onQuery,
    statementTimeoutMs: runtime.statementTimeoutMs ?? 5_000,
    connectTimeoutSeconds: runtime.connectTimeoutSeconds ?? 5,
  });
  const registry = createRegistry(definition.name, runtime.metricsPort ?? null);
  const process = await definition.start(
    database.db,
    runtime.log,
    runtime.clock ?? systemClock,
    registry,
    runtime.subgraphSecret,
  );
  const apollo = new ApolloServer<TContext>({
    schema: chargeCostlyFields(
      buildSubgraphSchema([
        { typeDefs: parse(readFileSync(definition.schemaFile, "utf8")), resolvers: definition.resolvers },
      ]),
      runtime.maxFetchCost ?? DEFAULT_MAX_FETCH_COST,
    ),
    formatError,
    introspection: !runtime.production,
    includeStacktraceInErrorResponses: false,
    // Our service runner owns shutdown; Apollo's own signal handler would re-raise the signal mid-close.
    stopOnTerminationSignals: false,
    // Inline traces are for Apollo's cloud reporting, which this system does not use. Cache hints are not
    // used either (every answer is per store and per token), and the default cache-control plugin would
    // wrap every field resolver of every request to compute them.
    plugins: [
      observeRequests(runtime.log),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  const databaseReady = cachedReadiness(() =>
    Promise.race([
      database.sql`select 1`.then(() => undefined),
      new Promise<string>((done) => setTimeout(() => done("database did not answer in 2 s"), 2_000).unref()),
    ]).catch(() => "database unavailable"),
  );
  const listening = await serveApollo(apollo, {
    host: runtime.host,
    port: runtime.port,
    log: runtime.log,
    context: async (request) =>
      process.context(
        request,
        decodeViewer(headerOf(request, VIEWER_HEADER)),
        startRequestTrace(`${definition.name} request`, request.headers),
      ),
    acceptBatches: true,
    maxBodyBytes: MAX_SUBGRAPH_BODY_BYTES,
    maxInFlight: runtime.maxInFlight,
    // What the gateway's /readyz asks: the database answers in time (asked at most once a second) and
    // nothing is being shed.
    routes: {
      "GET /readyz": async (_req, res) => {
        const reason = process.notReady?.() ?? (await databaseReady());
        sendJson(res, reason ? 503 : 200, reason ? { status: "not ready", reason } : { status: "ready" });
      },
    },
    // Nothing but the gateway may ask: without the shared secret a request is refused before it is read.
    intercept: (req, res) => {
      if (sameSecret(headerOf(req, SECRET_HEADER), runtime.subgraphSecret)) return false;
      sendJson(res, 401, {
        errors: [
          { message: "This service answers only the gateway", extensions: { code: "UNAUTHENTICATED" } },
        ],
      });
      return true;
    },
  });
  const metricsEndpoint = await serveMetrics(registry, {
    host: runtime.metricsHost ?? "127.0.0.1",
    port: runtime.metricsPort ?? null,
    log: runtime.log,
  });
  runtime.log.info(`${definition.name} subgraph ready`, { url: listening.url });
  return {
    url: listening.url,
    metricsUrl: metricsEndpoint?.url,
    async close() {
      await listening.close();
      await metricsEndpoint?.close();
      await apollo.stop();
      await process.stop?.();
      await database.close();
    },
  };
}
