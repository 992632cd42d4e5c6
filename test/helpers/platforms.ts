import { createHmac, randomUUID } from "node:crypto";

/**
 * Shop platforms' webhook deliveries as their docs give them, signed as they sign them: a Shopify store's
 * (`X-Shopify-*` headers, base64 HMAC-SHA256 of the raw body) and a WooCommerce site's (`X-WC-Webhook-*`).
 * A stand-in only for what cannot run here; the gateway and everything behind it are real.
 */
export const sign = (body: string, secret: string) =>
  createHmac("sha256", secret).update(body, "utf8").digest("base64");

export interface Delivery {
  status: number;
  body: Record<string, unknown>;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Delivery> {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function shopifySender(gatewayUrl: string, shopDomain: string) {
  const url = new URL("/webhooks/shopify", gatewayUrl).href;
  return (
    topic: string,
    payload: unknown,
    secret: string,
    { webhookId = randomUUID(), signature }: { webhookId?: string; signature?: string | null } = {},
  ) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shopDomain,
      "x-shopify-webhook-id": webhookId,
      "x-shopify-api-version": "2025-10",
      "x-shopify-triggered-at": new Date().toISOString(),
    };
    const signed = signature === undefined ? sign(body, secret) : signature;
    if (signed !== null) headers["x-shopify-hmac-sha256"] = signed;
    return post(url, headers, body);
  };
}

export function woocommerceSender(gatewayUrl: string, site: string) {
  const url = new URL("/webhooks/woocommerce", gatewayUrl).href;
  let deliveries = 0;
  return (topic: string, payload: unknown, secret: string, { deliveryId }: { deliveryId?: string } = {}) => {
    const body = JSON.stringify(payload);
    deliveries += 1;
    const [resource = "", event = ""] = topic.split(".");
    return post(
      url,
      {
        "content-type": "application/json",
        "user-agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
        "x-wc-webhook-source": site,
        "x-wc-webhook-topic": topic,
        "x-wc-webhook-resource": resource,
        "x-wc-webhook-event": event,
        "x-wc-webhook-signature": sign(body, secret),
        "x-wc-webhook-id": "17",
        "x-wc-webhook-delivery-id": deliveryId ?? String(deliveries),
      },
      body,
    );
  };
}

let shopifyIds = 5_500_000_000;
/** A Shopify order resource (REST Admin API shape), paid unless `fields` says otherwise. */
export function shopifyOrder(
  lines: { productId: number | null; quantity: number; price: string; click?: string }[],
  fields: Record<string, unknown> = {},
) {
  return {
    id: shopifyIds++,
    name: "#1001",
    created_at: "2026-11-25T12:00:00-05:00",
    updated_at: "2026-11-25T12:00:05-05:00",
    currency: "USD",
    presentment_currency: "USD",
    financial_status: "paid",
    fulfillment_status: null,
    cancelled_at: null,
    total_price: "0.00",
    line_items: lines.map((line) => ({
      id: shopifyIds++,
      product_id: line.productId,
      variant_id: shopifyIds++,
      title: "Product",
      quantity: line.quantity,
      price: line.price,
      properties: line.click ? [{ name: "_ld_click", value: line.click }] : [],
    })),
    refunds: [],
    ...fields,
  };
}

let wooIds = 700;
/** A WooCommerce order resource (REST API v3 shape). */
export function woocommerceOrder(
  lines: { productId: number; quantity: number; price: number; click?: string }[],
  fields: Record<string, unknown> = {},
) {
  return {
    id: wooIds++,
    status: "processing",
    currency: "EUR",
    date_created: "2026-11-25T18:00:00",
    date_created_gmt: "2026-11-25T17:00:00",
    date_modified: "2026-11-25T18:00:05",
    date_modified_gmt: "2026-11-25T17:00:05",
    line_items: lines.map((line) => ({
      id: wooIds++,
      name: "Product",
      product_id: line.productId,
      variation_id: 0,
      quantity: line.quantity,
      subtotal: (line.price * line.quantity).toFixed(2),
      total: (line.price * line.quantity).toFixed(2),
      price: line.price,
      meta_data: line.click ? [{ id: wooIds++, key: "_ld_click", value: line.click }] : [],
    })),
    refunds: [],
    ...fields,
  };
}
