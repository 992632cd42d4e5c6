import { inArray, lt, type SQL, sql } from "drizzle-orm";
import { executePrepared } from "../../../../lib/runtime/database.ts";
import { periodInstants } from "../../../../lib/runtime/period-sql.ts";
import {
  answersInOrder,
  batchRecordset,
  listsInOrder,
  recordset,
} from "../../../../lib/runtime/sql-recordset.ts";
import type { Period } from "../../../../lib/week.ts";
import type { ReviewDb } from "../index.ts";
import {
  clickIds,
  originWindows,
  products,
  repeatClicks,
  repeatOriginWindows,
  visitorWindows,
  type Widget,
  widgetClicks,
  widgetProducts,
  widgets,
} from "../schema.ts";
import { capOf, deleteExpiredOriginWindows, raiseOriginWindows } from "./origin-windows.ts";
import { clickRollup, impressionRollup, rollupCount } from "./rollup.ts";

export interface ClickCountRequest {
  widgetId: string;
  timeZone: string;
  period: Period;
}

/** Clicks on each widget over a period in its store's timezone, in the order asked, in one statement. */
export async function clickCounts(db: ReviewDb, requests: readonly ClickCountRequest[]): Promise<number[]> {
  const rows = await executePrepared(db, {
    columns: { ord: "int4", clicks: "int4" },
    sql: clickCountsQuery(requests),
  });
  return answersInOrder(
    requests.length,
    rows,
    (row) => row.clicks,
    () => 0,
  );
}

/**
 * The statement behind {@link clickCounts}: each count sums the click rollup over the period's instants,
 * never the clicks themselves.
 */
export function clickCountsQuery(requests: readonly ClickCountRequest[]): SQL {
  const batch = batchRecordset(requests, (r) => ({ widget_id: r.widgetId, tz: r.timeZone, ...r.period }));
  return sql`
    select k.ord, ${rollupCount(clickRollup, { widgetId: sql`k.widget_id`, from: sql`b.from_at`, to: sql`b.to_at` })} as clicks
    from ${batch} as k(ord int, widget_id uuid, tz text, start date, days int)
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`k.tz`)} as b`;
}

export interface TopWidgetsRequest {
  storeId: string;
  period: Period;
  timeZone: string;
  first: number;
}

export interface WidgetClickFigures {
  widget: Widget;
  /** The ISO week the figures are of. */
  week: string;
  clicks: number;
  previousClicks: number;
  impressions: number;
}

/**
 * For each store, its `first` widgets by clicks in the period (most first, ties by widget id, only widgets
 * clicked in the period), with the clicks of the period before and the impressions of the period. One
 * statement for the whole batch; every count sums a rollup. The widgets come whole, so the report needs
 * no further statement for their names.
 */
export async function topWidgets(
  db: ReviewDb,
  requests: readonly TopWidgetsRequest[],
): Promise<Omit<WidgetClickFigures, "week">[][]> {
  const batch = batchRecordset(requests, (r) => ({
    store_id: r.storeId,
    tz: r.timeZone,
    start: r.period.start,
    days: r.period.days,
    previous_start: r.period.previousStart ?? null,
    first: r.first,
  }));
  const rows = await executePrepared(db, {
    columns: {
      ord: "int4",
      widget_id: "uuid",
      store_id: "uuid",
      name: "text",
      active: "bool",
      created_at: "timestamptz",
      clicks: "int4",
      previous_clicks: "int4",
      impressions: "int4",
    },
    sql: sql`
    select k.ord, t.widget_id, t.store_id, t.name, t.active, t.created_at, t.clicks, t.previous_clicks,
      ${rollupCount(impressionRollup, { widgetId: sql`t.widget_id`, from: sql`b.from_at`, to: sql`b.to_at` })} as impressions
    from ${batch} as k(ord int, store_id uuid, tz text, start date, days int, previous_start date, first int)
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`k.tz`, sql`k.previous_start`)} as b
    cross join lateral (
      select w.id as widget_id, w.store_id, w.name, w.active, w.created_at, n.clicks, n.previous_clicks
      from ${widgets} w
      cross join lateral (
        select ${rollupCount(clickRollup, { widgetId: sql`w.id`, from: sql`b.from_at`, to: sql`b.to_at` })} as clicks,
               ${rollupCount(clickRollup, { widgetId: sql`w.id`, from: sql`b.previous_from_at`, to: sql`b.from_at` })} as previous_clicks
        offset 0
      ) n
      where w.store_id = k.store_id and n.clicks > 0
      order by n.clicks desc, w.id
      limit k.first
    ) t
    order by k.ord, t.clicks desc, t.widget_id`,
  });
  return listsInOrder(requests.length, rows, (row) => ({
    widget: {
      id: row.widget_id,
      storeId: row.store_id,
      name: row.name,
      active: row.active,
      createdAt: new Date(row.created_at),
    },
    clicks: row.clicks,
    previousClicks: row.previous_clicks,
    impressions: row.impressions,
  }));
}

/** One click as it reaches the database: already well-formed, not from a bot, with its visitor hash. */
export interface ClickAttempt {
  clickId: string;
  widgetId: string;
  productId: string | null;
  visitor: string;
  /** The address alone, hashed: at most `maxPerOrigin` of its clicks on a widget count per window. */
  origin: string;
  occurredAt: Date;
}

/** Counted clicks one address may add to one widget per repeat window, whatever user agents it shows. */
export const DEFAULT_MAX_COUNTED_PER_ORIGIN = 10;

export type ClickOutcome =
  | { status: "no-active-widget" }
  | { status: "product-not-in-widget" }
  /**
   * `counted` is false for a repeat of the same visitor on the same widget within the window, or past the
   * cap of its address.
   */
  | { status: "recorded"; duplicate: boolean; counted: boolean };

/**
 * Writes a batch of clicks in one statement (so one commit), and says what happened to each, in order.
 *
 * Invalid clicks (unknown or inactive widget, product not shown) are only reported. A click id seen before
 * is answered as it was the first time. A new click is counted (a row in `widget_clicks`, its id in
 * `click_ids`) unless the same visitor had a click counted on the same widget within `windowSeconds` (the
 * `visitor_windows` upsert) or its address already had {@link DEFAULT_MAX_COUNTED_PER_ORIGIN} (by default) counted there in the
 * window (the `origin_windows` upsert); both decide atomically, even against concurrent batches. A
 * visitor's repeat on a product is kept in `repeat_clicks` for order claims, at most the address's cap per
 * widget and window (`repeat_origin_windows`); any other click not counted leaves no id behind, so a flood
 * of distinct uncounted ids costs bounded storage.
 */
export async function writeClicks(
  db: ReviewDb,
  attempts: readonly ClickAttempt[],
  {
    windowSeconds,
    maxPerOrigin = DEFAULT_MAX_COUNTED_PER_ORIGIN,
  }: {
    windowSeconds: number;
    /** See {@link DEFAULT_MAX_COUNTED_PER_ORIGIN}; 0: no cap (load tests from one address). */
    maxPerOrigin?: number;
  },
): Promise<ClickOutcome[]> {
  const cap = capOf(maxPerOrigin);
  // Within one batch the same click id (a burst of retries) is written once: one statement cannot insert
  // the same key twice.
  const firstOfClick = new Map<string, number>();
  const rows: object[] = [];
  attempts.forEach((attempt, index) => {
    if (firstOfClick.has(attempt.clickId)) return;
    firstOfClick.set(attempt.clickId, index);
    rows.push({
      ord: index,
      click_id: attempt.clickId,
      widget_id: attempt.widgetId,
      product_id: attempt.productId,
      visitor: attempt.visitor,
      origin: attempt.origin,
      occurred_at: attempt.occurredAt.toISOString(),
    });
  });

  const result = await executePrepared(db, {
    columns: { ord: "int4", found: "bool", product_ok: "bool", was_counted: "bool?", now_counted: "bool?" },
    sql: sql`
    with batch as (
      select * from ${recordset(rows)}
        as b(ord int, click_id uuid, widget_id uuid, product_id uuid, visitor text, origin text, occurred_at timestamptz)
    ),
    checked as (
      select b.*, w.store_id, coalesce(w.active, false) as found,
             (b.product_id is null or exists (
               select 1 from ${widgetProducts} wp join ${products} p on p.id = wp.product_id and p.store_id = w.store_id
               where wp.widget_id = b.widget_id and wp.product_id = b.product_id
             )) as product_ok
      from batch b left join ${widgets} w on w.id = b.widget_id
    ),
    valid as (select * from checked where found and product_ok),
    existing as (select ci.click_id, ci.counted from ${clickIds} ci where ci.click_id in (select click_id from valid)),
    -- Only the first new, valid click of a visitor on a widget in this batch may count (one statement
    -- cannot upsert the same window twice); decided after validity, so an invalid or already-seen click
    -- before it never makes it a repeat.
    candidates as (
      select v.*, row_number() over (partition by v.visitor, v.widget_id order by v.ord) > 1 as repeat
      from valid v where v.click_id not in (select click_id from existing)
    ),
    windows as (
      insert into ${visitorWindows} as vw (visitor, widget_id, last_counted_at)
      select visitor, widget_id, occurred_at from candidates where not repeat order by visitor, widget_id
      on conflict (visitor, widget_id) do update set last_counted_at = excluded.last_counted_at
        where vw.last_counted_at <= excluded.last_counted_at - make_interval(secs => ${windowSeconds})
      returning visitor, widget_id
    ),
    visitor_ok as (
      select c.*, w.visitor is not null as ok
      from candidates c left join windows w on not c.repeat and w.visitor = c.visitor and w.widget_id = c.widget_id
    ),
    -- One upsert per address and widget for the whole batch: it raises the window's count by what the
    -- batch asks, up to the cap, and records (last_granted) how many it let through.
    origins as (${raiseOriginWindows(originWindows, sql`(select origin, widget_id, occurred_at from visitor_ok where ok) r`, { cap, windowSeconds })}),
    granted as (
      select v.click_id,
             v.ok and row_number() over (partition by v.origin, v.widget_id, v.ok order by v.ord) <= coalesce(o.last_granted, 0) as counted
      from visitor_ok v left join origins o on o.origin = v.origin and o.widget_id = v.widget_id
    ),
    -- A visitor's repeat on a product of the widget is not counted, but kept for claims (up to the
    -- address's cap per widget and window): the shopper who compares may buy the second product.
    repeats as (
      select v.*, row_number() over (partition by v.origin, v.widget_id order by v.ord) as n
      from visitor_ok v where not v.ok and v.product_id is not null
    ),
    repeat_origins as (${raiseOriginWindows(repeatOriginWindows, sql`(select origin, widget_id, occurred_at from repeats) r`, { cap, windowSeconds })}),
    repeats_kept as (
      insert into ${repeatClicks} (click_id, widget_id, store_id, product_id, occurred_at)
      select r.click_id, r.widget_id, r.store_id, r.product_id, r.occurred_at
      from repeats r join repeat_origins o on o.origin = r.origin and o.widget_id = r.widget_id
      where r.n <= o.last_granted
      order by r.click_id
      on conflict (click_id) do nothing
    ),
    ids as (
      insert into ${clickIds} (click_id, counted, seen_at)
      select c.click_id, true, c.occurred_at
      from candidates c join granted g on g.click_id = c.click_id where g.counted
      order by c.click_id
      on conflict (click_id) do nothing
      returning click_id, counted
    ),
    stored as (
      insert into ${widgetClicks} (click_id, widget_id, store_id, product_id, occurred_at)
      select c.click_id, c.widget_id, c.store_id, c.product_id, c.occurred_at
      from candidates c join ids i on i.click_id = c.click_id where i.counted
    )
    select c.ord, c.found, c.product_ok, e.counted as was_counted,
           coalesce(i.counted, case when g.click_id is not null and not g.counted then false end) as now_counted
    from checked c left join existing e on e.click_id = c.click_id left join ids i on i.click_id = c.click_id
      left join granted g on g.click_id = c.click_id`,
  });

  const byOrd = new Map(result.map((row) => [row.ord, row]));
  // A click id that another batch wrote while this one ran is neither "existing" nor inserted here; its
  // outcome is read back once that batch has committed.
  const raced = [...byOrd.values()].filter(
    (row) => row.found && row.product_ok && row.was_counted === null && row.now_counted === null,
  );
  const racedCounted =
    raced.length > 0
      ? await countedClickIds(
          db,
          raced.map((row) => attempts[row.ord]?.clickId ?? ""),
        )
      : new Map();

  return attempts.map((attempt, index) => {
    const first = firstOfClick.get(attempt.clickId) ?? index;
    const row = byOrd.get(first);
    if (!row?.found) return { status: "no-active-widget" };
    if (!row.product_ok) return { status: "product-not-in-widget" };
    if (row.now_counted !== null)
      return { status: "recorded", duplicate: first !== index, counted: row.now_counted };
    const counted = row.was_counted ?? racedCounted.get(attempt.clickId) ?? false;
    return { status: "recorded", duplicate: true, counted };
  });
}

async function countedClickIds(db: ReviewDb, ids: string[]): Promise<Map<string, boolean>> {
  const rows = await db.select().from(clickIds).where(inArray(clickIds.clickId, ids));
  return new Map(rows.map((row) => [row.clickId, row.counted]));
}

/**
 * Forgets click ids older than `clickIdRetentionDays` (a retry that late would count again), and visitor
 * and address windows (clicks' and impressions') that have run out.
 */
export async function deleteExpiredClickState(
  db: ReviewDb,
  {
    now,
    clickIdRetentionDays,
    windowSeconds,
  }: { now: Date; clickIdRetentionDays: number; windowSeconds: number },
): Promise<void> {
  const idsBefore = new Date(now.getTime() - clickIdRetentionDays * 86_400_000).toISOString();
  const windowsBefore = new Date(now.getTime() - windowSeconds * 1000);
  await db.delete(clickIds).where(lt(clickIds.seenAt, new Date(idsBefore)));
  await db.delete(repeatClicks).where(lt(repeatClicks.occurredAt, new Date(idsBefore)));
  await db.delete(visitorWindows).where(lt(visitorWindows.lastCountedAt, windowsBefore));
  await deleteExpiredOriginWindows(db, windowsBefore);
}

export interface ClickSeriesRequest {
  storeId: string;
  timeZone: string;
  /** Local periods (a series of weeks, or one range of dates), in the order answered. */
  periods: readonly Period[];
}

/**
 * For each store, clicks on all its widgets in each of its periods, in one statement whatever their
 * number: each period's bounds are computed once, and each widget's count sums the click rollup.
 */
export async function clickSeries(
  db: ReviewDb,
  requests: readonly ClickSeriesRequest[],
): Promise<number[][]> {
  const batch = batchRecordset(requests, (r) => ({
    store_id: r.storeId,
    tz: r.timeZone,
    periods: r.periods.map(({ start, days }, i) => ({ i, start, days })),
  }));
  const rows = await executePrepared(db, {
    columns: { ord: "int4", i: "int4", clicks: "int4" },
    sql: sql`
    select k.ord, g.i, (
      select coalesce(sum(${rollupCount(clickRollup, { widgetId: sql`w.id`, from: sql`b.from_at`, to: sql`b.to_at` })}), 0)::int
      from ${widgets} w where w.store_id = k.store_id
    ) as clicks
    from ${batch} as k(ord int, store_id uuid, tz text, periods json)
    cross join lateral json_to_recordset(k.periods) as g(i int, start date, days int)
    cross join lateral ${periodInstants(sql`g.start`, sql`g.days`, sql`k.tz`)} as b
    order by k.ord, g.i`,
  });
  return listsInOrder(requests.length, rows, (row) => row.clicks);
}

export interface ClickLookup {
  clickId: string;
  from: Date;
  to: Date;
}

export interface CountedClick {
  id: string;
  widgetId: string;
  storeId: string;
  productId: string | null;
  occurredAt: Date;
}

/**
 * Clicks by id, counted or a visitor's kept repeat, each looked for only between its two instants (so in
 * the one or two weekly partitions they span), in the order asked; `undefined` where there is none. One
 * statement.
 */
export async function clicksByIds(
  db: ReviewDb,
  lookups: readonly ClickLookup[],
): Promise<(CountedClick | undefined)[]> {
  if (lookups.length === 0) return [];
  const batch = batchRecordset(lookups, (l) => ({
    click_id: l.clickId,
    from_at: l.from.toISOString(),
    to_at: l.to.toISOString(),
  }));
  const rows = await executePrepared(db, {
    columns: {
      ord: "int4",
      click_id: "uuid",
      widget_id: "uuid",
      store_id: "uuid",
      product_id: "uuid?",
      occurred_at: "timestamptz",
    },
    sql: sql`
    select k.ord, c.click_id, c.widget_id, c.store_id, c.product_id, c.occurred_at
    from ${batch} as k(ord int, click_id uuid, from_at timestamptz, to_at timestamptz)
    cross join lateral (
      (select c.click_id, c.widget_id, c.store_id, c.product_id, c.occurred_at from ${widgetClicks} c
       where c.click_id = k.click_id and c.occurred_at between k.from_at and k.to_at limit 1)
      union all
      (select r.click_id, r.widget_id, r.store_id, r.product_id, r.occurred_at from ${repeatClicks} r
       where r.click_id = k.click_id and r.occurred_at between k.from_at and k.to_at)
      limit 1
    ) c`,
  });
  return answersInOrder(
    lookups.length,
    rows,
    (row) => ({
      id: row.click_id,
      widgetId: row.widget_id,
      storeId: row.store_id,
      productId: row.product_id,
      occurredAt: new Date(row.occurred_at),
    }),
    () => undefined,
  );
}
