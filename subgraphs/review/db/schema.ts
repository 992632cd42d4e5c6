import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** A store of the shop service; review never reads that database. */
    storeId: uuid().notNull(),
    name: text().notNull(),
    imageUrl: text(),
    url: text(),
  },
  (t) => [index("products_store_id").on(t.storeId)],
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

export const widgetClicks = pgTable(
  "widget_clicks",
  {
    /** Made by the widget for each click, so a retried request is stored once. */
    clickId: uuid().primaryKey(),
    widgetId: uuid().notNull(),
    /** Denormalised from the widget so per-store counts need no join. */
    storeId: uuid().notNull(),
    productId: uuid(),
    occurredAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  // Weekly counts per widget read a range of this index, never the whole table.
  (t) => [index("widget_clicks_widget_occurred_at").on(t.widgetId, t.occurredAt)],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type Widget = typeof widgets.$inferSelect;
export type NewWidget = typeof widgets.$inferInsert;
export type WidgetProduct = typeof widgetProducts.$inferInsert;
export type WidgetClick = typeof widgetClicks.$inferSelect;
export type NewWidgetClick = typeof widgetClicks.$inferInsert;
