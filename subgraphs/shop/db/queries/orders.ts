import { sql } from "drizzle-orm";
import { executePrepared } from "../../../../lib/database.ts";
import { recordset } from "../../../../lib/sql-recordset.ts";
import type { ValidOrder } from "../../orders/order-input.ts";
import type { ShopDb } from "../index.ts";
import { orderLines, orders } from "../schema.ts";

export type UpsertOutcome = "CREATED" | "UPDATED" | "UNCHANGED";

export interface StoredOrder {
  outcome: UpsertOutcome;
  status: ValidOrder["status"];
  updatedAt: Date;
}

/**
 * Writes an order in one statement, so concurrent calls for the same order serialise on its row: a new
 * order with its lines; or, when `updatedAt` is later than the stored one, the new status and refunds
 * (lines not seen before are added; a known line keeps its product, quantity, price and click). An earlier
 * or equal version writes nothing and reads the stored order back.
 */
export async function upsertOrder(db: ShopDb, order: ValidOrder): Promise<StoredOrder> {
  const lines = recordset(
    order.lines.map((line) => ({
      line_id: line.lineId,
      product_id: line.productId,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      refunded_quantity: line.refundedQuantity,
      refunded_amount: line.refundedAmount,
      click_id: line.clickId,
    })),
  );
  const [written] = await executePrepared<{
    created: boolean;
    status: ValidOrder["status"];
    updated_at: string;
  }>(
    db,
    sql`
    with o as (
      insert into ${orders} as o (store_id, external_id, status, placed_at, updated_at)
      values (${order.storeId}, ${order.orderId}, ${order.status}, ${order.placedAt.toISOString()}, ${order.updatedAt.toISOString()})
      on conflict (store_id, external_id) do update set status = excluded.status, updated_at = excluded.updated_at
        where o.updated_at < excluded.updated_at
      returning o.id, o.status, o.updated_at, xmax = 0 as created
    ),
    l as (
      insert into ${orderLines} as l (order_id, line_id, product_id, quantity, unit_price, refunded_quantity, refunded_amount, click_id)
      select o.id, r.line_id, r.product_id, r.quantity, r.unit_price, r.refunded_quantity, r.refunded_amount, r.click_id
      from o cross join ${lines}
        as r(line_id text, product_id uuid, quantity int, unit_price numeric, refunded_quantity int, refunded_amount numeric, click_id uuid)
      on conflict (order_id, line_id) do update
        set refunded_quantity = excluded.refunded_quantity, refunded_amount = excluded.refunded_amount
      returning 1
    )
    select o.created, o.status, o.updated_at, (select count(*) from l) as lines from o`,
  );
  if (written)
    return {
      outcome: written.created ? "CREATED" : "UPDATED",
      status: written.status,
      updatedAt: new Date(written.updated_at),
    };
  const [stored] = await db
    .select({ status: orders.status, updatedAt: orders.updatedAt })
    .from(orders)
    .where(sql`${orders.storeId} = ${order.storeId} and ${orders.externalId} = ${order.orderId}`);
  if (!stored) throw new Error(`Order ${order.orderId} was neither written nor found`);
  return { outcome: "UNCHANGED", ...stored };
}
