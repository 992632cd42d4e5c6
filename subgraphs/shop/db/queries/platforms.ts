import { and, asc, eq, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { executePrepared, type SqlClient } from "../../../../lib/runtime/database.ts";
import type { OrderState, Platform } from "../../platforms/platform-order.ts";
import type { ShopDb } from "../index.ts";
import { platformConnections, platformDeliveries, platformOrders, stores } from "../schema.ts";

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
  await executePrepared(
    tx,
    sql`update ${platformConnections} set last_failed_at = ${at.toISOString()}, last_failure = ${reason.slice(0, 500)}
      where store_id = ${storeId} and platform = ${platform}`,
  );
}

export async function storeCurrency(tx: SqlClient, storeId: string): Promise<string> {
  const [row] = await executePrepared<{ currency: string }>(
    tx,
    sql`select currency from ${stores} where id = ${storeId}`,
  );
  if (!row) throw new Error(`No store ${storeId}`);
  return row.currency;
}

/**
 * Records a delivery whose signature held, once per delivery id, and notes the connection's last
 * delivery; answers whether it was recorded before.
 */
export async function recordDelivery(
  db: ShopDb,
  delivery: {
    storeId: string;
    platform: Platform;
    deliveryId: string;
    topic: string;
    body: string;
    at: Date;
  },
): Promise<{ duplicate: boolean }> {
  const inserted = await db
    .insert(platformDeliveries)
    .values({ ...delivery, receivedAt: delivery.at })
    .onConflictDoNothing()
    .returning({ deliveryId: platformDeliveries.deliveryId });
  // Many deliveries a second for one store would otherwise queue on its connection's row.
  await db
    .update(platformConnections)
    .set({ lastReceivedAt: delivery.at })
    .where(
      and(
        eq(platformConnections.storeId, delivery.storeId),
        eq(platformConnections.platform, delivery.platform),
        or(
          isNull(platformConnections.lastReceivedAt),
          lt(
            platformConnections.lastReceivedAt,
            sql`${delivery.at.toISOString()}::timestamptz - ${NOTE_PRECISION}`,
          ),
        ),
      ),
    );
  return { duplicate: inserted.length === 0 };
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

/** A delivery, locked until the transaction ends: one applier at a time. */
export async function lockDelivery(tx: SqlClient, key: DeliveryKey) {
  const [row] = await executePrepared<{
    topic: string;
    body: string;
    received_at: string;
    applied_at: string | null;
    outcome: string | null;
  }>(
    tx,
    sql`select topic, body, received_at, applied_at, outcome from ${platformDeliveries}
      where store_id = ${key.storeId} and platform = ${key.platform} and delivery_id = ${key.deliveryId}
      for update`,
  );
  return row;
}

export async function markApplied(
  tx: SqlClient,
  key: DeliveryKey,
  { outcome, at }: { outcome: string; at: Date },
) {
  await executePrepared(
    tx,
    sql`update ${platformDeliveries} set applied_at = ${at.toISOString()}, outcome = ${outcome}
      where store_id = ${key.storeId} and platform = ${key.platform} and delivery_id = ${key.deliveryId}`,
  );
}

/** An order's state as its deliveries built it, locked until the transaction ends. */
export async function lockOrderState(
  tx: SqlClient,
  { storeId, platform, orderRef }: { storeId: string; platform: Platform; orderRef: string },
): Promise<OrderState> {
  // The row is made first, so that two first deliveries of one order also wait for each other.
  await executePrepared(
    tx,
    sql`insert into ${platformOrders} (store_id, platform, order_ref) values (${storeId}, ${platform}, ${orderRef})
      on conflict do nothing`,
  );
  const [row] = await executePrepared<{
    version: OrderState["version"];
    refunds: OrderState["refunds"];
    refunded_at: string | null;
    deleted_at: string | null;
  }>(
    tx,
    sql`select version, refunds, refunded_at, deleted_at from ${platformOrders}
      where store_id = ${storeId} and platform = ${platform} and order_ref = ${orderRef} for update`,
  );
  return {
    version: row?.version ?? null,
    refunds: row?.refunds ?? {},
    refundedAt: row?.refunded_at ? new Date(row.refunded_at).toISOString() : null,
    deletedAt: row?.deleted_at ? new Date(row.deleted_at).toISOString() : null,
  };
}

/** An order's state, unlocked (to name the products a delivery will need). */
export async function orderState(
  db: ShopDb,
  { storeId, platform, orderRef }: { storeId: string; platform: Platform; orderRef: string },
): Promise<OrderState["version"]> {
  const [row] = await db
    .select({ version: platformOrders.version })
    .from(platformOrders)
    .where(
      and(
        eq(platformOrders.storeId, storeId),
        eq(platformOrders.platform, platform),
        eq(platformOrders.orderRef, orderRef),
      ),
    );
  return (row?.version as OrderState["version"] | undefined) ?? null;
}

export async function saveOrderState(
  tx: SqlClient,
  { storeId, platform, orderRef }: { storeId: string; platform: Platform; orderRef: string },
  state: OrderState,
) {
  await executePrepared(
    tx,
    sql`update ${platformOrders}
      set version = ${state.version ? JSON.stringify(state.version) : null}::jsonb, refunds = ${JSON.stringify(state.refunds)}::jsonb,
        refunded_at = ${state.refundedAt}, deleted_at = ${state.deletedAt}
      where store_id = ${storeId} and platform = ${platform} and order_ref = ${orderRef}`,
  );
}
