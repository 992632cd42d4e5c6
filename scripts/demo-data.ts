import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { checkRecipient } from "../lib/email-address.ts";
import type { ReviewDb } from "../subgraphs/review/db/index.ts";
import * as review from "../subgraphs/review/db/schema.ts";
import type { ShopDb } from "../subgraphs/shop/db/index.ts";
import * as shop from "../subgraphs/shop/db/schema.ts";

/**
 * Demo data: four stores (Seoul, New York, Berlin, and one with List Designer off), their catalogues and
 * widgets, and 13 weeks of orders, clicks and impressions up to `now`. The same `now` always gives the same rows: ids are
 * derived from names and every random choice comes from a seeded generator.
 */
export interface DemoData {
  stores: shop.NewStore[];
  orders: shop.NewOrder[];
  orderLines: Omit<shop.NewOrderLine, "id">[];
  products: review.NewProduct[];
  widgets: review.NewWidget[];
  widgetProducts: review.WidgetProduct[];
  clicks: review.NewWidgetClick[];
  /** Impressions as the rollup holds them: per widget and quarter-hour, and per widget and UTC day. */
  impressions: { widgetId: string; bucket: Date; impressions: number }[];
  impressionDays: { widgetId: string; bucket: Date; impressions: number }[];
  /** Each product's unit price: the store's own catalogue (the graph has no prices), for the demo storefront. */
  prices: Record<string, string>;
  /** Brooklyn Goods' "Best sellers" held back from 10 % of browsers for eight weeks, with a real lift. */
  holdoutRuns: (typeof review.holdoutRuns.$inferInsert)[];
  holdoutDays: (typeof review.holdoutDays.$inferInsert)[];
  orderHoldoutGroups: (typeof shop.orderHoldoutGroups.$inferInsert)[];
}

/**
 * The demo holdout: visitors a day with the slot, per group, and orders per visitor, so that eight weeks
 * give a conclusive result (held-out orders well past the minimum). Its orders are of a product no active
 * widget shows, so they change no widget's figures: only what the holdout compares.
 */
const HOLDOUT = {
  share: 10,
  weeks: 8,
  visitorsADay: { exposed: 1_350, heldOut: 150 },
  conversion: { exposed: 0.034, heldOut: 0.025 },
};

const STORES = [
  {
    key: "seoul",
    name: "Seoul Select",
    timezone: "Asia/Seoul",
    locale: "ko",
    currency: "KRW",
    enabled: true,
    price: [9_000, 89_000],
    step: 1_000,
  },
  {
    key: "brooklyn",
    name: "Brooklyn Goods",
    timezone: "America/New_York",
    locale: "en",
    currency: "USD",
    enabled: true,
    price: [8, 140],
    step: 0.01,
  },
  {
    key: "berlin",
    name: "Berlin Atelier",
    timezone: "Europe/Berlin",
    locale: "en",
    currency: "EUR",
    enabled: true,
    price: [6, 120],
    step: 0.01,
  },
  {
    key: "lisbon",
    name: "Lisbon Corner",
    timezone: "Europe/Lisbon",
    locale: "en",
    currency: "EUR",
    enabled: false,
    price: [5, 60],
    step: 0.01,
  },
] as const;

const PRODUCT_NAMES = [
  "Linen Tote",
  "Ceramic Mug",
  "Walnut Tray",
  "Wool Throw",
  "Brass Lamp",
  "Glass Vase",
  "Cotton Apron",
  "Oak Stool",
  "Paper Journal",
  "Clay Planter",
  "Steel Kettle",
  "Silk Scarf",
];
/** The demo products' platform ids: each store's catalogue numbered from here, as on a shop platform. */
export const DEMO_PLATFORM_IDS_FROM = 8_100_000_000;
const WIDGET_NAMES = ["Best sellers", "New arrivals", "Gift ideas", "Staff picks"];
/** Weeks of history: the dashboard's 12-week chart and the week before it, full. */
const WEEKS = 13;
const WEEK_MS = 7 * 86_400_000;
const QUARTER_MS = 15 * 60_000;

export function buildDemoData(now: Date): DemoData {
  const random = seededRandom(20261124);
  // Claims and refunds, and impressions, draw from sequences of their own, so the rest of the data is
  // what it always was.
  const claimRandom = seededRandom(20261203);
  const impressionRandom = seededRandom(20261204);
  const quarters = new Map<string, { widgetId: string; bucket: number; impressions: number }>();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const data: DemoData = {
    stores: [],
    orders: [],
    orderLines: [],
    products: [],
    widgets: [],
    widgetProducts: [],
    clicks: [],
    impressions: [],
    impressionDays: [],
    prices: {},
    holdoutRuns: [],
    holdoutDays: [],
    orderHoldoutGroups: [],
  };
  const historyStart = now.getTime() - WEEKS * WEEK_MS;
  const instant = () => new Date(historyStart + Math.floor(random() * (now.getTime() - historyStart)));

  for (const store of STORES) {
    const storeId = stableId(`store:${store.key}`);
    data.stores.push({
      id: storeId,
      name: store.name,
      timezone: store.timezone,
      locale: store.locale,
      currency: store.currency,
      listDesignerEnabled: store.enabled,
      reportRecipients: [`owner@${store.key}.example`],
    });

    const products = PRODUCT_NAMES.map((name, index) => {
      const id = stableId(`product:${store.key}:${index}`);
      const slug = name.toLowerCase().replace(/ /g, "-");
      data.products.push({
        id,
        storeId,
        name,
        imageUrl: `https://${store.key}.example/images/${slug}.jpg`,
        url: `https://${store.key}.example/products/${slug}`,
        // As a shop platform numbers its products (Shopify's are 64-bit integers).
        platformId: String(DEMO_PLATFORM_IDS_FROM + index),
      });
      const [low, high] = store.price;
      const price = Math.round((low + random() * (high - low)) / store.step) * store.step;
      data.prices[id] = price.toFixed(2);
      return { id, price: price.toFixed(2) };
    });

    WIDGET_NAMES.forEach((name, index) => {
      const widgetId = stableId(`widget:${store.key}:${index}`);
      // The last widget is switched off, so dashboards show an inactive one.
      data.widgets.push({
        id: widgetId,
        storeId,
        name,
        active: index < WIDGET_NAMES.length - 1,
        createdAt: new Date(historyStart + index * 60_000),
      });
      // Widgets overlap: widget i shows products 3i .. 3i+4, so some products appear in two widgets.
      const shown = products.slice(index * 3, index * 3 + 5);
      for (const [position, product] of shown.entries()) {
        data.widgetProducts.push({ widgetId, productId: product.id, position });
      }
      const clickCount = 40 + Math.floor(random() * 60) * (index + 1);
      for (let n = 0; n < clickCount * WEEKS; n++) {
        const occurredAt = instant();
        data.clicks.push({
          clickId: stableId(`click:${store.key}:${index}:${n}`),
          widgetId,
          storeId,
          productId: random() < 0.8 ? pick(shown).id : null,
          occurredAt,
        });
        // Each click comes with 15 to 45 impressions of its widget around it: a CTR of 2% to 7%.
        const bucket = Math.floor(occurredAt.getTime() / QUARTER_MS) * QUARTER_MS;
        const quarter = quarters.get(`${widgetId} ${bucket}`) ?? { widgetId, bucket, impressions: 0 };
        quarter.impressions += 15 + Math.floor(impressionRandom() * 31);
        quarters.set(`${widgetId} ${bucket}`, quarter);
      }
    });

    // The store's clicks on each product, oldest first: what a demo order line may claim.
    const clicksOf = new Map<string, { clickId: string; at: number }[]>();
    for (const click of data.clicks)
      if (click.storeId === storeId && click.productId)
        clicksOf.set(click.productId, [
          ...(clicksOf.get(click.productId) ?? []),
          { clickId: click.clickId, at: click.occurredAt.getTime() },
        ]);
    for (const list of clicksOf.values()) list.sort((a, b) => a.at - b.at);

    const orderCount = WEEKS * (15 + Math.floor(random() * 15));
    for (let n = 0; n < orderCount; n++) {
      const orderId = stableId(`order:${store.key}:${n}`);
      const roll = random();
      const status = roll < 0.8 ? "paid" : roll < 0.9 ? "fulfilled" : roll < 0.96 ? "cancelled" : "refunded";
      const placedAt = instant();
      data.orders.push({ id: orderId, storeId, status, placedAt });
      const lineCount = 1 + Math.floor(random() * 3);
      for (let line = 0; line < lineCount; line++) {
        const product = pick(products);
        const quantity = 1 + Math.floor(random() * 3);
        // Some lines claim a click on their product before the order: the latest one (credited when
        // within the attribution window) or an older one (often too old); a few are partly refunded.
        const earlier = (clicksOf.get(product.id) ?? []).filter((click) => click.at <= placedAt.getTime());
        const roll = claimRandom();
        const claimed =
          earlier.length === 0 || roll >= 0.5
            ? undefined
            : roll < 0.35
              ? earlier.at(-1)
              : earlier[Math.floor(claimRandom() * earlier.length)];
        const refunded = quantity > 1 && claimRandom() < 0.15;
        data.orderLines.push({
          orderId,
          lineId: String(line + 1),
          productId: product.id,
          quantity,
          unitPrice: product.price,
          clickId: claimed?.clickId ?? null,
          refundedQuantity: refunded ? 1 : 0,
          refundedAmount: refunded ? product.price : "0",
        });
      }
    }
  }
  addHoldout(data, now);
  const days = new Map<string, { widgetId: string; bucket: number; impressions: number }>();
  for (const quarter of quarters.values()) {
    data.impressions.push({ ...quarter, bucket: new Date(quarter.bucket) });
    const bucket = Math.floor(quarter.bucket / 86_400_000) * 86_400_000;
    const day = days.get(`${quarter.widgetId} ${bucket}`) ?? {
      widgetId: quarter.widgetId,
      bucket,
      impressions: 0,
    };
    day.impressions += quarter.impressions;
    days.set(`${quarter.widgetId} ${bucket}`, day);
  }
  for (const day of days.values()) data.impressionDays.push({ ...day, bucket: new Date(day.bucket) });
  return data;
}

/** Brooklyn's holdout: the run, each day's visitors and slot views per group, and each group's orders. */
function addHoldout(data: DemoData, now: Date) {
  const random = seededRandom(20261207);
  const storeId = stableId("store:brooklyn");
  const runId = stableId("holdout:brooklyn:0");
  const startedAt = new Date(now.getTime() - HOLDOUT.weeks * WEEK_MS - 3_600_000);
  data.holdoutRuns.push({
    id: runId,
    storeId,
    widgetId: stableId("widget:brooklyn:0"),
    share: HOLDOUT.share,
    startedAt,
    startedBy: "store_token",
  });
  // A product only the inactive widget shows: its sales are in no active widget's figures.
  const product = data.products.filter((p) => p.storeId === storeId).at(-1);
  if (!product?.id) throw new Error("Brooklyn Goods has no products");
  const price = data.prices[product.id] ?? "0.00";
  const startDay = Math.floor(startedAt.getTime() / 86_400_000) * 86_400_000;
  for (let day = 0; day < HOLDOUT.weeks * 7; day++) {
    for (const group of ["exposed", "heldOut"] as const) {
      const visitors = Math.round(HOLDOUT.visitorsADay[group] * (0.85 + 0.3 * random()));
      data.holdoutDays.push({
        runId,
        heldOut: group === "heldOut",
        day: new Date(startDay + day * 86_400_000).toISOString().slice(0, 10),
        visitors,
        slotViews: Math.round(visitors * (1.4 + 0.6 * random())),
      });
      for (let visitor = 0; visitor < visitors; visitor++) {
        if (random() >= HOLDOUT.conversion[group]) continue;
        const placedAt = new Date(startedAt.getTime() + (day + random()) * 86_400_000);
        if (placedAt > now) continue;
        const orderId = stableId(`holdout-order:brooklyn:${day}:${group}:${visitor}`);
        data.orders.push({ id: orderId, storeId, status: "paid", placedAt, updatedAt: placedAt });
        data.orderLines.push({
          orderId,
          lineId: "1",
          productId: product.id,
          quantity: 1 + Math.floor(random() * 3),
          unitPrice: price,
          refundedQuantity: 0,
          refundedAmount: "0",
        });
        data.orderHoldoutGroups.push({ orderId, runId, heldOut: group === "heldOut" });
      }
    }
  }
}

/** Inserts demo data into empty databases. Returns false (and writes nothing) if the shop already has stores. */
export async function seedDemoData(shopDb: ShopDb, reviewDb: ReviewDb, data: DemoData): Promise<boolean> {
  const [{ count } = { count: 0 }] = await shopDb
    .select({ count: sql<number>`count(*)::int` })
    .from(shop.stores);
  if (count > 0) return false;
  for (const store of data.stores)
    for (const recipient of store.reportRecipients ?? []) {
      const check = checkRecipient(recipient);
      if (!check.ok)
        throw new Error(`${store.name}: report recipient ${JSON.stringify(recipient)}: ${check.reason}`);
    }
  await shopDb.transaction(async (tx) => {
    await tx.insert(shop.stores).values(data.stores);
    for (const rows of chunks(data.orders)) await tx.insert(shop.orders).values(rows);
    for (const rows of chunks(data.orderLines)) await tx.insert(shop.orderLines).values(rows);
    for (const rows of chunks(data.orderHoldoutGroups)) await tx.insert(shop.orderHoldoutGroups).values(rows);
  });
  await reviewDb.transaction(async (tx) => {
    await tx.insert(review.products).values(data.products);
    await tx.insert(review.widgets).values(data.widgets);
    await tx.insert(review.widgetProducts).values(data.widgetProducts);
    for (const rows of chunks(data.clicks)) await tx.insert(review.widgetClicks).values(rows);
    for (const rows of chunks(data.impressions)) await tx.insert(review.widgetImpressions).values(rows);
    for (const rows of chunks(data.impressionDays)) await tx.insert(review.widgetImpressionDays).values(rows);
    await tx.insert(review.holdoutRuns).values(data.holdoutRuns);
    await tx.insert(review.holdoutDays).values(data.holdoutDays);
  });
  return true;
}

/** A UUID derived from a name, so demo ids are the same on every machine. */
export function stableId(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** mulberry32: small, fast, and good enough to make demo data look organic. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function* chunks<T>(rows: T[], size = 2_000): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}
