import type { RenderEmail } from "../emails/render-pool.ts";
import { forEachConcurrently } from "../lib/concurrency.ts";
import { dateTimeFormat } from "../lib/intl.ts";
import { daysBetween, lastCompletedWeek, localDate, weekOf, weekStart } from "../lib/week.ts";
import type { ReportSettings } from "./config.ts";
import type { JobsDb } from "./db/index.ts";
import { queryGateway } from "./gateway-client.ts";
import { StoresPageDocument, type StoresPageQuery } from "./generated/operations.ts";
import { queueReport, runsDone } from "./ledger.ts";
import { reportEmails } from "./report-email.ts";
import { fetchReports, fetchStoreOnly, type WeeklyReport } from "./report-model.ts";
import type { SendJobState } from "./send-jobs.ts";

/** When a store's report goes out unless its owner chose otherwise: Monday 09:00, local time. */
export const DEFAULT_SCHEDULE = { dayOfWeek: 1, hour: 9 } as const;

export interface Schedule {
  /** ISO day of week: 1 Monday … 7 Sunday. */
  dayOfWeek: number;
  /** 0 to 23. */
  hour: number;
}

/**
 * Whether a store's report for the last completed week is due at `now`: its local time has passed its
 * schedule's day and hour of the current ISO week (read in its timezone, so DST moves the UTC instant,
 * never the local hour; an hour a DST change skips is due from the next one). A store missed while workers
 * were down, or whose send job ran out of retries, stays due until that week ends (the catch-up window:
 * up to 6 days for a Monday report, less for a later day); after that, the week is no longer the last
 * completed one and `npm run weekly -- --week W` is the way to send it. A schedule moved within a week
 * sends that week once: the ledger remembers it was sent.
 */
export function dueWeek(timeZone: string, now: Date, schedule: Schedule = DEFAULT_SCHEDULE): string | null {
  const today = localDate(now, timeZone);
  const dayOfWeek = daysBetween(weekStart(weekOf(today)), today); // both days counted: Monday is 1
  const hour = Number(dateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now));
  const due = dayOfWeek > schedule.dayOfWeek || (dayOfWeek === schedule.dayOfWeek && hour >= schedule.hour);
  return due ? lastCompletedWeek(timeZone, now) : null;
}

type ListedStore = StoresPageQuery["stores"]["edges"][number]["node"];

/** Every store with List Designer on, paged through the gateway as the service. */
export async function storesWithFeature(settings: ReportSettings): Promise<ListedStore[]> {
  const found: ListedStore[] = [];
  for (let after: string | null = null; ; ) {
    const { stores }: StoresPageQuery = await queryGateway(settings, StoresPageDocument, { after });
    for (const { node } of stores.edges) if (node.listDesignerEnabled) found.push(node);
    if (!stores.pageInfo.hasNextPage) return found;
    after = stores.pageInfo.endCursor ?? null;
  }
}

export interface DispatchDeps {
  db: JobsDb;
  settings: ReportSettings;
  /** The state of each store's send job for a week, by store id. */
  sendJobs(week: string): Promise<Map<string, SendJobState>>;
  /**
   * Queues a send job for a page of stores, or (`rerun`) runs again now the stopped job of those stores;
   * called again with the same page and week, it must not make a second job.
   */
  enqueue(storeIds: string[], week: string, rerun: boolean): Promise<void>;
  /** Told of each store skipped because its timezone is not one this machine knows. */
  onBadTimezone?(store: { id: string; timezone: string }, error: unknown): void;
}

/** Stores per send job: one bulk report query each (the graph answers up to 100 in one). */
export const STORES_PER_SEND_JOB = 50;

/** What one dispatch found and did, for the log and the tests; every figure counts stores. */
export interface DispatchFigures {
  /** Stores whose week is due now. */
  due: number;
  /** Of those, given a send job now. */
  enqueued: number;
  /** Whose week has already been queued for its recipients. */
  alreadySent: number;
  /** Whose send job is still to run or retrying on its own schedule. */
  pending: number;
  /** Whose send job had run out of retries and was started again. */
  retried: number;
  /** Skipped: their timezone is unknown here (each one reported through `onBadTimezone`). */
  badTimezone: number;
  /** Skipped: their owner paused the report. */
  paused: number;
}

/**
 * The hourly dispatcher: send jobs, a page of stores each, for the due stores and weeks that have not run
 * yet, and another go for the stores whose job ran out of retries (an outage longer than its backoff)
 * while the week is still due. Pages are cut from the stores in id order, so two dispatchers that find the
 * same stores due make the same pages, which the queue holds once.
 */
export async function dispatchWeeklyReports(deps: DispatchDeps, now: Date): Promise<DispatchFigures> {
  let badTimezone = 0;
  let paused = 0;
  const due = (await storesWithFeature(deps.settings)).flatMap((store) => {
    if (store.reportSchedule.paused) {
      paused++;
      return [];
    }
    // One store with a timezone this machine's ICU refuses must not stop the dispatch of every other.
    try {
      const week = dueWeek(store.timezone, now, store.reportSchedule);
      return week ? [{ storeId: store.id, week }] : [];
    } catch (error) {
      badTimezone++;
      deps.onBadTimezone?.(store, error);
      return [];
    }
  });
  const done = await runsDone(deps.db, due);
  const figures: DispatchFigures = {
    due: due.length,
    enqueued: 0,
    alreadySent: 0,
    pending: 0,
    retried: 0,
    badTimezone,
    paused,
  };
  for (const week of new Set(due.map((d) => d.week))) {
    const jobs = await deps.sendJobs(week);
    const fresh: string[] = [];
    const stopped: string[] = [];
    for (const { storeId } of due.filter((d) => d.week === week)) {
      const job = jobs.get(storeId);
      if (done.has(`${storeId}/${week}`)) figures.alreadySent++;
      else if (job === "pending") figures.pending++;
      else (job === "stopped" ? stopped : fresh).push(storeId);
    }
    for (const page of pagesOf(fresh)) await deps.enqueue(page, week, false);
    for (const page of pagesOf(stopped)) await deps.enqueue(page, week, true);
    figures.enqueued += fresh.length;
    figures.retried += stopped.length;
  }
  return figures;
}

/** Stores cut into send job pages, in the order given. */
export function pagesOf(storeIds: string[]): string[][] {
  const pages: string[][] = [];
  for (let at = 0; at < storeIds.length; at += STORES_PER_SEND_JOB)
    pages.push(storeIds.slice(at, at + STORES_PER_SEND_JOB));
  return pages;
}

/** What a send job did for its page of stores. */
export interface PageOutcome {
  /** Emails queued in the ledger. */
  queued: number;
  /** Stores whose report went out with parts marked unavailable. */
  partial: number;
  /** Stores whose report had already been queued (by an earlier run of the job, or another job). */
  skipped: number;
  /** Stores that could not be reported this time, with the reason: the job is retried for them. */
  failed: Map<string, Error>;
}

/** Stores of a page worked on at once: their renders keep the render threads busy. */
const STORES_AT_ONCE = 4;

/**
 * The send job of a page of stores and a week: first the click claims of orders placed until now are
 * decided (`decideClaims`), so the week's credited sales are whole; then the page's reports in one gateway
 * query, and for each store on its own, one email per recipient rendered and queued in the ledger (the
 * sender delivers them). Claims that cannot be decided fail the run, to be retried; on the last attempt
 * the reports go out saying their credited sales may still grow.
 * A store that fails (its part of the answer, its rendering, its ledger write) does not hold back the
 * rest: it is returned in `failed`, and the job's next run does only what is left. On the last attempt,
 * a report that still cannot be read whole goes out with the parts that failed marked unavailable,
 * rather than not at all.
 */
export async function sendWeeklyReports(
  deps: { db: JobsDb; settings: ReportSettings; render?: RenderEmail; decideClaims?: () => Promise<unknown> },
  { storeIds, week }: { storeIds: readonly string[]; week: string },
  { lastAttempt }: { lastAttempt: boolean },
): Promise<PageOutcome> {
  const done = await runsDone(
    deps.db,
    storeIds.map((storeId) => ({ storeId, week })),
  );
  const todo = storeIds.filter((storeId) => !done.has(`${storeId}/${week}`));
  const outcome: PageOutcome = {
    queued: 0,
    partial: 0,
    skipped: storeIds.length - todo.length,
    failed: new Map(),
  };
  if (todo.length === 0) return outcome;
  let creditsPending = false;
  try {
    await deps.decideClaims?.();
  } catch (error) {
    if (!lastAttempt) throw error;
    creditsPending = true;
  }
  let reports: Map<string, WeeklyReport | Error>;
  try {
    reports = await fetchReports(deps.settings, todo, week);
  } catch (error) {
    if (!lastAttempt) throw error;
    reports = new Map(todo.map((storeId) => [storeId, error as Error]));
  }
  await forEachConcurrently(todo, STORES_AT_ONCE, async (storeId) => {
    try {
      let report = reports.get(storeId) ?? new Error(`Store ${storeId} missing from the answer`);
      let partial = false;
      if (report instanceof Error) {
        if (!lastAttempt) throw report;
        report = await fetchStoreOnly(deps.settings, storeId);
        partial = true;
      }
      if (creditsPending && report.totals) report.totals.creditsPending = true;
      const { emails, refused } = await reportEmails(deps.settings, report, week, deps.render);
      // Stores run concurrently: add after the await (`x += await y` would read x before it).
      const queued = await queueReport(deps.db, { storeId, week, partial, emails, refused });
      outcome.queued += queued;
      if (partial) outcome.partial++;
    } catch (error) {
      outcome.failed.set(storeId, error as Error);
    }
  });
  return outcome;
}
