import type { WorkerSettings } from "./config.ts";
import type { JobsDb } from "./db/index.ts";
import { queryGateway } from "./gateway-client.ts";
import { StoresPageDocument, type StoresPageQuery } from "./generated/operations.ts";
import { runsDone } from "./ledger.ts";
import { dueMonth, dueWeek } from "./schedule.ts";
import type { SendJobState } from "./send-jobs.ts";

type ListedStore = StoresPageQuery["stores"]["edges"][number]["node"];

/** Every store with List Designer on, paged through the gateway as the service. */
export async function storesWithFeature(settings: WorkerSettings): Promise<ListedStore[]> {
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
  settings: WorkerSettings;
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
 * The hourly dispatcher: send jobs, a page of stores each, for the due stores and periods (an ISO week, and
 * a calendar month for the stores that asked for monthly reports: the `week` of a due entry, a send job
 * and the ledger is either) that have not run yet, and another go for the stores whose job ran out of retries (an outage longer than its backoff)
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
      const { cadence } = store.reportSchedule;
      const periods = [
        cadence !== "MONTHLY" ? dueWeek(store.timezone, now, store.reportSchedule) : null,
        cadence !== "WEEKLY" ? dueMonth(store.timezone, now, store.reportSchedule) : null,
      ];
      return periods.flatMap((week) => (week ? [{ storeId: store.id, week }] : []));
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

/** Stores cut into pages (by default a send job's), in the order given. */
export function pagesOf(storeIds: string[], size: number = STORES_PER_SEND_JOB): string[][] {
  const pages: string[][] = [];
  for (let at = 0; at < storeIds.length; at += size) pages.push(storeIds.slice(at, at + size));
  return pages;
}
