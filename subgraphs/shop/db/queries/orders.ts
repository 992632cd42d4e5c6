import { sql } from "drizzle-orm";
import { executePrepared, type SqlClient } from "../../../../lib/runtime/database.ts";
import { recordset } from "../../../../lib/runtime/sql-recordset.ts";
import type { ValidOrder } from "../../orders/order-input.ts";
import { orderHoldoutGroups, orderLines, orderStatus, orders } from "../schema.ts";

export type UpsertOutcome = "CREATED" | "UPDATED" | "UNCHANGED";

export interface StoredOrder {
  outcome: UpsertOutcome;
  status: ValidOrder["status"];
  updatedAt: Date;
}

/**
 * Whether `upsertOrders` was refused by the check that a line's refunds stay within the line as first
 * stored (a later version that changed a line's quantity or price): the order's own fault, told to its
 * sender as {@link REFUNDS_EXCEED_LINE}.
 */
export function refundsExceedLine(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23514";
}

export const REFUNDS_EXCEED_LINE = "refunds exceed a line of the order as it was first stored";

/**
 * Writes a batch of orders (each store's order at most once) in one statement, so concurrent calls for the
 * same order serialise on its row: a new order with its lines; or, when `updatedAt` is later than the
 * stored one, the new status and refunds (lines not seen before are added; a known line keeps its product,
 * quantity, price and click). An earlier or equal version writes nothing and is read back as stored.
 * The same statement serves `upsertOrder` (the orders of many checkouts at once, group-committed) and
 * the import (hundreds of one store's at a time), and a platform's webhook (in the transaction applying it).
 */
export async function upsertOrders(db: SqlClient, batch: readonly ValidOrder[]): Promise<StoredOrder[]> {
  if (batch.length === 0) return [];
  const orderRows = recordset(
    batch.map((order) => ({
      store_id: order.storeId,
      external_id: order.orderId,
      status: order.status,
      placed_at: order.placedAt.toISOString(),
      updated_at: order.updatedAt.toISOString(),
    })),
  );
  const lineRows = recordset(
    batch.flatMap((order) =>
      order.lines.map((line) => ({
        store_id: order.storeId,
        external_id: order.orderId,
        line_id: line.lineId,
        product_id: line.productId,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        refunded_quantity: line.refundedQuantity,
        refunded_amount: line.refundedAmount,
        click_id: line.clickId,
      })),
    ),
  );
  const groupRows = recordset(
    batch.flatMap((order) =>
      order.holdoutGroups.map((group) => ({
        store_id: order.storeId,
        external_id: order.orderId,
        run_id: group.runId,
        held_out: group.heldOut,
      })),
    ),
  );
  const orderKeys = recordset(
    batch.map((order) => ({ store_id: order.storeId, external_id: order.orderId })),
  );
  const rows = await executePrepared(db, {
    columns: {
      store_id: "uuid",
      external_id: "text",
      created: "bool?",
      status: orderStatus,
      updated_at: "timestamptz",
    },
    sql: sql`
    with o as (
      insert into ${orders} as o (store_id, external_id, status, placed_at, updated_at)
      select r.store_id, r.external_id, r.status::order_status, r.placed_at, r.updated_at
      from ${orderRows} as r(store_id uuid, external_id text, status text, placed_at timestamptz, updated_at timestamptz)
      -- One order of rows locked by every writer: two batches sharing orders cannot deadlock.
      order by r.store_id, r.external_id
      on conflict (store_id, external_id) do update set status = excluded.status, updated_at = excluded.updated_at
        where o.updated_at < excluded.updated_at
      returning o.id, o.store_id, o.external_id, o.status, o.updated_at, xmax = 0 as created
    ),
    l as (
      insert into ${orderLines} as l (order_id, line_id, product_id, quantity, unit_price, refunded_quantity, refunded_amount, click_id)
      select o.id, r.line_id, r.product_id, r.quantity, r.unit_price, r.refunded_quantity, r.refunded_amount, r.click_id
      from o join ${lineRows}
        as r(store_id uuid, external_id text, line_id text, product_id uuid, quantity int, unit_price numeric, refunded_quantity int, refunded_amount numeric, click_id uuid)
        on r.store_id = o.store_id and r.external_id = o.external_id
      on conflict (order_id, line_id) do update
        set refunded_quantity = excluded.refunded_quantity, refunded_amount = excluded.refunded_amount
    ),
    g as (
      -- A browser's groups as the order first came: a later version does not move it between groups.
      insert into ${orderHoldoutGroups} (order_id, run_id, held_out)
      select o.id, r.run_id, r.held_out
      from o join ${groupRows} as r(store_id uuid, external_id text, run_id uuid, held_out boolean)
        on r.store_id = o.store_id and r.external_id = o.external_id
      where o.created
      on conflict do nothing
    )
    select o.store_id, o.external_id, o.created, o.status, o.updated_at from o
    union all
    -- The versions that changed nothing, as stored.
    select s.store_id, s.external_id, null, s.status, s.updated_at
    from ${orderKeys} as k(store_id uuid, external_id text)
    join ${orders} s on s.store_id = k.store_id and s.external_id = k.external_id
    where not exists (select from o where o.store_id = k.store_id and o.external_id = k.external_id)`,
  });
  const key = (storeId: string, orderId: string) => `${storeId} ${orderId}`;
  const byId = new Map(rows.map((row) => [key(row.store_id, row.external_id), row]));
  // An order another statement created while this one ran is neither written here (the conflict waited
  // for it, then its version was not later) nor in this statement's snapshot: read it as now stored.
  const unseen = batch.filter((order) => !byId.has(key(order.storeId, order.orderId)));
  if (unseen.length > 0)
    for (const row of await executePrepared(db, {
      columns: { store_id: "uuid", external_id: "text", status: orderStatus, updated_at: "timestamptz" },
      sql: sql`select s.store_id, s.external_id, s.status, s.updated_at
      from ${recordset(unseen.map((order) => ({ store_id: order.storeId, external_id: order.orderId })))}
        as k(store_id uuid, external_id text)
      join ${orders} s on s.store_id = k.store_id and s.external_id = k.external_id`,
    }))
      byId.set(key(row.store_id, row.external_id), { ...row, created: null });
  return batch.map((order) => {
    const row = byId.get(key(order.storeId, order.orderId));
    if (!row) throw new Error(`Order ${order.orderId} was neither written nor found`);
    return {
      outcome: row.created === null ? "UNCHANGED" : row.created ? "CREATED" : "UPDATED",
      status: row.status,
      updatedAt: new Date(row.updated_at),
    };
  });
}
