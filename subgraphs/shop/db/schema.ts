import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

export const orderStatus = pgEnum("order_status", ["paid", "fulfilled", "cancelled", "refunded"]);

/**
 * The IANA timezones a store may have: PostgreSQL's own list (without its posix/ and right/ copies and
 * pseudo-zones), filled by the migration that made this table. Every name here is one both PostgreSQL
 * and ICU (Intl) read; `UTC+3` (a POSIX rule PostgreSQL would take) and `Mars/Olympus` are not.
 */
export const timezones = pgTable("timezones", { name: text().primaryKey() });

export const reportCadence = pgEnum("report_cadence", ["weekly", "monthly", "both"]);

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
    /** When the weekly report goes out, in the store's timezone: ISO day of week (1 Monday … 7 Sunday), hour. */
    reportDay: smallint().notNull().default(1),
    reportHour: smallint().notNull().default(9),
    /** Paused: no report is sent until the owner resumes it. */
    reportPaused: boolean().notNull().default(false),
    /** Which reports go out: the weekly, the monthly (on the 1st, at `reportHour`), or both. */
    reportCadence: reportCadence().notNull().default("weekly"),
    /** Alerts go by email to the report's recipients. */
    alertEmail: boolean().notNull().default(true),
    /**
     * The Slack incoming webhook alerts (and, with `slackReports`, the reports' summaries) are posted to,
     * sealed under CONNECTION_SECRET (lib/sealed.ts): its address is its secret.
     */
    slackWebhook: text(),
    /** When the webhook was set: a pause names it, so a refusal of an earlier one cannot pause a newer one. */
    slackSetAt: timestamp({ withTimezone: true }),
    slackReports: boolean().notNull().default(false),
    /** Slack refused the webhook (deleted, archived channel): nothing goes there until it is set again. */
    slackPausedAt: timestamp({ withTimezone: true }),
    slackPausedReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("stores_report_day_iso", sql`${t.reportDay} between 1 and 7`),
    check("stores_report_hour", sql`${t.reportHour} between 0 and 23`),
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
    /**
     * The store's own id of the order, unique within the store: what `upsertOrder` is idempotent on. Rows
     * written in SQL without one (seeds, benchmarks) get a generated id.
     */
    externalId: text().notNull().default(sql`gen_random_uuid()::text`),
    status: orderStatus().notNull(),
    placedAt: timestamp({ withTimezone: true }).notNull(),
    /** The version of the order stored: a call with an earlier or equal one changes nothing. */
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Sales read one store's orders in a time window.
    index("orders_store_placed_at").on(t.storeId, t.placedAt),
    unique("orders_store_external_id").on(t.storeId, t.externalId),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: bigint({ mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    /** The store's own id of the line, unique within the order (refunds name it). */
    lineId: text().notNull().default(sql`gen_random_uuid()::text`),
    /**
     * A product of the review service's catalogue (shop never reads that database); null for a line a shop
     * platform sent of a product the catalogue does not know: it counts in the store's sales, in no widget's.
     */
    productId: uuid(),
    quantity: integer().notNull(),
    /** Three fractional digits hold every currency's minor unit (KRW 0, USD 2, BHD 3). */
    unitPrice: numeric({ precision: 15, scale: 3 }).notNull(),
    /** What the order's latest version says was refunded of this line, in units and in money. */
    refundedQuantity: integer().notNull().default(0),
    refundedAmount: numeric({ precision: 15, scale: 3 }).notNull().default("0"),
    /** The widget click the storefront says led to this line (review's click id), unverified. */
    clickId: uuid(),
    /** When the attribution job decided the claim; null while it waits (or without a claim). */
    claimCheckedAt: timestamp({ withTimezone: true }),
    /** The widget the claim was credited to, once verified; null when it credits nothing. */
    creditedWidgetId: uuid(),
  },
  (t) => [
    // Covers the sales queries: an order's lines are read from the index alone, no heap visit per order.
    index("order_lines_order_id_sales").on(
      t.orderId,
      t.productId,
      t.quantity,
      t.unitPrice,
      t.refundedQuantity,
      t.refundedAmount,
      t.creditedWidgetId,
    ),
    index("order_lines_product_id").on(t.productId),
    unique("order_lines_order_line_id").on(t.orderId, t.lineId),
    // The attribution job's queue: claims not yet decided, oldest line first.
    index("order_lines_pending_claims")
      .on(t.id)
      .where(sql`${t.clickId} is not null and ${t.claimCheckedAt} is null`),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_unit_price_non_negative", sql`${t.unitPrice} >= 0`),
    check(
      "order_lines_refund_within_line",
      sql`${t.refundedQuantity} between 0 and ${t.quantity} and ${t.refundedAmount} between 0 and ${t.quantity} * ${t.unitPrice}`,
    ),
  ],
);

/**
 * The groups an order's buyer's browser drew in the store's running holdouts (review's runs), as the
 * order first came: what splits orders and revenue between a widget's exposed and held-out visitors.
 */
export const orderHoldoutGroups = pgTable(
  "order_holdout_groups",
  {
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    runId: uuid().notNull(),
    heldOut: boolean().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.runId] }), index("order_holdout_groups_run_id").on(t.runId)],
);

/**
 * Keys a store's backend (its checkout, its order webhooks) calls the graph with. Only a hash of the
 * secret part is kept: the key is shown once, when it is made.
 */
export const storeApiKeys = pgTable("store_api_keys", {
  /** The public part of the key (`ldk_<id>_<secret>`), what `keys list` and `keys revoke` name. */
  id: text().primaryKey(),
  storeId: uuid()
    .notNull()
    .references(() => stores.id),
  name: text().notNull(),
  scopes: text().array().notNull(),
  /** SHA-256 of the secret part, hex. The secret is 256 random bits, so a fast hash is enough. */
  secretHash: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

/**
 * Addresses that must not be mailed for a store: the provider reported a hard bounce or a complaint. The
 * address also leaves `stores.report_recipients` when it is suppressed, so no later report goes to it.
 */
export const suppressedRecipients = pgTable(
  "suppressed_recipients",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    email: text().notNull(),
    reason: text({ enum: ["bounce", "complaint"] }).notNull(),
    /** What the provider said (a bounce's type and message). */
    detail: text().notNull(),
    suppressedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.email] })],
);

/** Provider webhook deliveries already handled, by their id: a delivery sent again is handled once. */
export const emailEvents = pgTable("email_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Addresses a store asked to add to its report recipients, waiting for their owner to confirm (the link in
 * the confirmation email): they receive nothing until then. Asking again replaces the request (a new id,
 * so only the newest link confirms) and mails a new link.
 */
export const pendingRecipients = pgTable(
  "pending_recipients",
  {
    id: uuid().primaryKey().defaultRandom(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    email: text().notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull(),
    /** When the worker queued the confirmation email; null while it still has to. */
    mailedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("pending_recipients_store_email").on(t.storeId, t.email),
    index("pending_recipients_to_mail").on(t.requestedAt).where(sql`${t.mailedAt} is null`),
  ],
);

export const settingsAction = pgEnum("settings_action", [
  "recipient_added",
  "recipient_confirmed",
  "recipient_removed",
  "recipient_suppressed",
  "schedule_changed",
  "paused",
  "resumed",
  "cadence_changed",
  "alerts_changed",
  "slack_set",
  "slack_removed",
  "slack_paused",
]);

/**
 * Who made a change: the store's own token, its settings link (`actorRef`: the address it was mailed
 * to), an API key (`actorRef`: its id), a recipient's confirmation or unsubscribe link, or the provider's
 * webhook (a bounce or a complaint).
 */
export const settingsActor = pgEnum("settings_actor", [
  "store_token",
  "settings_link",
  "api_key",
  "confirmation_link",
  "unsubscribe_link",
  "provider",
]);

/** Every change to a store's report settings, kept for its settings page. */
export const settingsChanges = pgTable(
  "settings_changes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    at: timestamp({ withTimezone: true }).notNull(),
    action: settingsAction().notNull(),
    /** The address a recipient change is about. */
    email: text(),
    /** The schedule a schedule change set. */
    day: smallint(),
    hour: smallint(),
    actor: settingsActor().notNull(),
    actorRef: text(),
  },
  (t) => [index("settings_changes_store_at").on(t.storeId, t.at)],
);

export const platform = pgEnum("platform", ["shopify", "woocommerce"]);

/**
 * A store's shop platform, sending its orders as signed webhooks (`npm run connect`). At most one of each
 * platform per store, and a platform's shop belongs to one store.
 */
export const platformConnections = pgTable(
  "platform_connections",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    platform: platform().notNull(),
    /** What its webhooks say they come from: the `*.myshopify.com` domain, or the WooCommerce site's origin. */
    source: text().notNull(),
    /** The webhook secret, sealed under CONNECTION_SECRET (lib/sealed.ts): signatures need it in the clear. */
    sealedSecret: text().notNull(),
    connectedAt: timestamp({ withTimezone: true }).notNull(),
    lastReceivedAt: timestamp({ withTimezone: true }),
    /** The last delivery refused (a bad signature) and why: shown on the settings page. */
    lastRefusedAt: timestamp({ withTimezone: true }),
    lastRefusal: text(),
    /** The last delivery accepted but not taken as an order (another currency, a broken order) and why. */
    lastFailedAt: timestamp({ withTimezone: true }),
    lastFailure: text(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.platform] }),
    unique("platform_connections_source").on(t.platform, t.source),
  ],
);

/**
 * The platforms' webhook deliveries, recorded before they are acknowledged and applied after: a delivery
 * acknowledged survives any crash, and one delivered again (same id) is recorded once.
 */
export const platformDeliveries = pgTable(
  "platform_deliveries",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    platform: platform().notNull(),
    /** `X-Shopify-Webhook-Id` or `X-WC-Webhook-Delivery-ID`. */
    deliveryId: text().notNull(),
    topic: text().notNull(),
    /** The body as signed. */
    body: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    appliedAt: timestamp({ withTimezone: true }),
    /** What applying it did: an order's outcome, or why it was not taken. */
    outcome: text(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.platform, t.deliveryId] }),
    index("platform_deliveries_to_apply").on(t.receivedAt).where(sql`${t.appliedAt} is null`),
  ],
);

/**
 * A platform order as its deliveries built it up: its latest version and every refund seen, by id (Shopify
 * sends a refund both as `refunds/create` and inside later versions of the order, in either order).
 */
export const platformOrders = pgTable(
  "platform_orders",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    platform: platform().notNull(),
    orderRef: text().notNull(),
    /** The latest version of the order (subgraphs/shop/platforms/platform-order.ts); null until one came. */
    version: jsonb(),
    /** Refunds by id, each its lines' quantities and amounts. */
    refunds: jsonb().notNull().default(sql`'{}'::jsonb`),
    /** The latest refund's time, when a `refunds/create` brought it: the order changed then. */
    refundedAt: timestamp({ withTimezone: true }),
    /** When the platform deleted the order (WooCommerce's `order.deleted`). */
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.platform, t.orderRef] })],
);

export type Store = typeof stores.$inferSelect;
export type NewStore = typeof stores.$inferInsert;
export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type OrderLine = typeof orderLines.$inferSelect;
export type NewOrderLine = typeof orderLines.$inferInsert;
export type StoreApiKey = typeof storeApiKeys.$inferSelect;
