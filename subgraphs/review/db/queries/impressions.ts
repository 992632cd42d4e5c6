import { lt, sql } from "drizzle-orm";
import { executePrepared } from "../../../../lib/runtime/database.ts";
import { periodInstants } from "../../../../lib/runtime/period-sql.ts";
import { answersInOrder, batchRecordset, recordset } from "../../../../lib/runtime/sql-recordset.ts";
import type { Period } from "../../../../lib/week.ts";
import type { ReviewDb } from "../index.ts";
import { impressionIds, impressionOriginWindows, widgets } from "../schema.ts";
import { capOf, raiseOriginWindows } from "./origin-windows.ts";
import { impressionRollup, pruneRollup, raiseLevel, rollupCount } from "./rollup.ts";

/** One impression as it reaches the database: well-formed and not from a bot. */
export interface ImpressionAttempt {
  impressionId: string;
  widgetId: string;
  /** The address alone, hashed: at most `maxPerOrigin` of its impressions of a widget count per window. */
  origin: string;
  occurredAt: Date;
}

/** Counted impressions one address may add to one widget per window (50 page views in 30 minutes). */
export const DEFAULT_MAX_IMPRESSIONS_PER_ORIGIN = 50;

export type ImpressionOutcome =
  | { status: "no-active-widget" }
  | { status: "address-limit" }
  | { status: "recorded"; duplicate: boolean };

/**
 * Writes a batch of impressions in one statement (so one commit) and says what happened to each, in
 * order. An impression of an unknown or inactive widget is only reported. A new impression id is recorded
 * and raises its widget's quarter-hour and day by one, unless its address already had `maxPerOrigin`
 * counted on that widget in the window (`windowSeconds`): then it is refused and leaves no id behind. An
 * id seen before (a retry) changes nothing.
 */
export async function writeImpressions(
  db: ReviewDb,
  attempts: readonly ImpressionAttempt[],
  { windowSeconds, maxPerOrigin }: { windowSeconds: number; maxPerOrigin: number },
): Promise<ImpressionOutcome[]> {
  // One statement cannot insert the same id twice: a burst of retries in one batch is written once.
  const firstOf = new Map<string, number>();
  const rows: object[] = [];
  attempts.forEach((attempt, ord) => {
    if (firstOf.has(attempt.impressionId)) return;
    firstOf.set(attempt.impressionId, ord);
    rows.push({
      ord,
      impression_id: attempt.impressionId,
      widget_id: attempt.widgetId,
      origin: attempt.origin,
      occurred_at: attempt.occurredAt.toISOString(),
    });
  });
  const result = await executePrepared(db, {
    columns: { ord: "int4", found: "bool", known: "bool", fresh: "bool" },
    sql: sql`
    with batch as (
      select * from ${recordset(rows)}
        as b(ord int, impression_id uuid, widget_id uuid, origin text, occurred_at timestamptz)
    ),
    checked as (
      select b.*, coalesce(w.active, false) as found from batch b left join ${widgets} w on w.id = b.widget_id
    ),
    existing as (
      select impression_id from ${impressionIds}
      where impression_id in (select impression_id from checked where found)
    ),
    candidates as (
      select * from checked where found and impression_id not in (select impression_id from existing)
    ),
    origins as (${raiseOriginWindows(impressionOriginWindows, sql`candidates`, { cap: capOf(maxPerOrigin), windowSeconds })}),
    granted as (
      select * from (
        select c.*, coalesce(o.last_granted, 0) as allowed,
               row_number() over (partition by c.origin, c.widget_id order by c.ord) as n
        from candidates c left join origins o on o.origin = c.origin and o.widget_id = c.widget_id
      ) r where n <= allowed
    ),
    ids as (
      insert into ${impressionIds} (impression_id, seen_at)
      select impression_id, occurred_at from granted order by impression_id
      on conflict (impression_id) do nothing
      returning impression_id
    ),
    fresh as (select g.widget_id, g.occurred_at from granted g join ids using (impression_id)),
    quarters as (${raiseLevel(impressionRollup.quarters, sql`fresh`)}),
    days as (${raiseLevel(impressionRollup.days, sql`fresh`)})
    select c.ord, c.found, e.impression_id is not null as known, ids.impression_id is not null as fresh
    from checked c left join existing e using (impression_id) left join ids using (impression_id)`,
  });
  const byOrd = new Map(result.map((row) => [row.ord, row]));
  return attempts.map((attempt, index) => {
    const first = firstOf.get(attempt.impressionId) ?? index;
    const row = byOrd.get(first);
    if (!row?.found) return { status: "no-active-widget" };
    if (!row.known && !row.fresh) return { status: "address-limit" };
    return { status: "recorded", duplicate: first !== index || !row.fresh };
  });
}

export interface ImpressionCountRequest {
  widgetId: string;
  timeZone: string;
  period: Period;
}

/**
 * Impressions of each widget over a period in its store's timezone, in the order asked, in one statement:
 * each sums the impression rollup over the period.
 */
export async function impressionCounts(
  db: ReviewDb,
  requests: readonly ImpressionCountRequest[],
): Promise<number[]> {
  const batch = batchRecordset(requests, (r) => ({ widget_id: r.widgetId, tz: r.timeZone, ...r.period }));
  const rows = await executePrepared(db, {
    columns: { ord: "int4", impressions: "int4" },
    sql: sql`
    select k.ord, ${rollupCount(impressionRollup, { widgetId: sql`k.widget_id`, from: sql`b.from_at`, to: sql`b.to_at` })} as impressions
    from ${batch} as k(ord int, widget_id uuid, tz text, start date, days int)
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`k.tz`)} as b`,
  });
  return answersInOrder(
    requests.length,
    rows,
    (row) => row.impressions,
    () => 0,
  );
}

/**
 * Forgets impression ids older than `idRetentionDays`, and the rollup's quarter-hours and days older than
 * `retentionWeeks` (whole UTC days: both levels drop the same span).
 */
export async function deleteExpiredImpressions(
  db: ReviewDb,
  { now, idRetentionDays, retentionWeeks }: { now: Date; idRetentionDays: number; retentionWeeks: number },
): Promise<void> {
  await db
    .delete(impressionIds)
    .where(lt(impressionIds.seenAt, new Date(now.getTime() - idRetentionDays * 86_400_000)));
  const day = 86_400_000;
  const cutoff = new Date(Math.floor((now.getTime() - retentionWeeks * 7 * day) / day) * day);
  await db.transaction((tx) => pruneRollup(tx, { rollup: impressionRollup, before: cutoff }));
}
