/**
 * The storefront tracker: records List Designer widget impressions and clicks through the gateway's
 * public mutations. No dependencies, no cookies, nothing stored but events not yet acknowledged.
 *
 *   <script src="https://<gateway>/tracker.js" defer></script>
 *   <section data-ld-widget="<widget id>"> <a data-ld-product="<product id>" href="..."> ... </section>
 *
 * An impression is a widget at least half in view for one continuous second, once per page view (the ad
 * industry's viewability rule); impressions go in batches. A click on a marked product link is sent with
 * `keepalive`, so it survives the navigation it starts; one that fails is kept in sessionStorage and sent
 * again, with the same id, until the gateway acknowledges it.
 *
 * So that a sale can be credited to the widget click that led to it, the tracker keeps, in the
 * storefront's own localStorage, the last click of each product (click id, widget, time) for 7 days, and
 * nothing about the visitor. The storefront's add-to-cart carries it to the order line's `clickId`:
 *
 *   ListDesigner.clickFor("<product id>")            // the click id, or null
 *   <form data-ld-add-to-cart="<product id>">        // gets <input type="hidden" name="ld_click_id">
 *
 * On a shop platform the tag says which (`data-platform="shopify"` or `"woocommerce"`), the form's input is
 * the platform's cart field (see CLICK_INPUTS), and a widget's links may name the platform's product
 * (`data-ld-platform-product="{{ product.id }}"`) so that its product page can mark its form with that id.
 *
 * `<script ... data-attribution="off">` keeps nothing and answers null.
 *
 * Holdouts (tracker/holdouts.ts): `<script src="https://<gateway>/tracker.js?store=<store id>">`, without
 * `defer`, in the `<head>`, hides the widgets this browser is held out of before they are painted, sends a
 * slot view per page view of each widget a run holds, and gives marked add-to-cart forms the browser's
 * groups beside the click (`ListDesigner.holdoutGroups()` for carts in JavaScript).
 */

import { applyHoldouts, type HoldoutConfig, type SlotView } from "./holdouts.ts";
import { CLICK_MUTATION, IMPRESSIONS_MUTATION, SLOT_VIEWS_MUTATION } from "./operations.ts";

export interface TrackerOptions {
  /** The gateway's GraphQL endpoint. */
  endpoint: string;
  /** Where the page's widgets are looked for (default: the document). */
  root?: ParentNode;
  /** Keep each product's last click for attribution (default: on). */
  attribution?: boolean;
  /** Which cart field the add-to-cart forms carry the click in (default: `custom`, `ld_click_id`). */
  platform?: StorefrontPlatform;
  /** The store's running holdouts (what `/tracker.js?store=<id>` puts in `window.ListDesignerHoldouts`). */
  holdouts?: HoldoutConfig;
}

const PENDING_KEY = "ld-pending-clicks";
const MAX_PENDING = 50;
const MAX_BATCH = 50;
const VISIBLE_MS = 1_000;
const FLUSH_MS = 2_000;
const CLICKS_KEY = "ld-clicks";
/** As long as a click can be credited (ATTRIBUTION_WINDOW_DAYS' default). */
const ATTRIBUTION_MS = 7 * 86_400_000;
const MAX_KEPT_CLICKS = 50;
/**
 * The hidden input a marked add-to-cart form gets, by the storefront's platform: Shopify keeps a
 * `properties[...]` input as the cart line's property (an underscore hides it from the shopper), and the
 * documented WooCommerce snippet stores `ld_click` as the line's `_ld_click` meta; a storefront of its own
 * reads `ld_click_id`.
 */
export const CLICK_INPUTS = {
  shopify: "properties[_ld_click]",
  woocommerce: "ld_click",
  custom: "ld_click_id",
} as const;
export type StorefrontPlatform = keyof typeof CLICK_INPUTS;
/** The hidden input that carries the browser's holdout groups, beside the click's, by platform. */
const GROUPS_INPUTS: Record<StorefrontPlatform, string> = {
  shopify: "properties[_ld_groups]",
  woocommerce: "ld_groups",
  custom: "ld_holdout_groups",
};

interface PendingClick {
  widgetId: string;
  productId: string | null;
  clickId: string;
}

function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Outside a secure context (a plain-http page) randomUUID is missing: a version 4 UUID from random bytes.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The last click of each product: product id → [click id, widget id, time in ms]. */
type KeptClicks = Record<string, [string, string, number]>;

function keptClicks(): KeptClicks {
  try {
    const kept = JSON.parse(localStorage.getItem(CLICKS_KEY) ?? "{}") as KeptClicks;
    for (const [product, [, , at]] of Object.entries(kept))
      if (Date.now() - at > ATTRIBUTION_MS) delete kept[product];
    return kept;
  } catch {
    return {};
  }
}

export function startTracker({
  endpoint,
  root = document,
  attribution = true,
  platform = "custom",
  holdouts: config,
}: TrackerOptions) {
  // First, before anything of the page is painted: held-out widgets hidden.
  const holdouts = applyHoldouts(config, uuid);
  const known = platform in CLICK_INPUTS ? platform : "custom";
  const clickInput = CLICK_INPUTS[known];
  const groupsInput = GROUPS_INPUTS[known];
  /** Widgets already counted in this page view, and those waiting out their second in view. */
  const seen = new Set<string>();
  const timers = new Map<Element, number>();
  const queue: { widgetId: string; impressionId: string }[] = [];
  /** Slot views of this page view (one per widget a run holds), and those not sent yet. */
  const slotted = new Set<string>();
  const slotViews: SlotView[] = [];
  let flushTimer = 0;
  let retryDelay = 1_000;

  const post = (query: string, variables: object) =>
    fetch(endpoint, {
      method: "POST",
      keepalive: true,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });

  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = 0;
    while (queue.length > 0) {
      const impressions = queue.splice(0, MAX_BATCH);
      // Impressions are not kept across pages: a lost batch is a lost view, not a lost sale signal.
      post(IMPRESSIONS_MUTATION, { input: { impressions } }).catch(() => undefined);
    }
    while (slotViews.length > 0) {
      const batch = slotViews.splice(0, MAX_BATCH);
      // A lost slot view is a lost page view; a browser's first one is sent again, same id, until taken.
      post(SLOT_VIEWS_MUTATION, { input: { slotViews: batch } })
        .then((response) => response.json())
        .then(
          (answer: {
            data?: { recordSlotViews?: { results: { accepted: boolean; duplicate: boolean }[] } };
          }) =>
            answer.data?.recordSlotViews?.results.forEach((result, i) => {
              const view = batch[i];
              if (view?.firstInRun && (result.accepted || result.duplicate)) holdouts.enrolled(view.runId);
            }),
        )
        .catch(() => undefined);
    }
  };
  const schedule = () => {
    if (queue.length >= MAX_BATCH || slotViews.length >= MAX_BATCH) flush();
    else flushTimer ||= window.setTimeout(flush, FLUSH_MS);
  };
  /** A widget's slot on this page: one slot view per page view when a run holds it, shown or not. */
  const slot = (widget: Element) => {
    const widgetId = (widget as HTMLElement).dataset.ldWidget;
    if (!widgetId || slotted.has(widgetId)) return;
    const view = holdouts.slotView(widgetId);
    if (!view) return;
    slotted.add(widgetId);
    slotViews.push(view);
    schedule();
  };
  const enqueue = (widgetId: string) => {
    if (seen.has(widgetId)) return;
    seen.add(widgetId);
    queue.push({ widgetId, impressionId: uuid() });
    schedule();
  };

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const widgetId = (entry.target as HTMLElement).dataset.ldWidget;
        if (!widgetId) continue;
        const timer = timers.get(entry.target);
        if (entry.intersectionRatio >= 0.5 && timer === undefined && !seen.has(widgetId)) {
          timers.set(
            entry.target,
            window.setTimeout(() => {
              timers.delete(entry.target);
              enqueue(widgetId);
            }, VISIBLE_MS),
          );
        } else if (entry.intersectionRatio < 0.5 && timer !== undefined) {
          clearTimeout(timer);
          timers.delete(entry.target);
        }
      }
    },
    { threshold: [0, 0.5, 1] },
  );
  const watch = (node: ParentNode) => {
    const widgets = [...node.querySelectorAll("[data-ld-widget]")];
    if (node instanceof Element && node.matches("[data-ld-widget]")) widgets.push(node);
    for (const widget of widgets) {
      observer.observe(widget);
      slot(widget);
    }
  };
  watch(root);
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof Element) watch(node);
  }).observe(root instanceof Document ? root.documentElement : (root as Node), {
    childList: true,
    subtree: true,
  });

  const pending = (): PendingClick[] => {
    try {
      return JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "[]") as PendingClick[];
    } catch {
      return [];
    }
  };
  const keep = (clicks: PendingClick[]) => {
    try {
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(clicks.slice(-MAX_PENDING)));
    } catch {
      // Storage full or disabled: the click is still sent once.
    }
  };
  const sendClick = async (click: PendingClick) => {
    try {
      const response = await post(CLICK_MUTATION, { input: click });
      // Acknowledged (or refused for good, 4xx): either way it is done.
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
        keep(pending().filter((c) => c.clickId !== click.clickId));
        retryDelay = 1_000;
        return;
      }
      const after = Number(response.headers.get("retry-after"));
      if (after > 0) retryDelay = after * 1_000;
    } catch {
      // Offline or cut off: retried below.
    }
    window.setTimeout(() => void sendClick(click), retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60_000);
  };

  root.addEventListener(
    "click",
    (event) => {
      const link = (event.target as Element | null)?.closest?.("[data-ld-product]") as HTMLElement | null;
      const widget = link?.closest("[data-ld-widget]") as HTMLElement | null;
      const widgetId = widget?.dataset.ldWidget;
      if (!link || !widgetId) return;
      const click = { widgetId, productId: link.dataset.ldProduct ?? null, clickId: uuid() };
      keep([...pending(), click]);
      void sendClick(click);
      // Kept under the graph's product id and, when the link names it, the platform's: a product page on
      // Shopify or WooCommerce knows only its own.
      if (attribution && click.productId) remember(click.productId, click.clickId, widgetId);
      const platformId = link.dataset.ldPlatformProduct;
      if (attribution && platformId) remember(platformId, click.clickId, widgetId);
    },
    { capture: true },
  );

  const remember = (productId: string, clickId: string, widgetId: string) => {
    const kept = keptClicks();
    kept[productId] = [clickId, widgetId, Date.now()];
    const newest = Object.entries(kept)
      .sort((a, b) => b[1][2] - a[1][2])
      .slice(0, MAX_KEPT_CLICKS);
    try {
      localStorage.setItem(CLICKS_KEY, JSON.stringify(Object.fromEntries(newest)));
    } catch {
      // Storage full or disabled: this click credits nothing.
    }
  };
  const clickFor = (productId: string): string | null =>
    attribution ? (keptClicks()[productId]?.[0] ?? null) : null;
  // A marked add-to-cart form carries the product's click as it is submitted.
  root.addEventListener(
    "submit",
    (event) => {
      const form = event.target as HTMLFormElement;
      const productId = form.dataset?.ldAddToCart;
      if (!productId) return;
      let input = form.elements.namedItem(clickInput) as HTMLInputElement | null;
      if (!input) {
        input = Object.assign(document.createElement("input"), { type: "hidden", name: clickInput });
        form.append(input);
      }
      input.value = clickFor(productId) ?? "";
      const groups = holdouts.groups();
      if (!groups) return;
      let carried = form.elements.namedItem(groupsInput) as HTMLInputElement | null;
      if (!carried) {
        carried = Object.assign(document.createElement("input"), { type: "hidden", name: groupsInput });
        form.append(carried);
      }
      carried.value = groups;
    },
    { capture: true },
  );
  // The page going away sends what it has; clicks kept from an earlier page of this tab go again.
  addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  addEventListener("pagehide", flush);
  for (const click of pending()) void sendClick(click);
  return { flush, clickFor, holdoutGroups: holdouts.groups };
}

/** As a `<script>` tag: the endpoint is the script's own origin, or its `data-endpoint` attribute. */
const script = typeof document !== "undefined" ? (document.currentScript as HTMLScriptElement | null) : null;
if (script?.src) {
  const tracker = startTracker({
    endpoint: script.dataset.endpoint ?? new URL("/graphql", script.src).href,
    attribution: script.dataset.attribution !== "off",
    platform: script.dataset.platform as StorefrontPlatform | undefined,
    holdouts: (window as unknown as { ListDesignerHoldouts?: HoldoutConfig }).ListDesignerHoldouts,
  });
  (window as unknown as { ListDesigner: object }).ListDesigner = {
    clickFor: tracker.clickFor,
    holdoutGroups: tracker.holdoutGroups,
  };
}
