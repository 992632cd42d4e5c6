import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  authSecret,
  connectionSecret,
  defineEnv,
  linkSecret,
  loadEnv as load,
  subgraphSecret,
} from "./env.ts";

const schema = defineEnv({ ...authSecret, ...linkSecret, ...subgraphSecret, ...connectionSecret });
const loadEnv = (source: NodeJS.ProcessEnv) => load(schema, source);

import { resolveSecrets } from "./secrets.ts";

describe("resolveSecrets", () => {
  it("stops a production start without secrets, naming them", () => {
    expect(() => resolveSecrets(loadEnv({ NODE_ENV: "production" }))).toThrow(
      /AUTH_SECRET and LINK_SECRET and SUBGRAPH_SECRET and CONNECTION_SECRET must be set in production/,
    );
    expect(() => resolveSecrets(loadEnv({ NODE_ENV: "production", AUTH_SECRET: "a".repeat(32) }))).toThrow(
      /^LINK_SECRET and SUBGRAPH_SECRET and CONNECTION_SECRET must be set/,
    );
  });

  it("gives each service only the secrets it asks for, and needs only those in production", () => {
    const env = loadEnv({ NODE_ENV: "production", SUBGRAPH_SECRET: "s".repeat(32) });
    expect(resolveSecrets(env, ["subgraphSecret"])).toEqual({ subgraphSecret: "s".repeat(32) });
    expect(() => resolveSecrets(env, ["authSecret", "linkSecret"])).toThrow(/^AUTH_SECRET and LINK_SECRET/);
  });

  it("takes key rings, and refuses a short key anywhere in one", () => {
    expect(loadEnv({ AUTH_SECRET: `k2:${"a".repeat(32)},k1:${"b".repeat(32)}` }).AUTH_SECRET).toContain(
      "k2:",
    );
    expect(() => loadEnv({ LINK_SECRET: `k2:${"a".repeat(32)},k1:short` })).toThrow(/LINK_SECRET/);
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
