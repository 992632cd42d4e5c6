import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Env } from "./env.ts";

export interface Secrets {
  /** Signs dashboard and service tokens. */
  authSecret: string;
  /** Shared by the gateway and the subgraphs: a subgraph answers only requests carrying it. */
  subgraphSecret: string;
}

/**
 * Secrets come from AUTH_SECRET and SUBGRAPH_SECRET. In production both must be set. Elsewhere a missing
 * one is generated once into DATA_DIR/secrets.json (mode 600) and reused, so a development machine works
 * with no setup and nothing secret is ever in the repository.
 */
export function resolveSecrets(env: Env): Secrets {
  if (env.AUTH_SECRET && env.SUBGRAPH_SECRET)
    return { authSecret: env.AUTH_SECRET, subgraphSecret: env.SUBGRAPH_SECRET };
  if (env.NODE_ENV === "production") {
    const missing = [!env.AUTH_SECRET && "AUTH_SECRET", !env.SUBGRAPH_SECRET && "SUBGRAPH_SECRET"].filter(
      Boolean,
    );
    throw new Error(`${missing.join(" and ")} must be set in production (at least 32 characters each)`);
  }
  const stored = developmentSecrets(env.DATA_DIR);
  return {
    authSecret: env.AUTH_SECRET ?? stored.authSecret,
    subgraphSecret: env.SUBGRAPH_SECRET ?? stored.subgraphSecret,
  };
}

function developmentSecrets(dataDir: string): Secrets {
  const file = join(dataDir, "secrets.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Secrets;
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const fresh = generateSecrets();
    try {
      writeFileSync(file, JSON.stringify(fresh), { mode: 0o600, flag: "wx" });
      return fresh;
    } catch {
      return JSON.parse(readFileSync(file, "utf8")) as Secrets; // another process wrote it first
    }
  }
}

/** Fresh random secrets (development, and every test and benchmark run: nothing shared between runs). */
export function generateSecrets(): Secrets {
  return {
    authSecret: randomBytes(32).toString("base64url"),
    subgraphSecret: randomBytes(32).toString("base64url"),
  };
}

/** The same secrets as a service's environment variables, for a service started as its own process. */
export function secretsEnv(secrets: Secrets): { AUTH_SECRET: string; SUBGRAPH_SECRET: string } {
  return { AUTH_SECRET: secrets.authSecret, SUBGRAPH_SECRET: secrets.subgraphSecret };
}
