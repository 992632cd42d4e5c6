import { lt, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { ReviewDb } from "../index.ts";
import { widgetClickDays, widgetClickQuarters, widgetImpressionDays, widgetImpressions } from "../schema.ts";

/** One level of a rollup: a count per widget and bucket (a quarter-hour, or a UTC day, by its start). */
interface RollupLevel {
  table: PgTable;
  widgetId: PgColumn;
  bucket: PgColumn;
  count: PgColumn;
  /** The bucket of an instant. */
  bucketOf(at: SQL): SQL;
}

/** A rollup in two levels: quarter-hours for the ends of a range, UTC days for what lies between. */
export interface Rollup {
  quarters: RollupLevel;
  days: RollupLevel;
}

/** The origin both levels' buckets are aligned to (date_bin's: fixed intervals, no session timezone). */
const ORIGIN = sql`timestamptz '2000-01-01 00:00Z'`;

const quarterOf = (at: SQL) => sql`date_bin('15 minutes', ${at}, ${ORIGIN})`;

/** The UTC day of an instant, by its midnight. 24 hours, never '1 day', which DST would stretch. */
const dayOf = (at: SQL) => sql`date_bin('24 hours', ${at}, ${ORIGIN})`;

export const clickRollup: Rollup = {
  quarters: {
    table: widgetClickQuarters,
    widgetId: widgetClickQuarters.widgetId,
    bucket: widgetClickQuarters.bucket,
    count: widgetClickQuarters.clicks,
    bucketOf: quarterOf,
  },
  days: {
    table: widgetClickDays,
    widgetId: widgetClickDays.widgetId,
    bucket: widgetClickDays.bucket,
    count: widgetClickDays.clicks,
    bucketOf: dayOf,
  },
};

export const impressionRollup: Rollup = {
  quarters: {
    table: widgetImpressions,
    widgetId: widgetImpressions.widgetId,
    bucket: widgetImpressions.bucket,
    count: widgetImpressions.impressions,
    bucketOf: quarterOf,
  },
  days: {
    table: widgetImpressionDays,
    widgetId: widgetImpressionDays.widgetId,
    bucket: widgetImpressionDays.bucket,
    count: widgetImpressionDays.impressions,
    bucketOf: dayOf,
  },
};

/**
 * What a widget counted in [from, to), both on quarter-hour boundaries (every range in a store's timezone
 * is), as an int expression: whole UTC days from the day level, and the part-days before the first and
 * after the last midnight from the quarter-hours. Three index ranges, whose rows are bounded by the length
 * of the range, never by the number of events.
 */
export function rollupCount(
  rollup: Rollup,
  { widgetId, from, to }: { widgetId: SQL; from: SQL; to: SQL },
): SQL {
  // The first UTC midnight at or after `from`, and the last at or before `to`, kept in order when the
  // range holds no midnight at all.
  const firstMidnight = sql`least(${dayOf(sql`${from} + interval '24 hours' - interval '1 microsecond'`)}, ${to})`;
  const lastMidnight = sql`greatest(${dayOf(to)}, ${firstMidnight})`;
  const sum = (level: RollupLevel, lower: SQL, upper: SQL) =>
    sql`coalesce((select sum(${level.count}) from ${level.table}
      where ${level.widgetId} = ${widgetId} and ${level.bucket} >= ${lower} and ${level.bucket} < ${upper}), 0)`;
  return sql`(${sum(rollup.quarters, from, firstMidnight)} + ${sum(rollup.days, firstMidnight, lastMidnight)}
    + ${sum(rollup.quarters, lastMidnight, to)})::int`;
}

/**
 * An upsert that raises a level by the events of `events` (a relation with `widget_id` and
 * `occurred_at`), one row per widget and bucket, in key order so that concurrent writers lock rows in the
 * same order.
 */
export function raiseLevel(level: RollupLevel, events: SQL): SQL {
  // Every level's key is (widget_id, bucket); its count column is one word, the same in snake case.
  const count = sql.identifier(level.count.name);
  return sql`insert into ${level.table} as r (widget_id, bucket, ${count})
    select e.widget_id, ${level.bucketOf(sql`e.occurred_at`)}, count(*)::int from ${events} e
    group by 1, 2 order by 1, 2
    on conflict (widget_id, bucket) do update set ${count} = r.${count} + excluded.${count}`;
}

/**
 * Deletes both levels' buckets before `before`, a UTC midnight (so the two levels drop the same span);
 * callers run it in the transaction that drops what the rollup counted.
 */
export async function pruneRollup(
  db: Pick<ReviewDb, "delete">,
  { rollup, before }: { rollup: Rollup; before: Date },
): Promise<void> {
  for (const level of [rollup.quarters, rollup.days])
    await db.delete(level.table).where(lt(level.bucket, before));
}
