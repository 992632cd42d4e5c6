import { sql } from "drizzle-orm";
import type { GroupSums } from "../../../../lib/holdout-stats.ts";
import { executePrepared } from "../../../../lib/runtime/database.ts";
import { batchRecordset } from "../../../../lib/runtime/sql-recordset.ts";
import type { ShopDb } from "../index.ts";
import { orderHoldoutGroups, orderLines, orders } from "../schema.ts";

export interface HoldoutOrdersRequest {
  runId: string;
  storeId: string;
  startedAt: string;
  /** Whole weeks of the run so far (what review counted its visitors over). */
  weeks: number;
}

/** One group's orders over a run's weeks so far: orders, Σ net order value and Σ its square. */
export type OrderSums = Omit<GroupSums, "visitors">;

/**
 * The paid or fulfilled orders carrying each run's groups, net of refunds, cumulated over the run's whole
 * weeks from its start (week k: placed before start + 7k days), in one statement for every run asked.
 */
export async function holdoutOrders(
  db: ShopDb,
  requests: readonly HoldoutOrdersRequest[],
): Promise<{ exposed: OrderSums; heldOut: OrderSums }[][]> {
  const batch = batchRecordset(requests, (r) => ({
    run_id: r.runId,
    store_id: r.storeId,
    started_at: r.startedAt,
    weeks: r.weeks,
  }));
  // Each run on its own, through its store's orders in its weeks (`offset 0` keeps the subquery apart):
  // joined flat, PostgreSQL took the batch for its default 100 rows and scanned every order and group
  // (188 ms against 12 ms a run, measured with 1,000 stores and 2M order lines).
  const rows = await executePrepared(db, {
    columns: {
      ord: "int4",
      held_out: "bool",
      week: "int4",
      orders: "int4",
      revenue: "text",
      squares: "text",
    },
    sql: sql`
    select k.ord, x.held_out,
      floor(extract(epoch from x.placed_at - k.started_at) / 604800)::int + 1 as week,
      count(*)::int as orders, sum(x.total)::text as revenue, sum(x.total * x.total)::text as squares
    from ${batch} as k(ord int, run_id uuid, store_id uuid, started_at timestamptz, weeks int)
    cross join lateral (
      select g.held_out, o.placed_at, (
        select coalesce(sum(l.quantity * l.unit_price - l.refunded_amount), 0)::numeric
        from ${orderLines} l where l.order_id = o.id) as total
      from ${orders} o
      join ${orderHoldoutGroups} g on g.order_id = o.id and g.run_id = k.run_id
      where o.store_id = k.store_id and o.status in ('paid', 'fulfilled')
        and o.placed_at >= k.started_at and o.placed_at < k.started_at + make_interval(days => 7 * k.weeks)
      offset 0
    ) x
    group by 1, 2, 3`,
  });
  return requests.map((request, ord) => {
    const weekly = Array.from({ length: request.weeks }, () => ({ exposed: zero(), heldOut: zero() }));
    for (const row of rows) {
      if (row.ord !== ord) continue;
      // Cumulative: an order of week w counts in every look from w on.
      for (let look = row.week; look <= request.weeks; look++) {
        const sums = weekly[look - 1]?.[row.held_out ? "heldOut" : "exposed"];
        if (!sums) continue;
        sums.orders += row.orders;
        sums.revenue += Number(row.revenue);
        sums.revenueSquares += Number(row.squares);
      }
    }
    return weekly;
  });
}

const zero = (): OrderSums => ({ orders: 0, revenue: 0, revenueSquares: 0 });
