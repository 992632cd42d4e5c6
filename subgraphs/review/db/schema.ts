import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** A store of the shop service; review never reads that database. */
    storeId: uuid().notNull(),
    name: text().notNull(),
    imageUrl: text(),
    url: text(),
    /** The product's id on the store's shop platform (Shopify's or WooCommerce's), as its orders name it. */
    platformId: text(),
  },
  (t) => [
    index("products_store_id").on(t.storeId),
    unique("products_store_platform_id").on(t.storeId, t.platformId),
  ],
);

export const widgets = pgTable(
  "widgets",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid().notNull(),
    name: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("widgets_store_id").on(t.storeId)],
);

export const widgetProducts = pgTable(
  "widget_products",
  {
    widgetId: uuid()
      .notNull()
      .references(() => widgets.id, { onDelete: "cascade" }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.widgetId, t.productId] }),
    index("widget_products_product_id").on(t.productId),
  ],
);

/**
 * One row per counted click. Range-partitioned by week on `occurred_at` (migration 0002, which drizzle-kit
 * cannot declare), so a weekly count reads one week's partitions and old weeks are dropped whole.
 * A partitioned table's unique keys must include the partition key, so "once per clickId" lives in
 * `click_ids` instead.
 */
export const widgetClicks = pgTable(
  "widget_clicks",
  {
    clickId: uuid().notNull(),
    widgetId: uuid().notNull(),
    /** Denormalised from the widget so per-store counts need no join. */
    storeId: uuid().notNull(),
    productId: uuid(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    // Weekly counts per widget read a range of this index within one week's partition.
    index("widget_clicks_widget_occurred_at").on(t.widgetId, t.occurredAt),
    // The attribution job looks clicks up by id, within the few partitions an order's window spans.
    index("widget_clicks_click_id").on(t.clickId),
  ],
);

/** Every click id seen recently, and whether it was counted: what makes a retried click answer the same. */
export const clickIds = pgTable(
  "click_ids",
  {
    clickId: uuid().primaryKey(),
    counted: boolean().notNull(),
    seenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("click_ids_seen_at").on(t.seenAt)],
);

/**
 * Events counted per address (a salted hash of the address alone) and widget in the current window: a cap
 * that rotating the user agent (a new "visitor" each time) cannot get round. `lastGranted` is how many the
 * last write let through, so one statement can both raise the count and say what it allowed
 * (db/queries/origin-windows.ts). One table for clicks, one for impressions, of the same shape.
 */
const originWindowTable = <N extends string>(name: N) =>
  pgTable(
    name,
    {
      origin: text().notNull(),
      widgetId: uuid().notNull(),
      windowStart: timestamp({ withTimezone: true }).notNull(),
      counted: integer().notNull(),
      lastGranted: integer().notNull(),
    },
    (t) => [primaryKey({ columns: [t.origin, t.widgetId] }), index(`${name}_window_start`).on(t.windowStart)],
  );

export const originWindows = originWindowTable("origin_windows");
export const impressionOriginWindows = originWindowTable("impression_origin_windows");
/** How many of an address's slot views of a widget counted in the window (`recordSlotViews`). */
export const slotViewOriginWindows = originWindowTable("slot_view_origin_windows");
/** How many of an address's repeat clicks on a widget were kept for claims in the window (`repeatClicks`). */
export const repeatOriginWindows = originWindowTable("repeat_origin_windows");

/**
 * A visitor's further clicks on a widget within the repeat window: not counted, but a real click on a
 * product of the widget, so an order line may still claim it (a shopper who compares clicks P, then Q,
 * and buys Q). Kept as long as click ids are, at most the per-address cap per widget and window.
 */
export const repeatClicks = pgTable(
  "repeat_clicks",
  {
    clickId: uuid().primaryKey(),
    widgetId: uuid().notNull(),
    storeId: uuid().notNull(),
    productId: uuid().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("repeat_clicks_occurred_at").on(t.occurredAt)],
);

/** When a visitor (a salted hash, never an address) last had a click counted on a widget. */
export const visitorWindows = pgTable(
  "visitor_windows",
  {
    visitor: text().notNull(),
    widgetId: uuid().notNull(),
    lastCountedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.visitor, t.widgetId] }),
    index("visitor_windows_last_counted_at").on(t.lastCountedAt),
  ],
);

/** One random salt per UTC day, shared by all review instances and deleted after two days. */
export const visitorSalts = pgTable("visitor_salts", {
  day: date({ mode: "string" }).primaryKey(),
  salt: text().notNull(),
});

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type Widget = typeof widgets.$inferSelect;
export type NewWidget = typeof widgets.$inferInsert;
export type WidgetProduct = typeof widgetProducts.$inferInsert;
export type WidgetClick = typeof widgetClicks.$inferSelect;
export type NewWidgetClick = typeof widgetClicks.$inferInsert;

/**
 * Every impression id seen recently: what makes a retried batch count each impression once. Kept two
 * days: the tracker retries an impression only within the page view that made it.
 */
export const impressionIds = pgTable(
  "impression_ids",
  {
    impressionId: uuid().primaryKey(),
    seenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("impression_ids_seen_at").on(t.seenAt)],
);

/**
 * Impressions as a rollup, in two levels (no row per impression is kept): one row per widget and 15
 * minutes, and one per widget and UTC day, both raised in the statement that records the impressions'
 * ids. See {@link widgetClickQuarters} for why two levels, and how a count reads them.
 */
export const widgetImpressions = pgTable(
  "widget_impressions",
  {
    widgetId: uuid().notNull(),
    bucket: timestamp({ withTimezone: true }).notNull(),
    impressions: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.widgetId, t.bucket] })],
);

/** Impressions per widget and UTC day (`bucket` is its midnight): the upper level of the rollup. */
export const widgetImpressionDays = pgTable(
  "widget_impression_days",
  {
    widgetId: uuid().notNull(),
    bucket: timestamp({ withTimezone: true }).notNull(),
    impressions: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.widgetId, t.bucket] })],
);

/**
 * Counted clicks as a rollup of `widget_clicks`: one row per widget and 15 minutes (`bucket`, aligned to
 * UTC), kept equal to the raw rows by a trigger on every insert into `widget_clicks` (migration 0004),
 * whoever writes them, and pruned with the partitions they summarise.
 *
 * Every timezone in use today is offset from UTC by a multiple of 15 minutes, so a week or a range in any
 * store's timezone, chosen when the count is asked, is an exact sum of whole quarter-hours. Whole UTC
 * days inside the range are read from {@link widgetClickDays} instead: a week reads at most 7 day rows
 * and the quarter-hours of the part-days at its two ends (a day's worth, 96, in all), however many
 * clicks it had.
 */
export const widgetClickQuarters = pgTable(
  "widget_click_quarters",
  {
    widgetId: uuid().notNull(),
    bucket: timestamp({ withTimezone: true }).notNull(),
    clicks: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.widgetId, t.bucket] })],
);

/** Counted clicks per widget and UTC day (`bucket` is its midnight): the upper level of the rollup. */
export const widgetClickDays = pgTable(
  "widget_click_days",
  {
    widgetId: uuid().notNull(),
    bucket: timestamp({ withTimezone: true }).notNull(),
    clicks: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.widgetId, t.bucket] })],
);

/**
 * A widget's holdout: from `startedAt` to `stoppedAt`, each browser with the widget's slot on a page draws
 * once whether it is held out (`share` percent of them: the widget is not shown) or exposed. Starting,
 * changing or stopping a holdout ends the running run and starts a new one, with its own dates.
 */
export const holdoutRuns = pgTable(
  "holdout_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid().notNull(),
    widgetId: uuid()
      .notNull()
      .references(() => widgets.id, { onDelete: "cascade" }),
    /** Percent of browsers held out: 5 to 50. */
    share: smallint().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    stoppedAt: timestamp({ withTimezone: true }),
    /** Who started and who stopped it: a settings actor and its address or key id, as shop's history names them. */
    startedBy: text().notNull(),
    startedByRef: text(),
    stoppedBy: text(),
    stoppedByRef: text(),
  },
  (t) => [
    check("holdout_runs_share", sql`${t.share} between 5 and 50`),
    uniqueIndex("holdout_runs_running").on(t.widgetId).where(sql`${t.stoppedAt} is null`),
    index("holdout_runs_store_id").on(t.storeId),
  ],
);

/** Every slot view id seen recently: a retried batch counts each slot view once (kept two days). */
export const slotViewIds = pgTable(
  "slot_view_ids",
  {
    slotViewId: uuid().primaryKey(),
    seenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("slot_view_ids_seen_at").on(t.seenAt)],
);

/**
 * Slot views as a rollup per run, group and UTC day (no row per view is kept): page views where the
 * widget's slot was on the page, shown or held back, and visitors, the browsers whose first slot view of
 * the run it was.
 */
export const holdoutDays = pgTable(
  "holdout_days",
  {
    runId: uuid()
      .notNull()
      .references(() => holdoutRuns.id, { onDelete: "cascade" }),
    heldOut: boolean().notNull(),
    day: date().notNull(),
    slotViews: integer().notNull(),
    visitors: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.heldOut, t.day] })],
);

export type HoldoutRun = typeof holdoutRuns.$inferSelect;
