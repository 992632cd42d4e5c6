import { getTableName, sql } from "drizzle-orm";
import type { ReviewDb } from "../index.ts";
import { widgetClicks } from "../schema.ts";
import { clickRollup, pruneRollup } from "./rollup.ts";

const WEEK_MS = 7 * 86_400_000;
const PARENT = getTableName(widgetClicks);
const PREFIX = `${PARENT}_p`;
/** Holds a click whose week has no partition yet (migration 0001). */
const DEFAULT_PARTITION = sql.identifier(`${PARENT}_default`);

/** Monday 00:00 UTC of the week holding `instant`: partitions are UTC weeks, whatever a store's timezone. */
export function partitionWeekStart(instant: Date): Date {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * 86_400_000);
}

export function partitionName(weekStart: Date): string {
  return `${PREFIX}${weekStart.toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/**
 * Makes sure weekly partitions exist from `behind` weeks before `now` to `ahead` weeks after it. A click
 * that landed in the DEFAULT partition because its week had none is moved into the new partition, so the
 * partition can be attached. Safe to run from several instances at once (one advisory lock).
 */
export async function ensureClickPartitions(
  db: ReviewDb,
  { now, ahead = 8, behind = 1 }: { now: Date; ahead?: number; behind?: number },
): Promise<string[]> {
  const existing = new Set(await listPartitions(db));
  const created: string[] = [];
  const first = partitionWeekStart(now).getTime() - behind * WEEK_MS;
  for (let week = 0; week <= behind + ahead; week++) {
    const from = new Date(first + week * WEEK_MS);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    await createPartition(db, name, from, new Date(from.getTime() + WEEK_MS));
    created.push(name);
  }
  return created;
}

async function createPartition(db: ReviewDb, name: string, from: Date, to: Date) {
  const table = sql.identifier(name);
  const bounds = { from: from.toISOString(), to: to.toISOString() };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${PARENT}))`);
    const [already] = await tx.execute(sql`select 1 from pg_class where relname = ${name}`);
    if (already) return;
    await tx.execute(
      sql`create table ${table} (like ${widgetClicks} including defaults including constraints)`,
    );
    await tx.execute(sql`
      with moved as (
        delete from ${DEFAULT_PARTITION}
        where occurred_at >= ${bounds.from}::timestamptz and occurred_at < ${bounds.to}::timestamptz
        returning click_id, widget_id, store_id, product_id, occurred_at
      )
      insert into ${table} select * from moved`);
    await tx.execute(
      sql`alter table ${widgetClicks} attach partition ${table}
          for values from (${sql.raw(`'${bounds.from}'`)}) to (${sql.raw(`'${bounds.to}'`)})`,
    );
  });
}

/**
 * Drops weekly partitions that ended more than `retentionWeeks` weeks before `now`, deletes equally old
 * rows from the DEFAULT partition, and the click rollup's buckets of that span, in one transaction: the
 * rollup never counts a click the raw rows no longer hold. Returns the dropped partitions.
 */
export async function dropExpiredClickPartitions(
  db: ReviewDb,
  { now, retentionWeeks }: { now: Date; retentionWeeks: number },
): Promise<string[]> {
  // A Monday 00:00 UTC: a boundary of both rollup levels as well as of the partitions.
  const cutoff = new Date(partitionWeekStart(now).getTime() - retentionWeeks * WEEK_MS);
  const expired = (await listPartitions(db)).filter((name) => {
    const start = Date.parse(
      `${name.slice(PREFIX.length, PREFIX.length + 4)}-${name.slice(-4, -2)}-${name.slice(-2)}T00:00:00Z`,
    );
    return start + WEEK_MS <= cutoff.getTime();
  });
  await db.transaction(async (tx) => {
    for (const name of expired) await tx.execute(sql`drop table if exists ${sql.identifier(name)}`);
    await tx.execute(
      sql`delete from ${DEFAULT_PARTITION} where occurred_at < ${cutoff.toISOString()}::timestamptz`,
    );
    await pruneRollup(tx, { rollup: clickRollup, before: cutoff });
  });
  return expired;
}

async function listPartitions(db: ReviewDb): Promise<string[]> {
  const rows = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = ${PARENT} and c.relname like ${`${PREFIX}%`}
    order by c.relname`);
  return rows.map((row) => row.name);
}
