import { randomBytes } from "node:crypto";
import { connect } from "../../../lib/runtime/database.ts";
import { schema as shopSchema } from "../../../subgraphs/shop/db/index.ts";
import { createKey, listKeys, revokeKey } from "../../../subgraphs/shop/db/queries/keys.ts";
import { connectStore } from "../../../subgraphs/shop/platforms/connections.ts";

const DEMO_KEY_NAME = "demo storefront checkout";
/** The Shopify shop the demo storefront stands in for. */
export const DEMO_SHOP_DOMAIN = "brooklyn-goods.myshopify.com";

/**
 * What the demo storefront's two checkouts hold, made anew on every start (the ones before revoked or
 * replaced), so their secrets live only in the process that runs it, as a store's live only in its backend
 * and on Shopify: an `orders:write` key, and the webhook secret of the store's Shopify connection.
 */
export async function demoStorefrontCredentials(shopUrl: string, storeId: string, connectionRing: string) {
  const shop = connect(shopUrl, shopSchema, { max: 1 });
  try {
    for (const key of await listKeys(shop.db, storeId))
      if (key.name === DEMO_KEY_NAME && !key.revokedAt) await revokeKey(shop.db, key.id);
    const { key } = await createKey(shop.db, { storeId, name: DEMO_KEY_NAME, scopes: ["orders:write"] });
    const secret = randomBytes(24).toString("hex");
    await connectStore(shop.db, connectionRing, {
      storeId,
      platform: "shopify",
      source: DEMO_SHOP_DOMAIN,
      secret,
      at: new Date(),
    });
    return { storeKey: key, shopify: { domain: DEMO_SHOP_DOMAIN, secret } };
  } finally {
    await shop.close();
  }
}
