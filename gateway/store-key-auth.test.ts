import type { ApolloServer } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger.ts";
import { newStoreKey, parseStoreKey } from "../lib/store-keys.ts";
import { KEY_CACHE_MS, MAX_CACHED_KEYS, storeKeyAuthenticator } from "./store-key-auth.ts";
import type { GatewayContext } from "./subgraph-source.ts";

/** Shop's answer to `authenticateStoreKey`, for one good key; every lookup counted. */
function shopKnowing(goodKey: string) {
  const good = parseStoreKey(goodKey);
  const lookups: string[] = [];
  const apollo = {
    executeOperation: async ({ variables }: { variables: { keyId: string; secretHash: string } }) => {
      lookups.push(variables.keyId);
      const grant =
        variables.keyId === good?.keyId && variables.secretHash === good.secretHash
          ? { storeId: "store-1", scopes: ["orders:write"] }
          : null;
      return { body: { kind: "single", singleResult: { data: { authenticateStoreKey: grant } } } };
    },
  } as unknown as ApolloServer<GatewayContext>;
  return { apollo, lookups };
}

describe("store key authentication at the gateway", () => {
  it("keeps a good key through a flood of made-up ones, and asks shop once per key per period", async () => {
    const { key } = newStoreKey();
    const { apollo, lookups } = shopKnowing(key);
    let at = 0;
    const { viewerOf, isKnownGood } = storeKeyAuthenticator(
      apollo,
      createLogger("test", "silent"),
      1,
      () => at,
    );

    expect(await viewerOf(key)).toMatchObject({ kind: "store", storeId: "store-1" });
    for (let i = 0; i <= MAX_CACHED_KEYS; i++)
      await expect(viewerOf(newStoreKey().key)).rejects.toThrow("not valid");
    expect(lookups.length).toBe(MAX_CACHED_KEYS + 2);

    // The good key is still known: no lookup. A refused key asked again neither.
    expect(isKnownGood(key)).toBe(true);
    expect(await viewerOf(key)).toMatchObject({ kind: "store", storeId: "store-1" });
    expect(lookups.length).toBe(MAX_CACHED_KEYS + 2);
    at += KEY_CACHE_MS;
    expect(isKnownGood(key)).toBe(false);
    expect(await viewerOf(key)).toMatchObject({ kind: "store" });
    expect(lookups.length).toBe(MAX_CACHED_KEYS + 3);
  });
});
