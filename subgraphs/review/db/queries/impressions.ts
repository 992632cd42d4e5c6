import { lt, sql } from "drizzle-orm";
import { executePrepared } from "../../../../lib/database.ts";
import { answersInOrder, batchRecordset, recordset } from "../../../../lib/sql-recordset.ts";
import { type Period, periodInstants } from "../../../../lib/week.ts";
import type { ReviewDb } from "../index.ts";
import { impressionIds, widgets } from "../schema.ts";
import { impressionRollup, pruneRollup, raiseLevel, rollupCount } from "./rollup.ts";

/** One impression as it reaches the database: well-formed and not from a bot. */
export interface ImpressionAttempt {
  impressionId: string;
  widgetId: string;
  occurredAt: Date;
}

export type ImpressionOutcome = { status: "no-active-widget" } | { status: "recorded"; duplicate: boolean };

/**
 * Writes a batch of impressions in one statement (so one commit) and says what happened to each, in
 * order. An impression of an unknown or inactive widget is only reported. A new impression id is recorded
 * and raises its widget's quarter-hour and day by one; an id seen before (a retry) changes nothing.
 */
export async function writeImpressions(
  db: ReviewDb,
  attempts: readonly ImpressionAttempt[],
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
      occurred_at: attempt.occurredAt.toISOString(),
    });
  });
  const result = await executePrepared<{ ord: number; found: boolean; fresh: boolean }>(
    db,
    sql`
    with batch as (
      select * from ${recordset(rows)} as b(ord int, impression_id uuid, widget_id uuid, occurred_at timestamptz)
    ),
    checked as (
      select b.*, coalesce(w.active, false) as found from batch b left join ${widgets} w on w.id = b.widget_id
    ),
    ids as (
      insert into ${impressionIds} (impression_id, seen_at)
      select impression_id, occurred_at from checked where found order by impression_id
      on conflict (impression_id) do nothing
      returning impression_id
    ),
    fresh as (select c.widget_id, c.occurred_at from checked c join ids using (impression_id)),
    quarters as (${raiseLevel(impressionRollup.quarters, sql`fresh`)}),
    days as (${raiseLevel(impressionRollup.days, sql`fresh`)})
    select c.ord, c.found, ids.impression_id is not null as fresh
    from checked c left join ids using (impression_id)`,
  );
  const byOrd = new Map(result.map((row) => [Number(row.ord), row]));
  return attempts.map((attempt, index) => {
    const first = firstOf.get(attempt.impressionId) ?? index;
    const row = byOrd.get(first);
    if (!row?.found) return { status: "no-active-widget" };
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
  const rows = await executePrepared<{ ord: number; impressions: number }>(
    db,
    sql`
    select k.ord, ${rollupCount(impressionRollup, sql`k.widget_id`, sql`b.from_at`, sql`b.to_at`)} as impressions
    from ${batch} as k(ord int, widget_id uuid, tz text, start date, days int)
    cross join lateral ${periodInstants(sql`k.start`, sql`k.days`, sql`k.tz`)} as b`,
  );
  return answersInOrder(
    requests.length,
    rows,
    (row) => Number(row.impressions),
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
  await db.transaction((tx) => pruneRollup(tx, impressionRollup, cutoff));
}
