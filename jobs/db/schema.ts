import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * `held`: a batch the provider may or may not have taken, found unconfirmed after its idempotency keys
 * expire; resending it could mail twice, so a person decides (`npm run weekly -- --held`).
 */
export const deliveryStatus = pgEnum("delivery_status", ["queued", "sending", "sent", "failed", "held"]);

/** Everything the provider needs to send one email, kept until it has been accepted. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Resend's tags: the store, which the provider's bounce and complaint webhooks name it by. */
  tags?: { name: string; value: string }[];
}

/**
 * The delivery ledger and outbox: one row per store, mailing and recipient, whatever retries, crashes or
 * concurrent workers do (the primary key). A send job queues rows with their rendered email; a sender
 * claims queued rows into a batch (`batchKey`, also the provider's Idempotency-Key) before calling the
 * provider, and marks them sent after. A batch whose sender died is taken over after its lease with the
 * same members, email and key, so the provider answers it as a replay instead of sending twice.
 * `claimToken` fences a batch: each claim or takeover writes a new one, and a sender writes only while its
 * own is there, so a sender that was merely slow cannot act on a batch another has taken over.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    storeId: uuid().notNull(),
    /**
     * What the email is part of: a report's period (`2026-W47`, or `2026-11` for a month),
     * `confirm:<request id>` for a recipient's confirmation, `alert:<key>` for an alert.
     */
    mailing: text().notNull(),
    recipient: text().notNull(),
    status: deliveryStatus().notNull().default("queued"),
    email: jsonb().$type<OutgoingEmail>(),
    batchKey: text(),
    /** Set after the provider refused a batch over one bad address: these rows are sent one at a time. */
    alone: boolean().notNull().default(false),
    attempts: integer().notNull().default(0),
    /** Times a person queued it again after it failed or was held: each is a new request, with a key of its own. */
    resends: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp({ withTimezone: true }),
    claimToken: uuid(),
    /** When the batch first went to the provider: its idempotency key is only remembered for a day. */
    firstAttemptAt: timestamp({ withTimezone: true }),
    providerId: text(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.mailing, t.recipient] }),
    index("deliveries_ready").on(t.status, t.nextAttemptAt),
    index("deliveries_batch_key").on(t.batchKey),
  ],
);

export const runOutcome = pgEnum("run_outcome", ["queued", "no-recipients"]);

/**
 * One row per store and report period (an ISO week, or a calendar month) once its send job has queued its
 * mail: what the hourly dispatcher checks.
 */
export const reportRuns = pgTable(
  "report_runs",
  {
    storeId: uuid().notNull(),
    period: text().notNull(),
    outcome: runOutcome().notNull(),
    /** A part of the report could not be fetched, and the email says so. */
    partial: boolean().notNull().default(false),
    finishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.period] })],
);

/**
 * The provider refusing this account (key revoked, domain not verified, quota): one row while it lasts, so
 * every worker and `npm run weekly -- --status` can say sending is paused, and why.
 */
export const providerPause = pgTable("provider_pause", {
  id: integer().primaryKey().default(1),
  reason: text().notNull(),
  since: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Delivery = typeof deliveries.$inferSelect;

/**
 * Every alert decided, once per store and key (its kind, what it is about and its period, e.g.
 * `change:<widget>:<day>` or `tracking-stopped:<last event>`): inserted in the transaction that queues its
 * emails and its Slack message, so two workers checking at once send it once. `day` (the store's local
 * date) counts a store's alerts against its daily cap.
 */
export const alerts = pgTable(
  "alerts",
  {
    storeId: uuid().notNull(),
    key: text().notNull(),
    kind: text().$type<"change" | "tracking-stopped" | "tracking-back">().notNull(),
    day: text().notNull(),
    detail: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.key] }), index("alerts_store_day").on(t.storeId, t.day)],
);

export const slackStatus = pgEnum("slack_status", ["queued", "sent", "failed"]);

/**
 * The Slack outbox: one message per store and key (an alert's, or `report:<period>`), posted by the Slack
 * sender to the store's webhook as it is when posted. A message is claimed (`claimedAt`) before the
 * post; a claim older than the lease is taken over, so a worker that died mid-post can cause a second
 * post of that one message (Slack's webhooks take no idempotency key): at least once, never lost.
 */
export const slackMessages = pgTable(
  "slack_messages",
  {
    storeId: uuid().notNull(),
    key: text().notNull(),
    status: slackStatus().notNull().default("queued"),
    /** Slack's message payload: `text` (notifications' fallback) and `blocks` (Block Kit). */
    payload: jsonb().$type<SlackPayload>().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp({ withTimezone: true }),
    /** Written by each claim: a worker writes an outcome only while its own is there. */
    claimToken: uuid(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.key] }),
    index("slack_messages_ready").on(t.status, t.nextAttemptAt),
  ],
);

export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
}
