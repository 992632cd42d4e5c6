import { sql } from "drizzle-orm";
import { ACTIVITY_SPANS } from "../../../../lib/alert-rules.ts";
import { executePrepared } from "../../../../lib/runtime/database.ts";
import { answersInOrder, batchRecordset, listsInOrder } from "../../../../lib/runtime/sql-recordset.ts";
import type { ReviewDb } from "../index.ts";
import { widgetClickQuarters, widgetImpressions, widgets } from "../schema.ts";

export interface ActivityRequest {
  storeId: string;
  /** A whole hour (quarter-hour buckets are summed whole). */
  until: Date;
}

export interface WidgetWindows {
  widgetId: string;
  /** Index 0: the window ending at `until`; index k: the same window k weeks before. */
  clicks: number[];
  impressions: number[];
}

export interface StoreActivity {
  recentEvents: number;
  /** Most recent first. */
  dailyEvents: number[];
  lastEventAt: Date | null;
  widgets: WidgetWindows[];
}

/**
 * What the hourly alert check reads of each store, in two statements for the whole batch: every active
 * widget's clicks and impressions in the windows it compares, and the store's events in the last hours and
 * in each day before them. Both read the quarter-hour level of the rollups only, by index ranges bounded by
 * the windows' length, never by the number of events.
 */
export async function storeActivity(
  db: ReviewDb,
  requests: readonly ActivityRequest[],
): Promise<StoreActivity[]> {
  const batch = batchRecordset(requests, (r) => ({ store_id: r.storeId, until: r.until.toISOString() }));
  const { windowHours, trailingWeeks, silentHours, activeDays } = ACTIVITY_SPANS;
  const sumOf = (table: typeof widgetClickQuarters | typeof widgetImpressions, from: string, to: string) => {
    const count = sql.raw(table === widgetClickQuarters ? "q.clicks" : "q.impressions");
    return sql`coalesce((select sum(${count}) from ${table} q
      where q.widget_id = w.id and q.bucket >= ${sql.raw(from)} and q.bucket < ${sql.raw(to)}), 0)`;
  };
  const windowFrom = `k.until - make_interval(hours => g.i * 168 + ${windowHours})`;
  const windowTo = `k.until - make_interval(hours => g.i * 168)`;
  const windowRows = await executePrepared(db, {
    columns: { ord: "int4", widget_id: "uuid", clicks: "int4[]", impressions: "int4[]" },
    sql: sql`
    select k.ord, w.id as widget_id,
      array_agg(${sumOf(widgetClickQuarters, windowFrom, windowTo)}::int order by g.i) as clicks,
      array_agg(${sumOf(widgetImpressions, windowFrom, windowTo)}::int order by g.i) as impressions
    from ${batch} as k(ord int, store_id uuid, until timestamptz)
    join ${widgets} w on w.store_id = k.store_id and w.active
    cross join generate_series(0, ${trailingWeeks}) as g(i)
    group by k.ord, w.id
    order by k.ord, w.id`,
  });
  // Span 0 is the silent span; span d ≥ 1 the d-th day before it.
  const spanFrom = `k.until - make_interval(hours => case when g.d = 0 then ${silentHours} else ${silentHours} + g.d * 24 end)`;
  const spanTo = `k.until - make_interval(hours => case when g.d = 0 then 0 else ${silentHours} + (g.d - 1) * 24 end)`;
  const eventsIn = (from: string, to: string) =>
    sql`(select coalesce(sum(${sumOf(widgetClickQuarters, from, to)} + ${sumOf(widgetImpressions, from, to)}), 0)
      from ${widgets} w where w.store_id = k.store_id)::int`;
  const lastOf = (table: typeof widgetClickQuarters | typeof widgetImpressions) =>
    sql`(select max(q.bucket) from ${widgets} w join ${table} q on q.widget_id = w.id
      where w.store_id = k.store_id and q.bucket >= k.until - interval '15 days' and q.bucket < k.until)`;
  const storeRows = await executePrepared(db, {
    columns: { ord: "int4", events: "int4[]?", last_bucket: "timestamptz?" },
    sql: sql`
    select k.ord,
      (select array_agg(${eventsIn(spanFrom, spanTo)} order by g.d)
        from generate_series(0, ${activeDays}) as g(d)) as events,
      greatest(${lastOf(widgetClickQuarters)}, ${lastOf(widgetImpressions)}) as last_bucket
    from ${batch} as k(ord int, store_id uuid, until timestamptz)
    order by k.ord`,
  });
  const windows = listsInOrder(requests.length, windowRows, (row) => ({
    widgetId: row.widget_id,
    clicks: row.clicks,
    impressions: row.impressions,
  }));
  const stores = answersInOrder(
    requests.length,
    storeRows,
    (row): { events: number[] | null; last_bucket: string | null } => row,
    () => ({ events: null, last_bucket: null }),
  );
  return stores.map((row, ord) => {
    const [recentEvents = 0, ...dailyEvents] = row.events ?? [];
    return {
      recentEvents,
      dailyEvents,
      // A quarter-hour's bucket is its start: its events may be as late as its end.
      lastEventAt: row.last_bucket ? new Date(new Date(row.last_bucket).getTime() + 15 * 60_000) : null,
      widgets: windows[ord] ?? [],
    };
  });
}
