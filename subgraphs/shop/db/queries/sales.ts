import { inArray, type SQL, sql } from "drizzle-orm";
import { presentAmount } from "../../../../lib/money.ts";
import { executePrepared } from "../../../../lib/runtime/database.ts";
import { periodInstants } from "../../../../lib/runtime/period-sql.ts";
import { answersInOrder, batchRecordset, listsInOrder } from "../../../../lib/runtime/sql-recordset.ts";
import type { Period } from "../../../../lib/week.ts";
import type { ShopDb } from "../index.ts";
import { orderLines, orders, stores } from "../schema.ts";

/**
 * What a sale is, defined once and reused by every query: the line total of a paid or fulfilled order, net
 * of what was refunded of the line. Cancelled and (wholly) refunded orders never count.
 */
export const lineSales = sql<string>`(${orderLines.quantity} * ${orderLines.unitPrice} - ${orderLines.refundedAmount})`;
/** Units sold by a line: those not refunded. */
export const lineUnits = sql<number>`(${orderLines.quantity} - ${orderLines.refundedQuantity})`;
export const countsAsSale = inArray(orders.status, ["paid", "fulfilled"]);

export interface TopProductsRequest {
  storeId: string;
  /** The candidates: products shown in the store's widgets. */
  productIds: readonly string[];
  period: Period;
  first: number;
}

export interface ProductSalesFigures {
  productId: string;
  sales: string;
  previousSales: string;
  units: number;
  currency: string;
}

/**
 * For each store, its `first` products by sales in the period among the candidates (sales desc, units desc,
 * product id), with the sales of the period before. One statement for the whole batch; each store reads
 * its own orders of the two periods through (store_id, placed_at).
 */
export async function topProducts(
  db: ShopDb,
  requests: readonly TopProductsRequest[],
): Promise<ProductSalesFigures[][]> {
  const batch = batchRecordset(requests, (r) => ({
    store_id: r.storeId,
    product_ids: r.productIds,
    start: r.period.start,
    days: r.period.days,
    previous_start: r.period.previousStart ?? null,
    first: r.first,
  }));
  const inCurrent = sql`${orders.placedAt} >= b.from_at`;
  const rows = await executePrepared(db, {
    columns: {
      ord: "int4",
      product_id: "uuid",
      sales: "text",
      previous_sales: "text",
      units: "int8",
      currency: "text",
    },
    sql: sql`
    select k.ord, t.product_id, t.sales::text, t.previous_sales::text, t.units, ${stores.currency} as currency
    from ${batch} as k(ord int, store_id uuid, product_ids json, start date, days int, previous_start date, first int)
    join ${stores} on ${stores.id} = k.store_id
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`${stores.timezone}`, sql`k.previous_start`)} as b
    cross join lateral (
      select ${orderLines.productId} as product_id,
             coalesce(sum(${lineSales}) filter (where ${inCurrent}), 0)::numeric as sales,
             coalesce(sum(${lineSales}) filter (where not ${inCurrent}), 0)::numeric as previous_sales,
             coalesce(sum(${lineUnits}) filter (where ${inCurrent}), 0)::bigint as units
      from ${orders} join ${orderLines} on ${orderLines.orderId} = ${orders.id}
      where ${orders.storeId} = k.store_id and ${countsAsSale}
        and ${orders.placedAt} >= b.previous_from_at and ${orders.placedAt} < b.to_at
        and ${orderLines.productId} in (select value::uuid from json_array_elements_text(k.product_ids))
      group by ${orderLines.productId}
      having sum(${lineUnits}) filter (where ${inCurrent}) > 0
      order by sales desc, units desc, product_id
      limit k.first
    ) t
    order by k.ord, t.sales desc, t.units desc, t.product_id`,
  });
  return listsInOrder(requests.length, rows, (row) => ({
    productId: row.product_id,
    sales: presentAmount(row.sales, row.currency),
    previousSales: presentAmount(row.previous_sales, row.currency),
    units: Number(row.units),
    currency: row.currency,
  }));
}

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
 * batch. Every request resolves its own week bounds against its store's timezone, and reads only the
 * store's orders of the period (through `(store_id, placed_at)`), then their lines of that product: never
 * every line the product ever had.
 */
export async function productSales(db: ShopDb, requests: readonly SalesRequest[]): Promise<SalesFigure[]> {
  const rows = await executePrepared(db, {
    columns: { ord: "int4", amount: "text", units: "int8", currency: "text" },
    sql: productSalesQuery(requests),
  });
  return answersInOrder(
    requests.length,
    rows,
    (row) => ({
      amount: presentAmount(row.amount, row.currency),
      currency: row.currency,
      units: Number(row.units),
    }),
    (ord) => {
      throw new Error(`Store of product ${requests[ord]?.productId} not found`);
    },
  );
}

/** The statement behind {@link productSales} (a plan test reads it). */
export function productSalesQuery(requests: readonly SalesRequest[]): SQL {
  const batch = batchRecordset(requests, (r) => ({
    product_id: r.productId,
    store_id: r.storeId,
    ...r.period,
  }));
  return sql`
    select k.ord, ${stores.currency} as currency, s.amount, s.units
    from ${batch} as k(ord int, product_id uuid, store_id uuid, start date, days int)
    join ${stores} on ${stores.id} = k.store_id
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`${stores.timezone}`)} as b
    cross join lateral (
      select coalesce(sum(l.sales), 0)::numeric::text as amount, coalesce(sum(l.units), 0)::bigint as units
      from ${orders}
      -- Lateral per order: the planner cannot start from the product's lines (all of them, ever), so
      -- each of the period's orders looks its line up in (order_id, product_id, ...).
      cross join lateral (
        select sum(${lineSales}) as sales, sum(${lineUnits}) as units from ${orderLines}
        where ${orderLines.orderId} = ${orders.id} and ${orderLines.productId} = k.product_id
      ) l
      where ${orders.storeId} = k.store_id and ${countsAsSale}
        and ${orders.placedAt} >= b.from_at and ${orders.placedAt} < b.to_at
    ) s`;
}

export interface SalesSeriesRequest {
  storeId: string;
  /** The products shown in the store's widgets. */
  productIds: readonly string[];
  /** Local periods (a series of weeks, or one range of dates), in the order answered. */
  periods: readonly Period[];
}

export interface WeekSalesFigure {
  sales: string;
  units: number;
  /** Sales of lines credited to a widget click (whichever products they are). */
  attributedSales: string;
  /** Orders with at least one credited line. */
  attributedOrders: number;
  currency: string;
}

/** A line credited to a widget click (the attribution job's verdict). */
const credited = sql`${orderLines.creditedWidgetId} is not null`;

/**
 * For each store, the sales and units of its widget products in each of its periods (the weeks of a
 * series, or one range of dates), and the sales and orders credited to widget clicks: one statement
 * whatever the number of periods, each reading the store's orders of that period through
 * (store_id, placed_at).
 */
export async function salesSeries(
  db: ShopDb,
  requests: readonly SalesSeriesRequest[],
): Promise<WeekSalesFigure[][]> {
  const batch = batchRecordset(requests, (r) => ({
    store_id: r.storeId,
    product_ids: r.productIds,
    periods: r.periods.map(({ start, days }, i) => ({ i, start, days })),
  }));
  const shown = sql`${orderLines.productId} in (select value::uuid from json_array_elements_text(k.product_ids))`;
  const rows = await executePrepared(db, {
    columns: {
      ord: "int4",
      i: "int4",
      sales: "text",
      units: "int8",
      attributed_sales: "text",
      attributed_orders: "int4",
      currency: "text",
    },
    sql: sql`
    select k.ord, g.i, ${stores.currency} as currency, s.sales::text, s.units, s.attributed_sales::text, s.attributed_orders
    from ${batch} as k(ord int, store_id uuid, product_ids json, periods json)
    join ${stores} on ${stores.id} = k.store_id
    cross join lateral json_to_recordset(k.periods) as g(i int, start date, days int)
    cross join lateral ${periodInstants(sql`g.start`, sql`g.days`, sql`${stores.timezone}`)} as b
    cross join lateral (
      select coalesce(sum(${lineSales}) filter (where ${shown}), 0)::numeric as sales,
             coalesce(sum(${lineUnits}) filter (where ${shown}), 0)::bigint as units,
             coalesce(sum(${lineSales}) filter (where ${credited}), 0)::numeric as attributed_sales,
             count(distinct ${orders.id}) filter (where ${credited})::int as attributed_orders
      from ${orders} join ${orderLines} on ${orderLines.orderId} = ${orders.id}
      where ${orders.storeId} = k.store_id and ${countsAsSale}
        and ${orders.placedAt} >= b.from_at and ${orders.placedAt} < b.to_at
    ) s
    order by k.ord, g.i`,
  });
  return listsInOrder(requests.length, rows, (row) => ({
    sales: presentAmount(row.sales, row.currency),
    units: Number(row.units),
    attributedSales: presentAmount(row.attributed_sales, row.currency),
    attributedOrders: row.attributed_orders,
    currency: row.currency,
  }));
}

export interface AttributionRequest {
  widgetId: string;
  storeId: string;
  period: Period;
}

export interface AttributionFigure {
  sales: string;
  orders: number;
  currency: string;
}

/**
 * The sales and orders credited to each widget over a period in its store's timezone, in the order asked,
 * in one statement for the whole batch: the store's orders of the period (through (store_id, placed_at)),
 * then their lines credited to that widget.
 */
export async function widgetAttribution(
  db: ShopDb,
  requests: readonly AttributionRequest[],
): Promise<AttributionFigure[]> {
  const batch = batchRecordset(requests, (r) => ({
    widget_id: r.widgetId,
    store_id: r.storeId,
    ...r.period,
  }));
  const rows = await executePrepared(db, {
    columns: { ord: "int4", sales: "text", orders: "int4", currency: "text" },
    sql: sql`
    select k.ord, ${stores.currency} as currency, a.sales::text, a.orders
    from ${batch} as k(ord int, widget_id uuid, store_id uuid, start date, days int)
    join ${stores} on ${stores.id} = k.store_id
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`${stores.timezone}`)} as b
    cross join lateral (
      select coalesce(sum(${lineSales}), 0)::numeric as sales, count(distinct ${orders.id})::int as orders
      from ${orders} join ${orderLines} on ${orderLines.orderId} = ${orders.id}
      where ${orders.storeId} = k.store_id and ${countsAsSale}
        and ${orders.placedAt} >= b.from_at and ${orders.placedAt} < b.to_at
        and ${orderLines.creditedWidgetId} = k.widget_id
    ) a`,
  });
  return answersInOrder(
    requests.length,
    rows,
    (row) => ({
      sales: presentAmount(row.sales, row.currency),
      orders: row.orders,
      currency: row.currency,
    }),
    (ord) => {
      throw new Error(`Store of widget ${requests[ord]?.widgetId} not found`);
    },
  );
}

export interface CreditedWindowsRequest {
  widgetId: string;
  storeId: string;
  /** A whole hour: the end of the first window. */
  until: Date;
  /** Windows: the `hours` before `until`, then the same hours of each week before, `weeks` of them. */
  hours: number;
  weeks: number;
}

/**
 * The sales and orders credited to each widget in the alert check's windows (most recent first), in one
 * statement for the whole batch: each window reads the store's orders of those hours through
 * (store_id, placed_at), then their lines credited to that widget.
 */
export async function creditedWindows(
  db: ShopDb,
  requests: readonly CreditedWindowsRequest[],
): Promise<AttributionFigure[][]> {
  const batch = batchRecordset(requests, (r) => ({
    widget_id: r.widgetId,
    store_id: r.storeId,
    until: r.until.toISOString(),
    hours: r.hours,
    weeks: r.weeks,
  }));
  const rows = await executePrepared(db, {
    columns: { ord: "int4", i: "int4", sales: "text", orders: "int4", currency: "text" },
    sql: sql`
    select k.ord, g.i, ${stores.currency} as currency, a.sales::text, a.orders
    from ${batch} as k(ord int, widget_id uuid, store_id uuid, until timestamptz, hours int, weeks int)
    join ${stores} on ${stores.id} = k.store_id
    cross join lateral generate_series(0, k.weeks) as g(i)
    cross join lateral (
      select coalesce(sum(${lineSales}), 0)::numeric as sales, count(distinct ${orders.id})::int as orders
      from ${orders} join ${orderLines} on ${orderLines.orderId} = ${orders.id}
      where ${orders.storeId} = k.store_id and ${countsAsSale}
        and ${orders.placedAt} >= k.until - make_interval(hours => g.i * 168 + k.hours)
        and ${orders.placedAt} < k.until - make_interval(hours => g.i * 168)
        and ${orderLines.creditedWidgetId} = k.widget_id
    ) a
    order by k.ord, g.i`,
  });
  return listsInOrder(requests.length, rows, (row) => ({
    sales: presentAmount(row.sales, row.currency),
    orders: row.orders,
    currency: row.currency,
  }));
}
