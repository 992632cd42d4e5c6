import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { SettingsActor } from "../../../../lib/auth.ts";
import { executePrepared, inKeys, preparedPerDb } from "../../../../lib/runtime/database.ts";
import { batchRecordset, recordset } from "../../../../lib/runtime/sql-recordset.ts";
import type { ReviewDb } from "../index.ts";
import {
  type HoldoutRun,
  holdoutDays,
  holdoutRuns,
  slotViewIds,
  slotViewOriginWindows,
  widgets,
} from "../schema.ts";
import { capOf, raiseOriginWindows } from "./origin-windows.ts";

/**
 * Sets a widget's holdout, in one transaction that holds its running run: the same share changes
 * nothing; another share ends the running run (if any) and starts a new one; 0 only ends it. Answers the
 * running run after, if any.
 */
export async function setHoldout(
  db: ReviewDb,
  {
    widgetId,
    storeId,
    share,
    who,
    at,
  }: { widgetId: string; storeId: string; share: number; who: SettingsActor; at: Date },
): Promise<HoldoutRun | undefined> {
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select()
      .from(holdoutRuns)
      .where(and(eq(holdoutRuns.widgetId, widgetId), isNull(holdoutRuns.stoppedAt)))
      .for("update");
    if (running?.share === share) return running;
    if (running)
      await tx
        .update(holdoutRuns)
        .set({ stoppedAt: at, stoppedBy: who.actor, stoppedByRef: who.actorRef })
        .where(eq(holdoutRuns.id, running.id));
    if (share === 0) return undefined;
    const [started] = await tx
      .insert(holdoutRuns)
      .values({ storeId, widgetId, share, startedAt: at, startedBy: who.actor, startedByRef: who.actorRef })
      .returning();
    return started;
  });
}

const runsByWidgetsQuery = preparedPerDb((db: ReviewDb) =>
  db
    .select()
    .from(holdoutRuns)
    .where(inKeys(holdoutRuns.widgetId))
    // The running run first among those started at one instant.
    .orderBy(desc(holdoutRuns.startedAt), sql`${holdoutRuns.stoppedAt} desc nulls first`)
    .prepare("holdout_runs_by_widgets"),
);

/** Every run of each widget, newest first. */
export async function runsByWidgets(db: ReviewDb, widgetIds: readonly string[]): Promise<HoldoutRun[][]> {
  const rows = await runsByWidgetsQuery(db).execute({ keys: widgetIds });
  return widgetIds.map((id) => rows.filter((row) => row.widgetId === id));
}

const runsByIdsQuery = preparedPerDb((db: ReviewDb) =>
  db.select().from(holdoutRuns).where(inKeys(holdoutRuns.id)).prepare("holdout_runs_by_ids"),
);

export async function runsByIds(db: ReviewDb, ids: readonly string[]): Promise<(HoldoutRun | undefined)[]> {
  const rows = await runsByIdsQuery(db).execute({ keys: ids });
  return ids.map((id) => rows.find((row) => row.id === id));
}

const runningByStoresQuery = preparedPerDb((db: ReviewDb) =>
  db
    .select({ run: holdoutRuns })
    .from(holdoutRuns)
    .innerJoin(widgets, and(eq(widgets.id, holdoutRuns.widgetId), eq(widgets.active, true)))
    .where(and(inKeys(holdoutRuns.storeId), isNull(holdoutRuns.stoppedAt)))
    .orderBy(holdoutRuns.startedAt, holdoutRuns.id)
    .prepare("running_holdouts_by_stores"),
);

/** Each store's running holdouts on its active widgets, oldest first. */
export async function runningRunsByStores(
  db: ReviewDb,
  storeIds: readonly string[],
): Promise<HoldoutRun[][]> {
  const rows = await runningByStoresQuery(db).execute({ keys: storeIds });
  return storeIds.map((id) => rows.filter((row) => row.run.storeId === id).map((row) => row.run));
}

/** A store's running holdouts on its active widgets: what its storefront's tracker applies. */
export async function runningHoldouts(db: ReviewDb, storeId: string) {
  return db
    .select({ runId: holdoutRuns.id, widgetId: holdoutRuns.widgetId, share: holdoutRuns.share })
    .from(holdoutRuns)
    .innerJoin(widgets, and(eq(widgets.id, holdoutRuns.widgetId), eq(widgets.active, true)))
    .where(and(eq(holdoutRuns.storeId, storeId), isNull(holdoutRuns.stoppedAt)))
    .orderBy(holdoutRuns.widgetId);
}

/** One slot view as it reaches the database: well-formed and not from a bot. */
export interface SlotViewAttempt {
  slotViewId: string;
  runId: string;
  heldOut: boolean;
  /** The browser's first slot view of the run: it counts the browser as one of the group's visitors. */
  firstInRun: boolean;
  origin: string;
  occurredAt: Date;
}

export type SlotViewOutcome =
  | { status: "no-running-holdout" }
  | { status: "address-limit" }
  | { status: "recorded"; duplicate: boolean };

/**
 * Writes a batch of slot views in one statement (so one commit), as impressions are written: a view of a
 * run that is not running is only reported; a new id raises its run's group and UTC day by
 * one view (and one visitor when it is the browser's first), unless its address had `maxPerOrigin` counted
 * on the widget in the window; an id seen before changes nothing.
 */
export async function writeSlotViews(
  db: ReviewDb,
  attempts: readonly SlotViewAttempt[],
  { windowSeconds, maxPerOrigin }: { windowSeconds: number; maxPerOrigin: number },
): Promise<SlotViewOutcome[]> {
  const firstOf = new Map<string, number>();
  const rows: object[] = [];
  attempts.forEach((attempt, ord) => {
    if (firstOf.has(attempt.slotViewId)) return;
    firstOf.set(attempt.slotViewId, ord);
    rows.push({
      ord,
      slot_view_id: attempt.slotViewId,
      run_id: attempt.runId,
      held_out: attempt.heldOut,
      first_in_run: attempt.firstInRun,
      origin: attempt.origin,
      occurred_at: attempt.occurredAt.toISOString(),
    });
  });
  const result = await executePrepared(db, {
    columns: { ord: "int4", found: "bool", known: "bool", fresh: "bool" },
    sql: sql`
    with batch as (
      select * from ${recordset(rows)} as b(ord int, slot_view_id uuid, run_id uuid,
        held_out boolean, first_in_run boolean, origin text, occurred_at timestamptz)
    ),
    checked as (
      -- The run names the widget, whose flood cap the view spends.
      select b.*, r.widget_id, r.id is not null as found from batch b
      left join ${holdoutRuns} r on r.id = b.run_id and r.stopped_at is null
    ),
    existing as (
      select slot_view_id from ${slotViewIds}
      where slot_view_id in (select slot_view_id from checked where found)
    ),
    candidates as (
      select * from checked where found and slot_view_id not in (select slot_view_id from existing)
    ),
    origins as (${raiseOriginWindows(slotViewOriginWindows, sql`candidates`, { cap: capOf(maxPerOrigin), windowSeconds })}),
    granted as (
      select * from (
        select c.*, coalesce(o.last_granted, 0) as allowed,
               row_number() over (partition by c.origin, c.widget_id order by c.ord) as n
        from candidates c left join origins o on o.origin = c.origin and o.widget_id = c.widget_id
      ) r where n <= allowed
    ),
    ids as (
      insert into ${slotViewIds} (slot_view_id, seen_at)
      select slot_view_id, occurred_at from granted order by slot_view_id
      on conflict (slot_view_id) do nothing
      returning slot_view_id
    ),
    days as (
      insert into ${holdoutDays} as d (run_id, held_out, day, slot_views, visitors)
      select g.run_id, g.held_out, (g.occurred_at at time zone 'UTC')::date, count(*)::int,
             count(*) filter (where g.first_in_run)::int
      from granted g join ids using (slot_view_id)
      group by 1, 2, 3 order by 1, 2, 3
      on conflict (run_id, held_out, day) do update
        set slot_views = d.slot_views + excluded.slot_views, visitors = d.visitors + excluded.visitors
    )
    select c.ord, c.found, e.slot_view_id is not null as known, ids.slot_view_id is not null as fresh
    from checked c left join existing e using (slot_view_id) left join ids using (slot_view_id)`,
  });
  const byOrd = new Map(result.map((row) => [row.ord, row]));
  return attempts.map((attempt, index) => {
    const first = firstOf.get(attempt.slotViewId) ?? index;
    const row = byOrd.get(first);
    if (!row?.found) return { status: "no-running-holdout" };
    if (!row.known && !row.fresh) return { status: "address-limit" };
    return { status: "recorded", duplicate: first !== index || !row.fresh };
  });
}

export interface VisitorWeek {
  /** 1 for the run's first seven days, and so on. */
  week: number;
  exposed: { visitors: number; slotViews: number };
  heldOut: { visitors: number; slotViews: number };
}

/**
 * Each run's visitors and slot views per group, cumulated over its completed weeks (seven UTC days from its
 * start's day, up to its stop or `now`), in one statement.
 */
export async function visitorWeeks(
  db: ReviewDb,
  requests: readonly { run: HoldoutRun; now: Date }[],
): Promise<VisitorWeek[][]> {
  const batch = batchRecordset(requests, ({ run, now }) => ({
    run_id: run.id,
    start_day: run.startedAt.toISOString().slice(0, 10),
    weeks: completedWeeks(run, now),
  }));
  const rows = await executePrepared(db, {
    columns: {
      ord: "int4",
      week: "int4",
      exposed_visitors: "int4",
      exposed_views: "int4",
      held_visitors: "int4",
      held_views: "int4",
    },
    sql: sql`
    select k.ord, w.week,
      coalesce(sum(d.visitors) filter (where not d.held_out), 0)::int as exposed_visitors,
      coalesce(sum(d.slot_views) filter (where not d.held_out), 0)::int as exposed_views,
      coalesce(sum(d.visitors) filter (where d.held_out), 0)::int as held_visitors,
      coalesce(sum(d.slot_views) filter (where d.held_out), 0)::int as held_views
    from ${batch} as k(ord int, run_id uuid, start_day date, weeks int)
    cross join lateral generate_series(1, k.weeks) as w(week)
    left join ${holdoutDays} d on d.run_id = k.run_id and d.day >= k.start_day and d.day < k.start_day + 7 * w.week
    group by k.ord, w.week
    order by k.ord, w.week`,
  });
  const grouped = requests.map((): VisitorWeek[] => []);
  for (const row of rows)
    grouped[row.ord]?.push({
      week: row.week,
      exposed: { visitors: row.exposed_visitors, slotViews: row.exposed_views },
      heldOut: { visitors: row.held_visitors, slotViews: row.held_views },
    });
  return grouped;
}

/** Whole weeks from a run's start to its stop, or to `now` while it runs. */
export function completedWeeks(run: Pick<HoldoutRun, "startedAt" | "stoppedAt">, now: Date): number {
  const end = run.stoppedAt && run.stoppedAt < now ? run.stoppedAt : now;
  return Math.max(0, Math.floor((end.getTime() - run.startedAt.getTime()) / (7 * 86_400_000)));
}

/** Forgets slot view ids older than `idRetentionDays` (the rollup keeps the counts). */
export async function deleteExpiredSlotViewIds(
  db: ReviewDb,
  { now, idRetentionDays }: { now: Date; idRetentionDays: number },
) {
  await db
    .delete(slotViewIds)
    .where(lt(slotViewIds.seenAt, new Date(now.getTime() - idRetentionDays * 86_400_000)));
}
