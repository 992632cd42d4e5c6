import { buildDemoData, stableId } from "../scripts/demo-data.ts";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A demo storefront (Brooklyn Goods) with the tracker on it, on another origin than the gateway as a real
 * shop would be: its active widgets, far enough apart that one is seen only after scrolling, and product
 * links that navigate, so a newcomer can click around and watch the counts move in the dashboard.
 */
export function demoStorefrontHtml(trackerSrc: string, product?: string): string {
  widgets ??= demoWidgetsHtml();
  const shown = widgets;
  const body = product
    ? `<h1>${escapeHtml(product)}</h1><p><a href="/demo-storefront">Back to the shop</a></p>`
    : `<h1>Brooklyn Goods</h1><p>A demo storefront. Widgets count an impression when half in view for a second; product links record a click.</p>
       ${shown.map((w, i) => (i === shown.length - 1 ? `<div class="spacer">Scroll down…</div>${w}` : w)).join("")}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brooklyn Goods (demo)</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:24px auto;padding:0 16px}
.widget{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}.spacer{height:1400px;color:#999}</style>
<script src="${escapeHtml(trackerSrc)}" defer></script></head><body>${body}</body></html>`;
}

/** The store's active widgets as HTML: the same ids and names every time, so made once, not per page. */
let widgets: string[] | undefined;

function demoWidgetsHtml(): string[] {
  const data = buildDemoData(new Date());
  const storeId = stableId("store:brooklyn");
  const products = new Map(data.products.filter((p) => p.storeId === storeId).map((p) => [p.id, p]));
  return data.widgets
    .filter((w) => w.storeId === storeId && w.active)
    .map((w) => {
      const links = data.widgetProducts
        .filter((wp) => wp.widgetId === w.id)
        .map((wp) => products.get(wp.productId))
        .map(
          (p) =>
            `<li><a data-ld-product="${p?.id}" href="/demo-storefront/products/${encodeURIComponent(p?.name ?? "")}">${escapeHtml(p?.name ?? "")}</a></li>`,
        )
        .join("");
      return `<section class="widget" data-ld-widget="${w.id}"><h2>${escapeHtml(w.name)}</h2><ul>${links}</ul></section>`;
    });
}
