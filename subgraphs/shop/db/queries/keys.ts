import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { type KeyScope, sameSecret } from "../../../../lib/auth.ts";
import { newStoreKey } from "../../../../lib/store-keys.ts";
import type { ShopDb } from "../index.ts";
import { storeApiKeys } from "../schema.ts";

/** How stale `last_used_at` may grow before a use moves it: often enough to tell a key in use, never a write per request. */
export const LAST_USED_PRECISION_MS = 3_600_000;

/**
 * The store and scopes of a live key whose secret hashes to `secretHash`; undefined for an unknown,
 * revoked or wrong key. Only a match records the use, and only when the last one recorded is older than
 * {@link LAST_USED_PRECISION_MS}: a wrong secret writes nothing.
 */
export async function authenticateKey(
  db: ShopDb,
  { keyId, secretHash, at }: { keyId: string; secretHash: string; at: Date },
) {
  const [key] = await db
    .select({
      storeId: storeApiKeys.storeId,
      scopes: storeApiKeys.scopes,
      secretHash: storeApiKeys.secretHash,
      lastUsedAt: storeApiKeys.lastUsedAt,
    })
    .from(storeApiKeys)
    .where(and(eq(storeApiKeys.id, keyId), isNull(storeApiKeys.revokedAt)));
  if (!key || !sameSecret(secretHash, key.secretHash)) return undefined;
  const stale = new Date(at.getTime() - LAST_USED_PRECISION_MS);
  if (!key.lastUsedAt || key.lastUsedAt < stale)
    await db
      .update(storeApiKeys)
      .set({ lastUsedAt: at })
      .where(
        and(
          eq(storeApiKeys.id, keyId),
          or(isNull(storeApiKeys.lastUsedAt), lt(storeApiKeys.lastUsedAt, stale)),
        ),
      );
  return { storeId: key.storeId, scopes: key.scopes };
}

/** Makes a key for a store; the key itself is in the answer only, never stored. */
export async function createKey(
  db: ShopDb,
  { storeId, name, scopes }: { storeId: string; name: string; scopes: readonly KeyScope[] },
) {
  const { keyId, key, secretHash } = newStoreKey();
  await db.insert(storeApiKeys).values({ id: keyId, storeId, name, scopes: [...scopes], secretHash });
  return { keyId, key };
}

/** A store's keys (never their secrets), newest first. */
export function listKeys(db: ShopDb, storeId: string) {
  return db
    .select({
      id: storeApiKeys.id,
      name: storeApiKeys.name,
      scopes: storeApiKeys.scopes,
      createdAt: storeApiKeys.createdAt,
      lastUsedAt: storeApiKeys.lastUsedAt,
      revokedAt: storeApiKeys.revokedAt,
    })
    .from(storeApiKeys)
    .where(eq(storeApiKeys.storeId, storeId))
    .orderBy(desc(storeApiKeys.createdAt));
}

/** Revokes a key; false when there is no live key of that id. */
export async function revokeKey(db: ShopDb, keyId: string): Promise<boolean> {
  const revoked = await db
    .update(storeApiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(storeApiKeys.id, keyId), isNull(storeApiKeys.revokedAt)))
    .returning({ id: storeApiKeys.id });
  return revoked.length > 0;
}
