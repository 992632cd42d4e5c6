import { z } from "zod";
import { keyRing } from "./auth.ts";
import { SUBGRAPH_TRANSPORTS } from "./subgraph-contract.ts";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
/** A metrics port: a number (0: any free one), or "off" (null) for no metrics endpoint. */
const metricsPort = (fallback: number) =>
  z
    .union([z.literal("off").transform(() => null), z.coerce.number().int().min(0).max(65535)])
    .default(fallback);
const databaseUrl = z.url({
  protocol: /^postgres(ql)?$/,
  error: "must be a postgres:// or postgresql:// URL",
});
/** A key ring (lib/auth.ts `keyRing`): one secret, or `kid:secret` entries, each at least 32 characters. */
const keyRingSpec = z.string().refine(
  (spec) => {
    try {
      return Boolean(keyRing(spec)); // one grammar for the ring: lib/auth.ts reads it
    } catch {
      return false;
    }
  },
  { message: "must be at least 32 characters (each key of a `kid:secret,kid:secret` ring)" },
);
/** Unset and empty both mean "not configured", so `FOO= npm start` behaves like leaving FOO out. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** Where the embedded PostgreSQL, generated secrets and the dev outbox live. */
    DATA_DIR: z.string().min(1).default(".data"),
    SHOP_DATABASE_URL: optional(databaseUrl),
    REVIEW_DATABASE_URL: optional(databaseUrl),
    JOBS_DATABASE_URL: optional(databaseUrl),
    /** Port of the embedded PostgreSQL; a free one is picked when unset. */
    EMBEDDED_POSTGRES_PORT: optional(port(5433)),
    GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
    GATEWAY_PORT: port(4000),
    /** Subgraphs listen on loopback by default: only the gateway should reach them. */
    SUBGRAPH_HOST: z.string().min(1).default("127.0.0.1"),
    SHOP_PORT: port(4001),
    REVIEW_PORT: port(4002),
    /** Where each service serves Prometheus metrics (`/metrics`): never the public port. */
    METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    GATEWAY_METRICS_PORT: metricsPort(9400),
    SHOP_METRICS_PORT: metricsPort(9401),
    REVIEW_METRICS_PORT: metricsPort(9402),
    WORKER_METRICS_PORT: metricsPort(9403),
    DASHBOARD_METRICS_PORT: metricsPort(9404),
    /** Secrets (see lib/secrets.ts): required in production, generated into DATA_DIR otherwise. */
    /** Key rings (`kid:secret,kid:secret`, the first signing): graph tokens, and unsubscribe links. */
    AUTH_SECRET: optional(keyRingSpec),
    LINK_SECRET: optional(keyRingSpec),
    SUBGRAPH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
    /** Browser origins of dashboards, comma-separated: they may send Authorization from a browser. */
    DASHBOARD_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    /** Mail: without an API key, mail goes to DATA_DIR/outbox (refused in production). */
    RESEND_API_KEY: optional(z.string().min(1)),
    /** The signing secret of the Resend webhook (`whsec_...`); unset, the gateway takes no webhooks. */
    RESEND_WEBHOOK_SECRET: optional(z.string().min(16)),
    /** Where the Resend SDK sends requests (a local stand-in in tests and benchmarks). */
    RESEND_BASE_URL: optional(z.url()),
    /** Provider requests per second, per worker process (a batch of up to 100 emails is one request). */
    RESEND_RPS: z.coerce.number().positive().max(1_000).default(2),
    MAIL_FROM: z.string().min(3).default("List Designer <reports@listdesigner.example>"),
    /** How long a worker's claim on a batch of emails holds before another worker may take it over. */
    MAIL_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
    SEND_JOB_LOCK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
    /**
     * Public address of the gateway (unsubscribe links, the dashboard's API). Unset: this machine's gateway
     * at GATEWAY_HOST and GATEWAY_PORT. Required in production, where a balancer stands in front.
     */
    PUBLIC_URL: optional(z.url()),
    /**
     * Where store owners read their dashboard; the report links to `<DASHBOARD_URL>/stores/<id>`. Unset:
     * this machine's dashboard at DASHBOARD_HOST and DASHBOARD_PORT. Required in production.
     */
    DASHBOARD_URL: optional(z.url()),
    /** How long the dashboard link in a weekly email stays valid. */
    DASHBOARD_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    /** How long the "Manage these emails" link of a weekly email opens the report's settings. */
    SETTINGS_LINK_DAYS: z.coerce.number().int().min(1).max(30).default(7),
    /** How long before an order a widget click may be credited with its line. */
    ATTRIBUTION_WINDOW_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    /** Where the dashboard's own server listens (it serves the built app). */
    DASHBOARD_HOST: z.string().min(1).default("127.0.0.1"),
    DASHBOARD_PORT: port(3000),
    /** Where `npm start` serves the demo storefront (development tooling, not a service). */
    STOREFRONT_PORT: port(3001),
    /** The gateway the weekly job queries (default: this machine's gateway). */
    GATEWAY_URL: optional(z.url()),
    /**
     * Load balancers in front of the gateway, comma-separated addresses or CIDRs: the storefront's address
     * is then the right-most X-Forwarded-For hop that is not one of them. Empty: the socket's peer.
     */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    /** The most an operation may cost by the schema's @cost and @listSize (see docs/security.md). */
    MAX_QUERY_COST: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
    /** The most one request to a subgraph may spend as its fields resolve, whatever the lists hold. */
    MAX_FETCH_COST: z.coerce.number().int().min(100).max(100_000_000).default(100_000),
    /** Anonymous (storefront) requests allowed per second from one address; 0 turns the limit off. */
    RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(20),
    /** Requests allowed per second with the tokens of one store (dashboards); 0 turns the limit off. */
    STORE_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(20),
    /** Click ingestion: group commit (most clicks per write, wait in ms), repeat window and retention. */
    CLICK_BATCH_MAX: z.coerce.number().int().min(1).max(5_000).default(500),
    CLICK_FLUSH_MS: z.coerce.number().min(0).max(1_000).default(2),
    /** Click writes in flight at once (the database pool holds 10 connections). */
    CLICK_CONCURRENT_WRITES: z.coerce.number().int().min(1).max(10).default(2),
    CLICK_REPEAT_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(30),
    CLICK_RETENTION_WEEKS: z.coerce.number().int().min(2).max(1_040).default(104),
    /** Most counted clicks of one address on one widget per repeat window, whatever its user agents; 0: none. */
    CLICK_MAX_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(10),
    /** Most counted impressions of one address of one widget per repeat window; 0: none. */
    IMPRESSION_MAX_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(50),
    /** Deadlines: one gateway call to a subgraph; one SQL statement; connecting to PostgreSQL. */
    /** Overrides every subgraph's `transport` in supergraph.yaml (benchmarks compare them this way). */
    SUBGRAPH_TRANSPORT: optional(z.enum(SUBGRAPH_TRANSPORTS)),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** GraphQL requests one gateway or subgraph process holds at once; more are answered 503 at once. */
    MAX_REQUESTS_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).default(1_024),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(5),
    /**
     * Tests only: the instant services take as "now" when they start (then their clock runs on), so a test
     * that runs them as processes is about a week it chose, not the day it runs. Refused in production.
     */
    TEST_CLOCK_START: optional(z.coerce.date()),
  })
  .refine((env) => !(env.NODE_ENV === "production" && env.TEST_CLOCK_START), {
    path: ["TEST_CLOCK_START"],
    message: "is for tests and must not be set in production",
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Validates the environment once; the message names every bad variable so start-up failures are actionable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${problems.join("\n")}`);
}

/** A listening host as a URL's host: a wildcard is reached on loopback, an IPv6 address in brackets. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * The gateway's public origin: PUBLIC_URL, else (outside production) the gateway this machine runs, at
 * the port it actually uses. In production a balancer stands in front, so only PUBLIC_URL can say.
 */
export function publicUrl(env: Env): string {
  return originOf(env, "PUBLIC_URL", env.GATEWAY_HOST, env.GATEWAY_PORT);
}

/** The dashboard's public origin: DASHBOARD_URL, else (outside production) the dashboard this machine runs. */
export function dashboardUrl(env: Env): string {
  return originOf(env, "DASHBOARD_URL", env.DASHBOARD_HOST, env.DASHBOARD_PORT);
}

function originOf(env: Env, name: "PUBLIC_URL" | "DASHBOARD_URL", host: string, port: number): string {
  const configured = env[name];
  if (configured) return configured.replace(/\/$/, "");
  if (env.NODE_ENV === "production")
    throw new EnvError(`${name} must be set in production (the address browsers and mail readers reach)`);
  return `http://${reachableHost(host)}:${port}`;
}
