import type { ApolloServer } from "@apollo/server";
import { GraphQLError } from "graphql";
import { AuthError, isKeyScope, type Viewer } from "../lib/auth.ts";
import { BoundedCache } from "../lib/bounded-cache.ts";
import type { Logger } from "../lib/logger.ts";
import { parseStoreKey } from "../lib/store-keys.ts";
import { runOwnOperation } from "./own-operation.ts";
import type { GatewayContext } from "./subgraph-source.ts";

const AUTHENTICATE = /* GraphQL */ `
  mutation AuthenticateStoreKey($keyId: String!, $secretHash: String!) {
    authenticateStoreKey(keyId: $keyId, secretHash: $secretHash) { storeId scopes }
  }
`;

/** How long the gateway trusts what shop said of a key: a revoked key stops working within this. */
export const KEY_CACHE_MS = 30_000;
/** Keys remembered, the good and the refused apart, so that no flood of made-up keys evicts a good one. */
export const MAX_CACHED_KEYS = 10_000;

/**
 * The viewer of a store API key, asked of shop (which owns the keys) through the graph as the service,
 * and cached for {@link KEY_CACHE_MS}: good keys in one cache, refused ones in another (so a flood of bad
 * keys costs shop one lookup each per period, and evicts only other refused keys, oldest first).
 * Concurrent requests with the same key share one lookup. A lookup that fails (shop away) is logged by
 * key id only and answered 503 with `Retry-After`: the caller may try again.
 */
export function storeKeyAuthenticator(
  apollo: ApolloServer<GatewayContext>,
  log: Logger,
  retryAfterSeconds: number,
  now = () => performance.now(),
) {
  const lookUp = async (keyId: string, secretHash: string): Promise<Viewer | undefined> => {
    const { data, error: failure } = await runOwnOperation<{
      authenticateStoreKey: { storeId: string; scopes: string[] } | null;
    }>(apollo, "store key", AUTHENTICATE, { keyId, secretHash });
    if (failure || !data) {
      log.warn("store key lookup failed", { keyId, reason: failure?.message, code: failure?.code });
      throw new GraphQLError("The key could not be checked now; try again shortly", {
        extensions: {
          code: "SERVICE_UNAVAILABLE",
          // Apollo Server reads these headers as a Map (see tooManyRequests in server.ts).
          http: {
            status: 503,
            headers: new Map([["retry-after", String(retryAfterSeconds)]]) as unknown as Record<
              string,
              string
            >,
          },
        },
      });
    }
    const grant = data.authenticateStoreKey;
    if (!grant) return undefined;
    return { kind: "store", storeId: grant.storeId, keyId, scopes: grant.scopes.filter(isKeyScope) };
  };
  const good = new BoundedCache<Viewer>(MAX_CACHED_KEYS);
  const refused = new BoundedCache<true>(MAX_CACHED_KEYS);
  const pending = new Map<string, Promise<Viewer | undefined>>();
  const cacheKeyOf = (parsed: { keyId: string; secretHash: string }) =>
    `${parsed.keyId}:${parsed.secretHash}`;
  /** Whether the key is known good now, so that using it costs shop no lookup. */
  const isKnownGood = (token: string): boolean => {
    const parsed = parseStoreKey(token);
    return parsed !== undefined && good.get(cacheKeyOf(parsed), now()) !== undefined;
  };
  const viewerOf = async (token: string): Promise<Viewer> => {
    const parsed = parseStoreKey(token);
    if (!parsed) throw new AuthError("The key is not valid");
    const cacheKey = cacheKeyOf(parsed);
    const known = good.get(cacheKey, now());
    if (known) return known;
    if (!refused.get(cacheKey, now())) {
      let lookup = pending.get(cacheKey);
      if (!lookup) {
        lookup = lookUp(parsed.keyId, parsed.secretHash);
        pending.set(cacheKey, lookup);
        // A failed lookup (shop down) is not remembered: the next request asks again.
        void lookup
          .then(
            (viewer) => {
              if (viewer) good.set(cacheKey, viewer, now() + KEY_CACHE_MS);
              else refused.set(cacheKey, true, now() + KEY_CACHE_MS);
            },
            () => {},
          )
          .finally(() => pending.delete(cacheKey));
      }
      const viewer = await lookup;
      if (viewer) return viewer;
    }
    throw new AuthError("The key is not valid or has been revoked");
  };
  return { viewerOf, isKnownGood };
}
