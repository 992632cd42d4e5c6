import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { type KeyScope, sameSecret } from "../../../../lib/auth.ts";
import { newStoreKey } from "../../../../lib/store-keys.ts";
import type { ShopDb } from "../index.ts";
import { storeApiKeys } from "../schema.ts";

/**
 * The store and scopes of a live key whose secret hashes to `secretHash`, recording that it was used;
 * undefined for an unknown, revoked or wrong key.
 */
export async function authenticateKey(db: ShopDb, keyId: string, secretHash: string) {
  const [key] = await db
    .update(storeApiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(storeApiKeys.id, keyId), isNull(storeApiKeys.revokedAt)))
    .returning({
      storeId: storeApiKeys.storeId,
      scopes: storeApiKeys.scopes,
      secretHash: storeApiKeys.secretHash,
    });
  if (!key || !sameSecret(secretHash, key.secretHash)) return undefined;
  return { storeId: key.storeId, scopes: key.scopes };
}

/** Makes a key for a store; the key itself is in the answer only, never stored. */
export async function createKey(db: ShopDb, storeId: string, name: string, scopes: readonly KeyScope[]) {
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
