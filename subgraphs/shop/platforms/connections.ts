import { BadInputError } from "../../../lib/errors.ts";
import { seal, sealedUnderFirstKey, unseal } from "../../../lib/sealed.ts";
import type { ShopDb } from "../db/index.ts";
import { connectionsOf, connectPlatform, resealSecret, sourceTaken } from "../db/queries/platforms.ts";
import type { Platform } from "./platform-order.ts";
import { normalSource } from "./sources.ts";

/** The shortest webhook secret taken: both platforms make longer ones. */
const MIN_SECRET_LENGTH = 16;

/**
 * Connects a store to its shop on a platform (or replaces its connection), the webhook secret sealed
 * under the connection key ring; answers the source as deliveries will name it.
 */
export async function connectStore(
  db: ShopDb,
  ring: string,
  {
    storeId,
    platform,
    source,
    secret,
    at,
  }: { storeId: string; platform: Platform; source: string; secret: string; at: Date },
): Promise<string> {
  const normal = normalSource(platform, source);
  if (!normal)
    throw new BadInputError(
      platform === "shopify"
        ? "the shop must be its <name>.myshopify.com domain"
        : "the site must be the WooCommerce site's address (https://...)",
    );
  if (secret.length < MIN_SECRET_LENGTH)
    throw new BadInputError(
      `the webhook secret must be the one the platform shows (${MIN_SECRET_LENGTH} characters at least)`,
    );
  await connectPlatform(db, {
    storeId,
    platform,
    source: normal,
    sealedSecret: seal(ring, secret),
    at,
  }).catch((error: unknown) => {
    if (sourceTaken(error)) throw new BadInputError(`${normal} is connected to another store already`);
    throw error;
  });
  return normal;
}

/** Re-seals every connection's secret under the ring's first key; answers how many moved. */
export async function resealConnections(db: ShopDb, ring: string): Promise<number> {
  let moved = 0;
  for (const row of await connectionsOf(db)) {
    if (sealedUnderFirstKey(ring, row.sealedSecret)) continue;
    await resealSecret(db, {
      storeId: row.storeId,
      platform: row.platform,
      from: row.sealedSecret,
      to: seal(ring, unseal(ring, row.sealedSecret)),
    });
    moved++;
  }
  return moved;
}
