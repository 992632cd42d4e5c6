import { and, asc, eq, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { executePrepared, runPrepared, type SqlClient } from "../../../../lib/runtime/database.ts";
import { json } from "../../../../lib/runtime/sql-columns.ts";
import { recordset } from "../../../../lib/runtime/sql-recordset.ts";
import type { OrderState, Platform } from "../../platforms/platform-order.ts";
import type { ShopDb } from "../index.ts";
import {
  platformConnections,
  platformDeliveries,
  platform as platformEnum,
  platformOrders,
  stores,
} from "../schema.ts";

export type PlatformConnectionRow = typeof platformConnections.$inferSelect;

/** Whether a write failed because another store is connected to that shop already. */
export function sourceTaken(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  return (cause as { constraint_name?: unknown } | null)?.constraint_name === "platform_connections_source";
}

/** Connects a store to its platform's shop, or replaces its connection (a new secret, a new shop). */
export async function connectPlatform(
  db: ShopDb,
  connection: { storeId: string; platform: Platform; source: string; sealedSecret: string; at: Date },
) {
  await db
    .insert(platformConnections)
    .values({ ...connection, connectedAt: connection.at })
    .onConflictDoUpdate({
      target: [platformConnections.storeId, platformConnections.platform],
      set: {
        source: connection.source,
        sealedSecret: connection.sealedSecret,
        connectedAt: connection.at,
        lastRefusedAt: null,
        lastRefusal: null,
        lastFailedAt: null,
        lastFailure: null,
      },
    });
}

export async function removeConnection(
  db: ShopDb,
  { storeId, platform }: { storeId: string; platform: Platform },
) {
  const removed = await db
    .delete(platformConnections)
    .where(and(eq(platformConnections.storeId, storeId), eq(platformConnections.platform, platform)))
    .returning({ storeId: platformConnections.storeId });
  return removed.length > 0;
}

/** Every connection, or one store's, by store and platform. */
export function connectionsOf(db: ShopDb, storeId?: string): Promise<PlatformConnectionRow[]> {
  return db
    .select()
    .from(platformConnections)
    .where(storeId ? eq(platformConnections.storeId, storeId) : undefined)
    .orderBy(asc(platformConnections.storeId), asc(platformConnections.platform));
}

/** Re-seals a connection's secret, if it is still sealed as read (rotation races nothing). */
export async function resealSecret(
  db: ShopDb,
  { storeId, platform, from, to }: { storeId: string; platform: Platform; from: string; to: string },
) {
  await db
    .update(platformConnections)
    .set({ sealedSecret: to })
    .where(
      and(
        eq(platformConnections.storeId, storeId),
        eq(platformConnections.platform, platform),
        eq(platformConnections.sealedSecret, from),
      ),
    );
}

/** The connection a delivery says it comes from, with its store's currency. */
export async function connectionBySource(
  db: ShopDb,
  { platform, source }: { platform: Platform; source: string },
) {
  const [row] = await db
    .select({
      storeId: platformConnections.storeId,
      sealedSecret: platformConnections.sealedSecret,
      currency: stores.currency,
    })
    .from(platformConnections)
    .innerJoin(stores, eq(stores.id, platformConnections.storeId))
    .where(and(eq(platformConnections.platform, platform), eq(platformConnections.source, source)));
  return row;
}

/** A note on the connection, at most once a second per kind: a flood of forged deliveries writes little. */
const NOTE_PRECISION = sql`interval '1 second'`;

/** Notes a refused delivery and why, for the settings page. */
export async function noteRefusal(
  db: ShopDb,
  { storeId, platform, reason, at }: { storeId: string; platform: Platform; reason: string; at: Date },
) {
  await db
    .update(platformConnections)
    .set({ lastRefusedAt: at, lastRefusal: reason })
    .where(
      and(
        eq(platformConnections.storeId, storeId),
        eq(platformConnections.platform, platform),
        or(
          isNull(platformConnections.lastRefusedAt),
          lt(platformConnections.lastRefusedAt, sql`${at.toISOString()}::timestamptz - ${NOTE_PRECISION}`),
          ne(platformConnections.lastRefusal, reason),
        ),
      ),
    );
}

/** Notes a delivery taken but not stored as an order, and why, for the settings page. */
export async function noteFailure(
  tx: SqlClient,
  { storeId, platform, reason, at }: { storeId: string; platform: Platform; reason: string; at: Date },
) {
  await runPrepared(
    tx,
    sql`update ${platformConnections} set last_failed_at = ${at.toISOString()}, last_failure = ${reason.slice(0, 500)}
      where store_id = ${storeId} and platform = ${platform}`,
  );
}

export interface NewDelivery {
  storeId: string;
  platform: Platform;
  deliveryId: string;
  topic: string;
  body: string;
  at: Date;
}

/**
 * Records deliveries whose signature held, once per delivery id, and notes each connection's last
 * delivery (at most once a second: many deliveries a second for one store would otherwise queue on its
 * connection's row), in one statement; answers, per delivery, whether it was recorded before (by an
 * earlier statement, or earlier in this batch).
 */
export async function recordDeliveries(db: ShopDb, deliveries: readonly NewDelivery[]): Promise<boolean[]> {
  if (deliveries.length === 0) return [];
  const rows = await executePrepared(db, {
    columns: { store_id: "uuid", platform: platformEnum, delivery_id: "text" },
    sql: sql`with r as (
      select * from ${recordset(
        deliveries.map((d) => ({
          store_id: d.storeId,
          platform: d.platform,
          delivery_id: d.deliveryId,
          topic: d.topic,
          body: d.body,
          received_at: d.at.toISOString(),
        })),
      )} as r(store_id uuid, platform text, delivery_id text, topic text, body text, received_at timestamptz)
    ), recorded as (
      insert into ${platformDeliveries} (store_id, platform, delivery_id, topic, body, received_at)
      select store_id, platform::platform, delivery_id, topic, body, received_at from r
      on conflict do nothing
      returning store_id, platform, delivery_id
    ), noted as (
      update ${platformConnections} c set last_received_at = latest.at
      from (select store_id, platform, max(received_at) as at from r group by store_id, platform) latest
      where c.store_id = latest.store_id and c.platform = latest.platform::platform
        and (c.last_received_at is null or c.last_received_at < latest.at - ${NOTE_PRECISION})
    )
    select store_id, platform, delivery_id from recorded`,
  });
  const fresh = new Set(
    rows.map((row) =>
      deliveryKeyOf({ storeId: row.store_id, platform: row.platform, deliveryId: row.delivery_id }),
    ),
  );
  // Recorded by this statement: new for the first of the batch to name it, a duplicate for the rest.
  return deliveries.map((delivery) => !fresh.delete(deliveryKeyOf(delivery)));
}

/** Deliveries recorded no later than `receivedBefore` and not applied, oldest first. */
export function pendingDeliveries(
  db: ShopDb,
  { receivedBefore, first }: { receivedBefore: Date; first: number },
) {
  return db
    .select({
      storeId: platformDeliveries.storeId,
      platform: platformDeliveries.platform,
      deliveryId: platformDeliveries.deliveryId,
    })
    .from(platformDeliveries)
    .where(and(isNull(platformDeliveries.appliedAt), lte(platformDeliveries.receivedAt, receivedBefore)))
    .orderBy(asc(platformDeliveries.receivedAt))
    .limit(first);
}

export type DeliveryKey = { storeId: string; platform: Platform; deliveryId: string };

/** A delivery as recorded, with its store's currency. */
export interface RecordedDelivery {
  key: DeliveryKey;
  topic: string;
  body: string;
  receivedAt: Date;
  appliedAt: Date | null;
  outcome: string | null;
  currency: string;
}

export const deliveryKeyOf = (key: DeliveryKey) => `${key.storeId}/${key.platform}/${key.deliveryId}`;

/**
 * Deliveries with their stores' currencies, by {@link deliveryKeyOf}, locked until the transaction ends
 * (one applier at a time), in one order whoever locks them: two appliers never wait on each other in a
 * circle.
 */
export async function lockDeliveries(
  tx: SqlClient,
  keys: readonly DeliveryKey[],
): Promise<Map<string, RecordedDelivery>> {
  const rows = await executePrepared(tx, {
    columns: {
      store_id: "uuid",
      platform: platformEnum,
      delivery_id: "text",
      topic: "text",
      body: "text",
      received_at: "timestamptz",
      applied_at: "timestamptz?",
      outcome: "text?",
      currency: "text",
    },
    sql: sql`select d.store_id, d.platform, d.delivery_id, d.topic, d.body, d.received_at, d.applied_at, d.outcome,
        s.currency
      from ${recordset(keys.map((key) => ({ store_id: key.storeId, platform: key.platform, delivery_id: key.deliveryId })))}
        as k(store_id uuid, platform text, delivery_id text)
      join ${platformDeliveries} d
        on d.store_id = k.store_id and d.platform = k.platform::platform and d.delivery_id = k.delivery_id
      join ${stores} s on s.id = d.store_id
      order by d.store_id, d.platform, d.delivery_id
      for update of d`,
  });
  return new Map(
    rows.map((row) => {
      const key = { storeId: row.store_id, platform: row.platform, deliveryId: row.delivery_id };
      const delivery: RecordedDelivery = {
        key,
        topic: row.topic,
        body: row.body,
        receivedAt: new Date(row.received_at),
        appliedAt: row.applied_at ? new Date(row.applied_at) : null,
        outcome: row.outcome,
        currency: row.currency,
      };
      return [deliveryKeyOf(key), delivery];
    }),
  );
}

/** Marks deliveries applied, each with what applying it did. */
export async function markApplied(
  tx: SqlClient,
  done: readonly { key: DeliveryKey; outcome: string }[],
  at: Date,
) {
  if (done.length === 0) return;
  await runPrepared(
    tx,
    sql`update ${platformDeliveries} d set applied_at = ${at.toISOString()}, outcome = r.outcome
      from ${recordset(done.map(({ key, outcome }) => ({ store_id: key.storeId, platform: key.platform, delivery_id: key.deliveryId, outcome })))}
        as r(store_id uuid, platform text, delivery_id text, outcome text)
      where d.store_id = r.store_id and d.platform = r.platform::platform and d.delivery_id = r.delivery_id`,
  );
}

export type OrderRef = { storeId: string; platform: Platform; orderRef: string };
export const orderKeyOf = (ref: OrderRef) => `${ref.storeId}/${ref.platform}/${ref.orderRef}`;

/**
 * Orders' states as their deliveries built them, by {@link orderKeyOf}, made where new and locked until
 * the transaction ends, in one statement and one order (as {@link lockDeliveries}).
 */
export async function lockOrderStates(
  tx: SqlClient,
  refs: readonly OrderRef[],
): Promise<Map<string, OrderState>> {
  const rows = await executePrepared(tx, {
    columns: {
      store_id: "uuid",
      platform: platformEnum,
      order_ref: "text",
      version: json<OrderState["version"]>(),
      refunds: json<OrderState["refunds"]>(),
      refunded_at: "timestamptz?",
      deleted_at: "timestamptz?",
    },
    sql: sql // A no-op update, so that an existing row is locked and returned as it is.
    `insert into ${platformOrders} as o (store_id, platform, order_ref)
      select r.store_id, r.platform::platform, r.order_ref
      from ${recordset(refs.map((ref) => ({ store_id: ref.storeId, platform: ref.platform, order_ref: ref.orderRef })))}
        as r(store_id uuid, platform text, order_ref text)
      order by r.store_id, r.platform, r.order_ref
      on conflict (store_id, platform, order_ref) do update set order_ref = o.order_ref
      returning o.store_id, o.platform, o.order_ref, o.version, o.refunds, o.refunded_at, o.deleted_at`,
  });
  return new Map(
    rows.map((row) => {
      const state: OrderState = {
        version: row.version,
        refunds: row.refunds,
        refundedAt: row.refunded_at ? new Date(row.refunded_at).toISOString() : null,
        deletedAt: row.deleted_at ? new Date(row.deleted_at).toISOString() : null,
      };
      return [orderKeyOf({ storeId: row.store_id, platform: row.platform, orderRef: row.order_ref }), state];
    }),
  );
}

export async function saveOrderStates(
  tx: SqlClient,
  states: readonly { ref: OrderRef; state: OrderState }[],
) {
  if (states.length === 0) return;
  await runPrepared(
    tx,
    sql`update ${platformOrders} o
      set version = r.version, refunds = r.refunds, refunded_at = r.refunded_at, deleted_at = r.deleted_at
      from ${recordset(
        states.map(({ ref, state }) => ({
          store_id: ref.storeId,
          platform: ref.platform,
          order_ref: ref.orderRef,
          version: state.version,
          refunds: state.refunds,
          refunded_at: state.refundedAt,
          deleted_at: state.deletedAt,
        })),
      )} as r(store_id uuid, platform text, order_ref text, version jsonb, refunds jsonb, refunded_at timestamptz, deleted_at timestamptz)
      where o.store_id = r.store_id and o.platform = r.platform::platform and o.order_ref = r.order_ref`,
  );
}

/** An order's latest version, unlocked (to name the products a delivery will need). */
export async function orderVersion(db: ShopDb, ref: OrderRef): Promise<OrderState["version"]> {
  const [row] = await db
    .select({ version: platformOrders.version })
    .from(platformOrders)
    .where(
      and(
        eq(platformOrders.storeId, ref.storeId),
        eq(platformOrders.platform, ref.platform),
        eq(platformOrders.orderRef, ref.orderRef),
      ),
    );
  return (row?.version as OrderState["version"] | undefined) ?? null;
}
