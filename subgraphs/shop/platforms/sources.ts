import type { Platform } from "./platform-order.ts";
import { SHOPIFY_TOPICS } from "./shopify.ts";
import { WOOCOMMERCE_TOPICS } from "./woocommerce.ts";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;

/**
 * A connection's source as its webhooks name it, in one spelling: a Shopify shop's `*.myshopify.com`
 * domain in lower case; a WooCommerce site's address as `X-WC-Webhook-Source` gives it (WordPress's home
 * URL, ending in a slash), https or http with its path. Undefined for anything else.
 */
export function normalSource(platform: Platform, source: string): string | undefined {
  const text = source.trim().toLowerCase();
  if (platform === "shopify") return SHOP_DOMAIN.test(text) ? text : undefined;
  let url: URL;
  try {
    url = new URL(source.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password)
    return undefined;
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `${url.protocol}//${url.host}${path}`;
}

/** What a platform's connection is registered with: the gateway's path and the topics. */
export const PLATFORM_WEBHOOKS: Record<Platform, { path: string; topics: readonly string[] }> = {
  shopify: { path: "/webhooks/shopify", topics: SHOPIFY_TOPICS },
  woocommerce: { path: "/webhooks/woocommerce", topics: WOOCOMMERCE_TOPICS },
};
