import { z } from "zod";
import { keyRing } from "./auth.ts";

// The building blocks of every service's configuration: each service declares its own variables
// (gateway/config.ts, subgraphs/*/config.ts, jobs/config.ts, dashboard/config.ts) on the base below,
// with a description that docs/configuration.md is generated from (`npm run config:docs`).

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
/** A metrics port: a number (0: any free one), or "off" (null) for no metrics endpoint. */
export const metricsPort = (fallback: number) =>
  z
    .union([z.literal("off").transform(() => null), z.coerce.number().int().min(0).max(65535)])
    .default(fallback);
export const databaseUrl = z.url({
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
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
/** A comma-separated list; unset or empty is none. */
export const list = () =>
  z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    );
export const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** What every service reads. */
const base = {
  NODE_ENV: z
    .enum(["development", "test", "production"])
    .default("development")
    .describe(
      "`production`: introspection off, secrets and public URLs required. Services refuse to start without it; scripts default to `development`",
    ),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error", "silent"])
    .default("info")
    .describe("`debug`, `info`, `warn`, `error` or `silent`"),
  DATA_DIR: z
    .string()
    .min(1)
    .default(".data")
    .describe("where the embedded PostgreSQL, the development secrets and the development outbox live"),
  METRICS_HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe("where `/metrics` is served: never the public port"),
  TEST_CLOCK_START: optional(z.coerce.date()).describe(
    'tests only (refused in production): an instant (ISO 8601) the service takes as "now" when it starts, its clock running on from there',
  ),
};

/** The key ring of graph tokens (any viewer): the gateway verifies it, no worker holds it. */
export const authSecret = {
  AUTH_SECRET: optional(keyRingSpec).describe(
    "graph tokens' key ring (`kid:secret,kid:secret`, the first signing, 32 characters at least); required in production, generated into DATA_DIR otherwise",
  ),
};

/** The key ring of what the worker signs, for the gateway (verifying) and the worker (signing). */
export const linkSecret = {
  LINK_SECRET: optional(keyRingSpec).describe(
    "the worker's key ring, as AUTH_SECRET: its emails' links (unsubscribe, confirm a recipient, dashboard, settings) and its jobs' scoped service tokens",
  ),
};

/** The key ring that seals the shop platforms' webhook secrets at rest: shop and `npm run connect`. */
export const connectionSecret = {
  CONNECTION_SECRET: optional(keyRingSpec).describe(
    "the key ring sealing shop platforms' webhook secrets in shop's database (as AUTH_SECRET: the first seals, all open; `npm run connect -- rotate` re-seals); required in production, generated into DATA_DIR otherwise",
  ),
};

/** The secret the gateway shows every subgraph. */
export const subgraphSecret = {
  SUBGRAPH_SECRET: optional(z.string().min(32, "must be at least 32 characters")).describe(
    "the gateway-to-subgraph secret (32 characters at least); required in production, generated into DATA_DIR otherwise",
  ),
};

/** Deadlines of a service's own database. */
export const databaseDeadlines = {
  DB_STATEMENT_TIMEOUT_MS: whole(100, 600_000, 5_000).describe("deadline of one SQL statement"),
  DB_CONNECT_TIMEOUT_SECONDS: whole(1, 120, 5).describe("deadline of connecting to PostgreSQL"),
};

/** Where the gateway is, for itself and for what links to it. */
export const gatewayAddress = {
  GATEWAY_HOST: z.string().min(1).default("127.0.0.1").describe("where the gateway listens"),
  GATEWAY_PORT: port(4000).describe("the gateway's port"),
  PUBLIC_URL: optional(z.url()).describe(
    "the gateway's public address (email links, the dashboard's API); unset: this machine's gateway. Required in production",
  ),
};

/** Where the dashboard is, for itself and for what links to it. */
export const dashboardAddress = {
  DASHBOARD_HOST: z.string().min(1).default("127.0.0.1").describe("where the dashboard's server listens"),
  DASHBOARD_PORT: port(3000).describe("the dashboard's port"),
  DASHBOARD_URL: optional(z.url()).describe(
    "where store owners read their dashboard (the email links to `<DASHBOARD_URL>/stores/<id>`); unset: this machine's dashboard. Required in production",
  ),
};

/** A service's schema: the base and its own variables. */
export function defineEnv<S extends z.ZodRawShape>(shape: S) {
  return z.object({ ...base, ...shape }).refine(
    (env) => {
      const { NODE_ENV, TEST_CLOCK_START } = env as Pick<BaseFields, "NODE_ENV" | "TEST_CLOCK_START">;
      return !(NODE_ENV === "production" && TEST_CLOCK_START);
    },
    {
      path: ["TEST_CLOCK_START"],
      message: "is for tests and must not be set in production",
    },
  );
}

type BaseFields = z.infer<z.ZodObject<typeof base>>;
export type BaseEnv = BaseFields;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Validates the environment once; the message names every bad variable so start-up failures are actionable. */
export function loadEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv = process.env): z.infer<T> {
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

type Production = { NODE_ENV: BaseEnv["NODE_ENV"] };

/**
 * The gateway's public origin: PUBLIC_URL, else (outside production) the gateway this machine runs, at
 * the port it actually uses. In production a balancer stands in front, so only PUBLIC_URL can say.
 */
export function publicUrl(env: Production & z.infer<z.ZodObject<typeof gatewayAddress>>): string {
  return originOf(env, "PUBLIC_URL", env.PUBLIC_URL, env.GATEWAY_HOST, env.GATEWAY_PORT);
}

/** The dashboard's public origin: DASHBOARD_URL, else (outside production) the dashboard this machine runs. */
export function dashboardUrl(env: Production & z.infer<z.ZodObject<typeof dashboardAddress>>): string {
  return originOf(env, "DASHBOARD_URL", env.DASHBOARD_URL, env.DASHBOARD_HOST, env.DASHBOARD_PORT);
}

function originOf(env: Production, name: string, configured: string | undefined, host: string, port: number) {
  if (configured) return configured.replace(/\/$/, "");
  if (env.NODE_ENV === "production")
    throw new EnvError(`${name} must be set in production (the address browsers and mail readers reach)`);
  return `http://${reachableHost(host)}:${port}`;
}
