import { escapeHtml } from "../../../lib/html.ts";
import { sumAmounts } from "../../../lib/money.ts";
import { buildDemoData, stableId } from "../../demo-data.ts";

/** What a store's own shop system knows and the graph does not: its catalogue with prices. */
export interface Catalog {
  storeId: string;
  name: string;
  currency: string;
  /** The widgets the storefront shows, in page order. */
  widgets: { id: string; name: string; productIds: string[] }[];
  /** Each product with its id on the store's shop platform (what its Shopify-shaped orders name). */
  products: Map<string, { id: string; name: string; price: string; platformId: string }>;
}

/** One line of a visitor's cart, with the widget click its add-to-cart carried (if any). */
export interface CartLine {
  productId: string;
  quantity: number;
  clickId: string | null;
}

/** Brooklyn Goods as the demo data has it: its active widgets and their products with prices. */
export function demoCatalog(): Catalog {
  const data = buildDemoData(new Date(0)); // ids, names and prices do not depend on the instant
  const storeId = stableId("store:brooklyn");
  const store = data.stores.find((s) => s.id === storeId);
  const products = new Map(
    data.products
      .filter((p) => p.storeId === storeId)
      .map((p) => {
        const id = String(p.id); // demo rows always carry their (stable) id
        const platformId = String(p.platformId);
        return [id, { id, name: p.name, price: data.prices[id] ?? "0.00", platformId }] as const;
      }),
  );
  const widgets = data.widgets
    .filter((w) => w.storeId === storeId && w.active)
    .map((w) => ({
      id: String(w.id),
      name: w.name,
      productIds: data.widgetProducts.filter((wp) => wp.widgetId === w.id).map((wp) => wp.productId),
    }));
  return {
    storeId,
    name: store?.name ?? "Brooklyn Goods",
    currency: store?.currency ?? "USD",
    widgets,
    products,
  };
}

/**
 * A page of the demo storefront, with the tracker on it (another origin than the gateway, as a real
 * shop's would be): in <head> and without defer, so a widget the visitor is held out of is hidden before
 * it is painted.
 */
function page(catalog: Catalog, trackerSrc: string, title: string, body: string, cartCount: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(catalog.name)} (demo)</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:24px auto;padding:0 16px;line-height:1.5}
header{display:flex;justify-content:space-between;align-items:baseline;gap:16px;flex-wrap:wrap}
.widget{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}.spacer{height:1400px;color:#999}
table{border-collapse:collapse;width:100%}td,th{padding:6px 8px;border-bottom:1px solid #eee;text-align:left}
.num{text-align:right}button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #333;background:#111;color:#fff;cursor:pointer}
input[type=number]{font:inherit;width:4em;padding:6px}.notice{background:#f3f6ff;border-radius:8px;padding:12px 16px}
.error{background:#fff1f0;border-radius:8px;padding:12px 16px}</style>
<script src="${escapeHtml(trackerSrc)}" data-platform="shopify"></script></head><body>
<header><p><a href="/"><strong>${escapeHtml(catalog.name)}</strong></a> · demo storefront</p>
<p><a href="/cart" data-testid="cart-link">Cart (${cartCount})</a></p></header>${body}</body></html>`;
}

export interface PageContext {
  catalog: Catalog;
  trackerSrc: string;
  cart: CartLine[];
}

const money = (catalog: Catalog, amount: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency: catalog.currency }).format(Number(amount));
const count = (cart: CartLine[]) => cart.reduce((sum, line) => sum + line.quantity, 0);

/** The home page: the store's widgets, far enough apart that the last is seen only after scrolling. */
export function homePage({ catalog, trackerSrc, cart }: PageContext): string {
  const widgets = catalog.widgets.map((w) => {
    const links = w.productIds
      .map((id) => catalog.products.get(id))
      .filter((p) => p !== undefined)
      .map(
        (p) =>
          `<li><a data-ld-product="${p.id}" data-ld-platform-product="${p.platformId}" href="/products/${p.id}">${escapeHtml(p.name)}</a> · ${money(catalog, p.price)}</li>`,
      )
      .join("");
    return `<section class="widget" data-ld-widget="${w.id}"><h2>${escapeHtml(w.name)}</h2><ul>${links}</ul></section>`;
  });
  const body = `<h1>${escapeHtml(catalog.name)}</h1>
<p>Widgets count an impression when half in view for a second; product links record a click. Add a product
to the cart from its page and check out: the order reaches the graph with the click, and the widget is credited
with the sale within a minute.</p>
${widgets.map((w, i) => (i === widgets.length - 1 ? `<div class="spacer">Scroll down…</div>${w}` : w)).join("")}`;
  return page(catalog, trackerSrc, "Shop", body, count(cart));
}

/**
 * A product's page: its price and an add-to-cart form the tracker marks with the product's last click,
 * named by its platform id as a Shopify theme's product form would (`{{ product.id }}`).
 */
export function productPage({ catalog, trackerSrc, cart }: PageContext, productId: string): string | null {
  const product = catalog.products.get(productId);
  if (!product) return null;
  const body = `<h1>${escapeHtml(product.name)}</h1><p data-testid="price">${money(catalog, product.price)}</p>
<form method="post" action="/cart" data-ld-add-to-cart="${product.platformId}">
<input type="hidden" name="product" value="${product.id}">
<label>Quantity <input type="number" name="quantity" value="1" min="1" max="99"></label>
<button type="submit">Add to cart</button></form>
<p><a href="/">Back to the shop</a></p>`;
  return page(catalog, trackerSrc, product.name, body, count(cart));
}

/** The cart, its total, and the checkout button; `notice` says what just happened. */
export function cartPage({ catalog, trackerSrc, cart }: PageContext, notice?: string): string {
  const rows = cart
    .map((line) => {
      const product = catalog.products.get(line.productId);
      if (!product) return "";
      const total = lineTotal(product.price, line.quantity);
      return `<tr><td>${escapeHtml(product.name)}${line.clickId ? " <small>(from a widget)</small>" : ""}</td>
<td class="num">${line.quantity}</td><td class="num">${money(catalog, total)}</td></tr>`;
    })
    .join("");
  const body = `<h1>Cart</h1>${notice ? `<p class="notice">${escapeHtml(notice)}</p>` : ""}${
    cart.length === 0
      ? "<p>Your cart is empty.</p>"
      : `<table data-testid="cart"><thead><tr><th>Product</th><th class="num">Quantity</th><th class="num">Total</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>Total <strong data-testid="cart-total">${money(catalog, cartTotal(catalog, cart))}</strong></p>
<form method="post" action="/checkout"><p><button type="submit" name="via" value="graph">Place order</button>
<button type="submit" name="via" value="shopify">Place order through Shopify</button></p>
<p><small>The first sends the order to the graph's <code>upsertOrder</code> with the store's key; the second as the
signed <code>orders/create</code> webhook a Shopify shop sends.</small></p></form>`
  }<p><a href="/">Keep shopping</a></p>`;
  return page(catalog, trackerSrc, "Cart", body, count(cart));
}

/** After checkout: the order as the graph acknowledged it. */
export function orderPage(
  { catalog, trackerSrc }: PageContext,
  order: { orderId: string; total: string; credited: number; via: "graph" | "shopify" },
): string {
  const body = `<h1>Thank you</h1><p class="notice" data-testid="order">Order <strong data-testid="order-id">${escapeHtml(order.orderId)}</strong>
placed: <span data-testid="order-total">${money(catalog, order.total)}</span>${order.via === "shopify" ? ", sent as Shopify's signed webhook" : ""}.</p>
<p>${order.credited > 0 ? `${order.credited} of its lines came from a widget click; the widget is credited with ${order.credited === 1 ? "it" : "them"} within a minute.` : "None of its lines came from a widget click."}</p>
<p><a href="/">Back to the shop</a></p>`;
  return page(catalog, trackerSrc, "Order placed", body, 0);
}

/** When the order could not be placed: what went wrong, with the cart kept. */
export function errorPage({ catalog, trackerSrc, cart }: PageContext, message: string): string {
  const body = `<h1>The order was not placed</h1><p class="error" data-testid="error">${escapeHtml(message)}</p>
<p>Your cart is kept: <a href="/cart">try again</a>.</p>`;
  return page(catalog, trackerSrc, "Order not placed", body, count(cart));
}

/** A line's total, exactly: the project's one decimal sum, never a float. */
const lineTotal = (price: string, quantity: number) => sumAmounts(Array(quantity).fill(price));

/** The cart's total in the catalogue's prices (never the browser's), exactly. */
export function cartTotal(catalog: Catalog, cart: CartLine[]): string {
  return sumAmounts(
    cart.map((line) => lineTotal(catalog.products.get(line.productId)?.price ?? "0", line.quantity)),
  );
}
