import { dateTimeFormat } from "../lib/intl.ts";
import { lastCompletedWeek, localDate, weekOf, weekStart } from "../lib/week.ts";
import type { JobsDb } from "./db/index.ts";
import { StoresPageDocument, type StoresPageQuery } from "./generated/operations.ts";
import { hasRun, queueReport, runsDone } from "./ledger.ts";
import { fetchReport, fetchStoreOnly, queryGateway, type ReportSettings, reportEmails } from "./report.ts";

/** Reports go out once local time has passed Monday 09:00 in the store's timezone. */
export const SEND_HOUR = 9;

/**
 * Whether a store's report for the last completed week is due at `now`: its local time has passed Monday
 * 09:00 of the current ISO week. A store missed while workers were down, or whose send job ran out of
 * retries, stays due until that week ends (up to 6 days late: the catch-up window); after that, the week
 * is no longer the last completed one and `npm run weekly -- --week W` is the way to send it.
 */
export function dueWeek(timeZone: string, now: Date): string | null {
  const today = localDate(now, timeZone);
  const monday = weekStart(weekOf(today));
  const hour = Number(dateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now));
  const due = today > monday || hour >= SEND_HOUR;
  return due ? lastCompletedWeek(timeZone, now) : null;
}

/** Every store with List Designer on, paged through the gateway as the service. */
export async function storesWithFeature(
  settings: ReportSettings,
): Promise<{ id: string; timezone: string }[]> {
  const found: { id: string; timezone: string }[] = [];
  for (let after: string | null = null; ; ) {
    const { stores }: StoresPageQuery = await queryGateway(settings, StoresPageDocument, { after });
    for (const { node } of stores.edges) if (node.listDesignerEnabled) found.push(node);
    if (!stores.pageInfo.hasNextPage) return found;
    after = stores.pageInfo.endCursor ?? null;
  }
}

/** What a week's send job of one store is doing: it will still run, or it stopped (out of retries). */
export type SendJobState = "pending" | "stopped";

export interface DispatchDeps {
  db: JobsDb;
  settings: ReportSettings;
  /** The send jobs already made for a week, by store id. */
  sendJobs(week: string): Promise<Map<string, SendJobState>>;
  /**
   * Queues a store's send job, or (`rerun`) runs its stopped one again now; called again for the same
   * store and week, it must not make a second job.
   */
  enqueue(storeId: string, week: string, rerun: boolean): Promise<void>;
}

/** What one dispatch found and did, for the log and the tests. */
export interface DispatchFigures {
  /** Stores whose week is due now. */
  due: number;
  /** Of those, send jobs made now. */
  enqueued: number;
  /** Whose week has already been queued for its recipients. */
  alreadySent: number;
  /** Whose send job is still to run or retrying on its own schedule. */
  pending: number;
  /** Whose send job had run out of retries and was started again. */
  retried: number;
}

/**
 * The hourly dispatcher: one send job per due store and week that has not run yet, and another go for a
 * job that ran out of retries (an outage longer than its backoff) while the week is still due.
 */
export async function dispatchWeeklyReports(deps: DispatchDeps, now: Date): Promise<DispatchFigures> {
  const due = (await storesWithFeature(deps.settings)).flatMap((store) => {
    const week = dueWeek(store.timezone, now);
    return week ? [{ storeId: store.id, week }] : [];
  });
  const done = await runsDone(deps.db, due);
  const jobsByWeek = new Map<string, Map<string, SendJobState>>();
  for (const week of new Set(due.map((d) => d.week))) jobsByWeek.set(week, await deps.sendJobs(week));
  const figures: DispatchFigures = { due: due.length, enqueued: 0, alreadySent: 0, pending: 0, retried: 0 };
  for (const { storeId, week } of due) {
    if (done.has(`${storeId}/${week}`)) {
      figures.alreadySent++;
      continue;
    }
    const job = jobsByWeek.get(week)?.get(storeId);
    if (job === "pending") {
      figures.pending++;
      continue;
    }
    await deps.enqueue(storeId, week, job === "stopped");
    if (job === "stopped") figures.retried++;
    else figures.enqueued++;
  }
  return figures;
}

/**
 * The send job of one store and week: fetch the report, render one email per recipient, queue them in the
 * ledger (the sender delivers them). On its last attempt, a report that still cannot be read whole goes
 * out with the parts that failed marked unavailable, rather than not at all.
 */
export async function sendWeeklyReport(
  deps: { db: JobsDb; settings: ReportSettings },
  { storeId, week }: { storeId: string; week: string },
  { lastAttempt }: { lastAttempt: boolean },
): Promise<{ queued: number; partial: boolean }> {
  if (await hasRun(deps.db, storeId, week)) return { queued: 0, partial: false };
  let partial = false;
  let report: Awaited<ReturnType<typeof fetchReport>>;
  try {
    report = await fetchReport(deps.settings, storeId, week);
  } catch (error) {
    if (!lastAttempt) throw error;
    report = await fetchStoreOnly(deps.settings, storeId);
    partial = true;
  }
  const { emails, refused } = await reportEmails(deps.settings, report, week);
  const queued = await queueReport(deps.db, { storeId, week, partial, emails, refused });
  return { queued, partial };
}
