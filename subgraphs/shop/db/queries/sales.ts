import { inArray, sql } from "drizzle-orm";
import { type Period, periodBounds } from "../../../../lib/week.ts";
import type { ShopDb } from "../index.ts";
import { orderLines, orders, stores } from "../schema.ts";

/**
 * What a sale is, defined once and reused by every query: the line total of a paid or fulfilled order.
 * Cancelled and refunded orders never count.
 */
export const lineSales = sql<string>`${orderLines.quantity} * ${orderLines.unitPrice}`;
export const countsAsSale = inArray(orders.status, ["paid", "fulfilled"]);

export interface SalesRequest {
  productId: string;
  storeId: string;
  period: Period;
}

export interface SalesFigure {
  /** Exact decimal string, in `currency`. */
  amount: string;
  currency: string;
  units: number;
}

/**
 * Sales of each product in its store over a period, in the order asked, in one statement for the whole
 * batch. Every request resolves its own week bounds against its store's timezone.
 */
export async function productSales(db: ShopDb, requests: readonly SalesRequest[]): Promise<SalesFigure[]> {
  const batch = JSON.stringify(
    requests.map((r, ord) => ({
      ord,
      product_id: r.productId,
      store_id: r.storeId,
      start: r.period.start,
      days: r.period.days,
    })),
  );
  const bounds = periodBounds(sql`k.start`, sql`k.days`, sql`${stores.timezone}`);
  const rows = await db.execute<{ ord: number; amount: string; units: number; currency: string }>(sql`
    select k.ord, ${stores.currency} as currency,
           coalesce(sum(${lineSales}) filter (where ${orders.id} is not null), 0)::numeric(20, 2)::text as amount,
           coalesce(sum(${orderLines.quantity}) filter (where ${orders.id} is not null), 0)::int as units
    from json_to_recordset(${batch}::json) as k(ord int, product_id uuid, store_id uuid, start date, days int)
    join ${stores} on ${stores.id} = k.store_id
    left join ${orderLines} on ${orderLines.productId} = k.product_id
    left join ${orders} on ${orders.id} = ${orderLines.orderId}
      and ${orders.storeId} = k.store_id
      and ${countsAsSale}
      and ${orders.placedAt} >= ${bounds.from} and ${orders.placedAt} < ${bounds.to}
    group by k.ord, ${stores.currency}`);
  const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
  return requests.map((_, ord) => {
    const row = byOrd.get(ord);
    if (!row) throw new Error(`Store of product ${requests[ord]?.productId} not found`);
    return { amount: row.amount, currency: row.currency, units: Number(row.units) };
  });
}
