import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../../lib/clock.ts";
import {
  type CartHoldoutGroup,
  formatHoldoutGroups,
  parseHoldoutGroups,
} from "../../../lib/holdout-groups.ts";
import type { Logger } from "../../../lib/logger.ts";
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from "../../../lib/transport/http-server.ts";
import {
  type CartLine,
  type Catalog,
  cartPage,
  cartTotal,
  errorPage,
  homePage,
  orderPage,
  type PageContext,
  productPage,
} from "./pages.ts";

export interface StorefrontOptions {
  host: string;
  port: number;
  catalog: Catalog;
  /** The gateway's GraphQL endpoint: the tracker is served beside it, orders go to it. */
  graphqlUrl: string;
  /** The store's API key with `orders:write`, as its checkout backend would hold it. */
  storeKey: string;
  /** The Shopify shop this storefront stands in for: its domain and webhook secret, as Shopify holds them. */
  shopify: { domain: string; secret: string };
  clock: Clock;
  log: Logger;
}

const CART_COOKIE = "ld_demo_cart";
/** The tracker's cart fields on a Shopify storefront (tracker/tracker.ts). */
const SHOPIFY_CLICK_INPUT = "properties[_ld_click]";
const SHOPIFY_GROUPS_INPUT = "properties[_ld_groups]";
const MAX_CART_LINES = 20;
const MAX_FORM_BYTES = 4_096;
const GATEWAY_DEADLINE_MS = 5_000;
const ID = /^[0-9a-f-]{36}$/i;

const PLACE_ORDER = /* GraphQL */ `
  mutation PlaceOrder($input: OrderInput!) { upsertOrder(input: $input) { orderId outcome } }
`;

/**
 * The demo storefront (development tooling, never part of a deployment): a shop's pages with the tracker,
 * a cart kept in a cookie, and a checkout that sends the order either to the gateway's `upsertOrder` with
 * the store's API key, or as the signed webhook the store's Shopify shop would send, each line carrying the
 * widget click its add-to-cart form got from the tracker. The cart id is the order id, so placing the same
 * cart twice is the same order.
 */
export async function startStorefront(options: StorefrontOptions) {
  const { catalog, log } = options;
  // With the store's running holdouts: the storefront places it in <head>, without defer (pages.ts).
  const trackerSrc = new URL(`/tracker.js?store=${catalog.storeId}`, options.graphqlUrl).toString();
  const context = (cart: CartLine[]): PageContext => ({ catalog, trackerSrc, cart });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const { id: cartId, lines: cart, groups } = readCart(req, catalog);
    const html = (status: number, body: string, cookie?: string) => {
      res.writeHead(status, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        ...(cookie ? { "set-cookie": cookie } : {}),
      });
      res.end(body);
    };
    try {
      if (req.method === "GET" && path === "/") return html(200, homePage(context(cart)));
      if (req.method === "GET" && path === "/healthz") return void res.writeHead(200).end("ok");
      if (req.method === "GET" && path.startsWith("/products/")) {
        const body = productPage(context(cart), path.slice("/products/".length));
        return body ? html(200, body) : html(404, errorPage(context(cart), "No such product."));
      }
      if (req.method === "GET" && path === "/cart") return html(200, cartPage(context(cart)));
      if (req.method === "POST" && path === "/cart") {
        const form = await readForm(req);
        const productId = form.get("product") ?? "";
        const quantity = Number(form.get("quantity") ?? "1");
        // The tracker's hidden input, as a Shopify theme's product form carries it into the line's properties.
        const clickId = form.get(SHOPIFY_CLICK_INPUT) ?? "";
        // The browser's holdout groups, the cart's as of its latest add-to-cart.
        const carried = parseHoldoutGroups(form.get(SHOPIFY_GROUPS_INPUT));
        if (!catalog.products.has(productId) || !Number.isInteger(quantity) || quantity < 1 || quantity > 99)
          return html(400, errorPage(context(cart), "That product or quantity cannot be added."));
        const existing = cart.find((line) => line.productId === productId);
        // The latest add-to-cart's click is the one that led here.
        const click = ID.test(clickId) ? clickId : (existing?.clickId ?? null);
        const next = existing
          ? cart.map((line) =>
              line === existing
                ? { ...line, quantity: Math.min(99, line.quantity + quantity), clickId: click }
                : line,
            )
          : [...cart, { productId, quantity, clickId: click }].slice(0, MAX_CART_LINES);
        return html(
          200,
          cartPage(context(next), "Added to your cart."),
          cartCookie(cartId, next, carried.length > 0 ? carried : groups),
        );
      }
      if (req.method === "POST" && path === "/checkout") {
        if (cart.length === 0) return html(400, cartPage(context(cart), "Your cart is empty."));
        const via = (await readForm(req)).get("via") === "shopify" ? "shopify" : "graph";
        const outcome = await (via === "shopify" ? sendShopifyOrder : placeOrder)(options, {
          orderId: cartId,
          cart,
          groups,
        });
        if ("error" in outcome) {
          log.warn("demo storefront order refused", { orderId: cartId, reason: outcome.error });
          return html(502, errorPage(context(cart), outcome.error));
        }
        const total = cartTotal(catalog, cart);
        log.info("demo storefront order placed", { orderId: cartId, total, via, outcome: outcome.outcome });
        const credited = cart.filter((line) => line.clickId).length;
        return html(
          200,
          orderPage(context([]), { orderId: cartId, total, credited, via }),
          cartCookie(randomUUID(), [], []),
        );
      }
      html(404, errorPage(context(cart), "Not found."));
    } catch (error) {
      log.error("demo storefront request failed", { path, error });
      if (!res.headersSent) html(500, errorPage(context(cart), "Something went wrong."));
    }
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, options.host, done);
  });
  const url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  log.info("demo storefront ready", { url });
  return {
    url,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Sends the cart to the gateway as a paid order placed now; the browser's prices are never used. */
/** What a checkout sends: the cart's id (the order's), its lines, and the browser's holdout groups. */
interface Checkout {
  orderId: string;
  cart: CartLine[];
  groups: CartHoldoutGroup[];
}

async function placeOrder(
  options: StorefrontOptions,
  { orderId, cart, groups }: Checkout,
): Promise<{ outcome: string } | { error: string }> {
  const now = options.clock().toISOString();
  const input = {
    storeId: options.catalog.storeId,
    orderId,
    placedAt: now,
    updatedAt: now,
    status: "PAID",
    currency: options.catalog.currency,
    lines: cart.map((line, index) => ({
      lineId: String(index + 1),
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: options.catalog.products.get(line.productId)?.price,
      clickId: line.clickId,
    })),
    holdoutGroups: groups,
  };
  try {
    const response = await fetch(options.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${options.storeKey}` },
      body: JSON.stringify({ query: PLACE_ORDER, variables: { input } }),
      signal: AbortSignal.timeout(GATEWAY_DEADLINE_MS),
    });
    const answer = (await response.json().catch(() => ({}))) as {
      data?: { upsertOrder?: { outcome: string } };
      errors?: { message: string }[];
    };
    const placed = answer.data?.upsertOrder;
    if (placed) return { outcome: placed.outcome };
    return { error: answer.errors?.[0]?.message ?? `The gateway answered ${response.status}.` };
  } catch (error) {
    return { error: `The gateway could not be reached (${(error as Error).message}).` };
  }
}

/**
 * Sends the cart as a Shopify shop's `orders/create` webhook: the order resource as Shopify's REST Admin API
 * shapes it (the cart id made into Shopify's numeric ids), signed with the connection's secret. The cart id
 * is the order id, so placing the same cart twice is the same order.
 */
async function sendShopifyOrder(
  options: StorefrontOptions,
  { orderId: cartId, cart, groups }: Checkout,
): Promise<{ outcome: string } | { error: string }> {
  const now = options.clock().toISOString();
  const orderId = Number.parseInt(cartId.replace(/-/g, "").slice(0, 10), 16);
  const body = JSON.stringify({
    id: orderId,
    created_at: now,
    updated_at: now,
    currency: options.catalog.currency,
    financial_status: "paid",
    fulfillment_status: null,
    cancelled_at: null,
    line_items: cart.map((line, index) => {
      const product = options.catalog.products.get(line.productId);
      return {
        id: orderId * 1_000 + index + 1,
        product_id: Number(product?.platformId),
        quantity: line.quantity,
        price: product?.price,
        properties: [
          ...(line.clickId ? [{ name: "_ld_click", value: line.clickId }] : []),
          ...(groups.length > 0 ? [{ name: "_ld_groups", value: formatHoldoutGroups(groups) }] : []),
        ],
      };
    }),
    refunds: [],
  });
  try {
    const response = await fetch(new URL("/webhooks/shopify", options.graphqlUrl), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": options.shopify.domain,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-triggered-at": now,
        "x-shopify-hmac-sha256": createHmac("sha256", options.shopify.secret).update(body).digest("base64"),
      },
      body,
      signal: AbortSignal.timeout(GATEWAY_DEADLINE_MS),
    });
    if (response.ok) return { outcome: `accepted as Shopify order ${orderId}` };
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    return { error: answer.error ?? `The gateway answered ${response.status}.` };
  } catch (error) {
    return { error: `The gateway could not be reached (${(error as Error).message}).` };
  }
}

/**
 * The cart cookie: `<cart id>~<lines as base64url JSON>~<holdout groups>`; anything malformed is an empty
 * new cart.
 */
function readCart(
  req: IncomingMessage,
  catalog: Catalog,
): { id: string; lines: CartLine[]; groups: CartHoldoutGroup[] } {
  const raw = (req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${CART_COOKIE}=`))
    ?.slice(CART_COOKIE.length + 1);
  const [id = "", encoded = "", groups = ""] = (raw ?? "").split("~");
  if (!ID.test(id)) return { id: randomUUID(), lines: [], groups: [] };
  try {
    const parsed = JSON.parse(Buffer.from(encoded, "base64url").toString()) as unknown;
    const lines = (Array.isArray(parsed) ? parsed : []).filter(
      (line): line is CartLine =>
        typeof line === "object" &&
        line !== null &&
        catalog.products.has(line.productId) &&
        Number.isInteger(line.quantity) &&
        line.quantity >= 1 &&
        line.quantity <= 99 &&
        (line.clickId === null || (typeof line.clickId === "string" && ID.test(line.clickId))),
    );
    return {
      id,
      lines: lines.slice(0, MAX_CART_LINES),
      groups: parseHoldoutGroups(decodeURIComponent(groups)),
    };
  } catch {
    return { id, lines: [], groups: [] };
  }
}

function cartCookie(id: string, lines: CartLine[], groups: CartHoldoutGroup[]): string {
  const encoded = Buffer.from(JSON.stringify(lines)).toString("base64url");
  const carried = encodeURIComponent(formatHoldoutGroups(groups));
  return `${CART_COOKIE}=${id}~${encoded}~${carried}; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}
