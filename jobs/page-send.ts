import type { RenderEmail } from "../emails/render-pool.ts";
import { forEachConcurrently } from "../lib/concurrency.ts";
import type { WorkerSettings } from "./config.ts";
import type { JobsDb } from "./db/index.ts";
import { queueReport, runsDone } from "./ledger.ts";
import { dashboardLink, reportEmails, reportPeriodOf } from "./report-email.ts";
import { fetchReports, fetchStoreOnly, type WeeklyReport } from "./report-model.ts";
import { reportPayload } from "./slack-payloads.ts";

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
  deps: { db: JobsDb; settings: WorkerSettings; render?: RenderEmail; decideClaims?: () => Promise<unknown> },
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
      const slack = report.store.alertDestinations.slack;
      const slackPayload =
        slack?.reports && !slack.pausedAt
          ? reportPayload(
              report.store,
              reportPeriodOf(week),
              report.totals,
              await dashboardLink(deps.settings, storeId, week),
            )
          : undefined;
      // Stores run concurrently: add after the await (`x += await y` would read x before it).
      const queued = await queueReport(deps.db, {
        storeId,
        week,
        partial,
        emails,
        refused,
        slack: slackPayload,
      });
      outcome.queued += queued;
      if (partial) outcome.partial++;
    } catch (error) {
      outcome.failed.set(storeId, error as Error);
    }
  });
  return outcome;
}
