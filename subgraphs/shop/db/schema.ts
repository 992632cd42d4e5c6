import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const orderStatus = pgEnum("order_status", ["paid", "fulfilled", "cancelled", "refunded"]);

/**
 * The IANA timezones a store may have: PostgreSQL's own list (without its posix/ and right/ copies and
 * pseudo-zones), filled by the migration that made this table. Every name here is one both PostgreSQL
 * and ICU (Intl) read; `UTC+3` (a POSIX rule PostgreSQL would take) and `Mars/Olympus` are not.
 */
export const timezones = pgTable("timezones", { name: text().primaryKey() });

export const stores = pgTable(
  "stores",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** IANA name, e.g. Asia/Seoul: whatever writes a store, only one of `timezones`. */
    timezone: text()
      .notNull()
      .references(() => timezones.name),
    /** BCP 47 language tag of the report, e.g. ko or en. */
    locale: text().notNull(),
    /** ISO 4217 code of every amount in this store. */
    currency: text().notNull(),
    listDesignerEnabled: boolean().notNull().default(false),
    /** Checked with lib/email-address.ts where they enter; the database refuses header-breaking ones. */
    reportRecipients: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("stores_currency_iso4217", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    // Whatever writes a store (seed, import, an admin's SQL), no recipient can carry a line break or
    // another character that would split a mail header or a recipient list.
    check(
      "stores_report_recipients_one_address_each",
      sql`array_to_string(${t.reportRecipients}, ' ') !~ '[[:cntrl:]<>,]'`,
    ),
  ],
);

export const orders = pgTable(
  "orders",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    status: orderStatus().notNull(),
    placedAt: timestamp({ withTimezone: true }).notNull(),
  },
  // Sales read one store's orders in a time window.
  (t) => [index("orders_store_placed_at").on(t.storeId, t.placedAt)],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: bigint({ mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    /** A product of the review service's catalogue; shop never reads that database. */
    productId: uuid().notNull(),
    quantity: integer().notNull(),
    unitPrice: numeric({ precision: 12, scale: 2 }).notNull(),
  },
  (t) => [
    // Covers the sales queries: an order's lines are read from the index alone, no heap visit per order.
    index("order_lines_order_id_sales").on(t.orderId, t.productId, t.quantity, t.unitPrice),
    index("order_lines_product_id").on(t.productId),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_unit_price_non_negative", sql`${t.unitPrice} >= 0`),
  ],
);

export type Store = typeof stores.$inferSelect;
export type NewStore = typeof stores.$inferInsert;
export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type OrderLine = typeof orderLines.$inferSelect;
export type NewOrderLine = typeof orderLines.$inferInsert;
