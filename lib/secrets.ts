import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BaseEnv } from "./env.ts";

/**
 * The secrets, one per purpose, so that rotating or revoking one leaves the others alone. AUTH_SECRET and
 * LINK_SECRET are key rings (lib/auth.ts `keyRing`): `kid:secret,kid:secret`, the first signing, all
 * verifying; a bare secret is a ring of one key without an id.
 */
export interface Secrets {
  /** Signs graph tokens (dashboards, `npm run token`): the gateway only. */
  authSecret: string;
  /** What the worker signs (its emails' links, its jobs' scoped tokens): gateway and worker. */
  linkSecret: string;
  /** Shared by the gateway and the subgraphs: a subgraph answers only requests carrying it. */
  subgraphSecret: string;
  /**
   * Seals the shop platforms' webhook secrets at rest (lib/sealed.ts): shop and `npm run connect` only. A
   * key ring as AUTH_SECRET, so it rotates (`npm run connect -- rotate`).
   */
  connectionSecret: string;
}

const VARIABLES = {
  authSecret: "AUTH_SECRET",
  linkSecret: "LINK_SECRET",
  subgraphSecret: "SUBGRAPH_SECRET",
  connectionSecret: "CONNECTION_SECRET",
} as const;

/** What `resolveSecrets` reads: whichever of the secrets a service's schema declares. */
type SecretVariables = Pick<BaseEnv, "NODE_ENV" | "DATA_DIR"> & {
  [V in (typeof VARIABLES)[keyof Secrets]]?: string;
};

/**
 * The secrets a service needs, and only those: in production each must be set, and a service never asks
 * for one it does not use (subgraphs hold no signing key, the worker no subgraph secret). Elsewhere a
 * missing one is generated once into DATA_DIR/secrets.json (mode 600) and reused, so a development
 * machine works with no setup and nothing secret is ever in the repository.
 */
export function resolveSecrets<K extends keyof Secrets>(
  env: SecretVariables,
  needed: readonly K[] = Object.keys(VARIABLES) as K[],
): Pick<Secrets, K> {
  const missing = needed.filter((name) => !env[VARIABLES[name]]);
  if (missing.length > 0 && env.NODE_ENV === "production")
    throw new Error(
      `${missing.map((name) => VARIABLES[name]).join(" and ")} must be set in production (at least 32 characters each)`,
    );
  const stored = missing.length > 0 ? developmentSecrets(env.DATA_DIR) : undefined;
  return Object.fromEntries(
    needed.map((name) => [name, env[VARIABLES[name]] ?? stored?.[name] ?? ""]),
  ) as Pick<Secrets, K>;
}

function developmentSecrets(dataDir: string): Secrets {
  const file = join(dataDir, "secrets.json");
  let stored: Partial<Secrets> | undefined;
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
  } catch {
    // none yet
  }
  if (stored && Object.keys(VARIABLES).every((name) => stored[name as keyof Secrets]))
    return stored as Secrets;
  // A file from before a secret existed is completed in place; a new one is made only once.
  const complete = { ...generateSecrets(), ...stored };
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(complete), { mode: 0o600, flag: stored ? "w" : "wx" });
    return complete;
  } catch {
    return JSON.parse(readFileSync(file, "utf8")) as Secrets; // another process wrote it first
  }
}

/** Fresh random secrets (development, and every test and benchmark run: nothing shared between runs). */
export function generateSecrets(): Secrets {
  return {
    authSecret: randomBytes(32).toString("base64url"),
    linkSecret: randomBytes(32).toString("base64url"),
    subgraphSecret: randomBytes(32).toString("base64url"),
    connectionSecret: randomBytes(32).toString("base64url"),
  };
}

/** The same secrets as a service's environment variables, for a service started as its own process. */
export type SecretsEnv = {
  AUTH_SECRET: string;
  LINK_SECRET: string;
  SUBGRAPH_SECRET: string;
  CONNECTION_SECRET: string;
};

export function secretsEnv(secrets: Secrets): SecretsEnv {
  return {
    AUTH_SECRET: secrets.authSecret,
    LINK_SECRET: secrets.linkSecret,
    SUBGRAPH_SECRET: secrets.subgraphSecret,
    CONNECTION_SECRET: secrets.connectionSecret,
  };
}
