import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.ts";
import { resolveSecrets } from "./secrets.ts";

describe("resolveSecrets", () => {
  it("stops a production start without secrets, naming them", () => {
    expect(() => resolveSecrets(loadEnv({ NODE_ENV: "production" }))).toThrow(
      /AUTH_SECRET and SUBGRAPH_SECRET must be set in production/,
    );
    expect(() => resolveSecrets(loadEnv({ NODE_ENV: "production", AUTH_SECRET: "a".repeat(32) }))).toThrow(
      /^SUBGRAPH_SECRET must be set/,
    );
  });

  it("refuses short secrets", () => {
    expect(() => loadEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
  });

  it("generates development secrets once into DATA_DIR and reuses them", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "secrets-"));
    const first = resolveSecrets(loadEnv({ DATA_DIR: dataDir }));
    expect(first.authSecret).toHaveLength(43);
    expect(first.authSecret).not.toBe(first.subgraphSecret);
    expect(resolveSecrets(loadEnv({ DATA_DIR: dataDir }))).toEqual(first);
    expect(statSync(join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
  });
});
