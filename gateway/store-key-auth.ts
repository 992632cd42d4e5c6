import type { ApolloServer } from "@apollo/server";
import { GraphQLError } from "graphql";
import { AuthError, isKeyScope, type Viewer } from "../lib/auth.ts";
import type { Logger } from "../lib/logger.ts";
import { parseStoreKey } from "../lib/store-keys.ts";
import { startRequestTrace } from "../lib/tracing.ts";
import type { GatewayContext } from "./subgraph-source.ts";

const AUTHENTICATE = /* GraphQL */ `
  mutation AuthenticateStoreKey($keyId: String!, $secretHash: String!) {
    authenticateStoreKey(keyId: $keyId, secretHash: $secretHash) { storeId scopes }
  }
`;

/** How long the gateway trusts what shop said of a key: a revoked key stops working within this. */
export const KEY_CACHE_MS = 30_000;
const MAX_CACHED_KEYS = 10_000;

/**
 * The viewer of a store API key, asked of shop (which owns the keys) through the graph as the service,
 * and cached for {@link KEY_CACHE_MS} (an unknown key too, so a flood of bad keys costs shop one lookup
 * each per period). Concurrent requests with the same key share one lookup. A lookup that fails (shop
 * away) is logged by key id only and answered 503 with `Retry-After`: the caller may try again.
 */
export function storeKeyAuthenticator(
  apollo: ApolloServer<GatewayContext>,
  log: Logger,
  retryAfterSeconds: number,
  now = () => performance.now(),
) {
  const cache = new Map<string, { viewer: Promise<Viewer | undefined>; until: number }>();
  const lookUp = async (keyId: string, secretHash: string): Promise<Viewer | undefined> => {
    const result = await apollo.executeOperation(
      { query: AUTHENTICATE, variables: { keyId, secretHash } },
      {
        contextValue: {
          viewer: { kind: "service" },
          clientAddress: "",
          trace: startRequestTrace("store key", {}),
        },
      },
    );
    const body = result.body.kind === "single" ? result.body.singleResult : undefined;
    const failure = body?.errors?.[0];
    if (failure) {
      log.warn("store key lookup failed", { keyId, reason: failure.message, code: failure.extensions?.code });
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
    const grant = body?.data?.authenticateStoreKey as { storeId: string; scopes: string[] } | null;
    if (!grant) return undefined;
    return { kind: "store", storeId: grant.storeId, keyId, scopes: grant.scopes.filter(isKeyScope) };
  };
  return async (token: string): Promise<Viewer> => {
    const parsed = parseStoreKey(token);
    if (!parsed) throw new AuthError("The key is not valid");
    const cacheKey = `${parsed.keyId}:${parsed.secretHash}`;
    let entry = cache.get(cacheKey);
    if (!entry || entry.until <= now()) {
      if (cache.size >= MAX_CACHED_KEYS) cache.clear();
      entry = { viewer: lookUp(parsed.keyId, parsed.secretHash), until: now() + KEY_CACHE_MS };
      cache.set(cacheKey, entry);
      // A failed lookup (shop down) is not remembered: the next request asks again.
      entry.viewer.catch(() => cache.delete(cacheKey));
    }
    const viewer = await entry.viewer;
    if (!viewer) throw new AuthError("The key is not valid or has been revoked");
    return viewer;
  };
}
