import { createHash } from "node:crypto";
import { type Agenda, exponential } from "agenda";
import type { RenderEmail } from "../emails/render-pool.ts";
import type { Logger } from "../lib/logger.ts";
import { inSpan, withActiveSpan } from "../lib/tracing.ts";
import type { WorkerSettings } from "./config.ts";
import type { JobsDb } from "./db/index.ts";
import { sendWeeklyReports } from "./page-send.ts";

export const SEND_JOB = "send-weekly-report";

/**
 * A page of stores and a week; retried with exponential backoff (30 s, 1 min, 2 min, 4 min, 8 min) for
 * the stores not reported yet, then once an hour by the dispatcher while the week is due. Two pages at a
 * time overlap one page's report query with another's rendering, which is CPU-bound.
 */
export const SEND_JOB_SCHEDULE = {
  name: SEND_JOB,
  retries: 5,
  concurrency: 2,
  firstRetryMs: 30_000,
} as const;

/** What a week's send job of one store is doing: it will still run, or it stopped (out of retries). */
export type SendJobState = "pending" | "stopped";

/**
 * A send job's data: a page of stores and their week, and the page's key, which makes the same page one
 * job however often it is queued. A job queued before pages (one `storeId`) still runs.
 */
export type SendJobData = PageJobData | { week: string; storeId: string };

interface PageJobData {
  week: string;
  storeIds: string[];
  page: string;
}

export function sendJobData(storeIds: readonly string[], week: string): PageJobData {
  const page = createHash("sha256")
    .update([...storeIds].sort().join(","))
    .digest("hex")
    .slice(0, 32);
  return { week, storeIds: [...storeIds], page };
}

export function storesOf(data: SendJobData): string[] {
  return "storeIds" in data ? data.storeIds : [data.storeId];
}

/** What the dispatcher and the status command need of one store's send job for a week. */
export interface SendJobInfo {
  storeId: string;
  state: SendJobState;
  /** Runs that failed so far (Agenda's count; it restarts at 0 after a success). */
  failures: number;
  failReason: string | null;
}

/**
 * A week's send jobs, store by store, in one query: a job with no next run and no lock has stopped (out of
 * retries). A store in two jobs (pages queued by two dispatchers that saw different stores due) is as
 * alive as the livelier one.
 */
export async function sendJobsOf(agenda: Agenda, week: string): Promise<SendJobInfo[]> {
  const { jobs } = await agenda.queryJobs({ name: SEND_JOB, data: { week } });
  const byStore = new Map<string, SendJobInfo>();
  for (const job of jobs) {
    const state: SendJobState = job.lockedAt || job.nextRunAt ? "pending" : "stopped";
    for (const storeId of storesOf(job.data as SendJobData)) {
      if (byStore.get(storeId)?.state === "pending") continue;
      byStore.set(storeId, {
        storeId,
        state,
        failures: job.failCount ?? 0,
        failReason: job.failReason ?? null,
      });
    }
  }
  return [...byStore.values()];
}

export interface SendJobDeps {
  db: JobsDb;
  settings: WorkerSettings;
  render: RenderEmail;
  /** Decides the click claims of orders placed until now, before a page's reports are read. */
  decideClaims: () => Promise<unknown>;
  log: Logger;
  /** Counts each run by result (the worker's metrics, when it serves them). */
  metrics: { sendJob(result: "succeeded" | "failed" | "given_up"): void } | undefined;
  /** SEND_JOB_LOCK_SECONDS. */
  lockSeconds: number;
  /** First retry delay (doubling after); tests shorten it. */
  firstRetryMs: number;
}

/**
 * The send job on a worker's Agenda, and what the dispatcher needs of it: each store's job state for a
 * week, and a way to queue a page that makes one job however often it is asked.
 */
export function defineSendJobs(agenda: Agenda, deps: SendJobDeps) {
  agenda.define<SendJobData>(
    SEND_JOB,
    async (job) => {
      // Out of its own retries (and every dispatcher's go after that): a report with the parts that still
      // fail marked unavailable is better than none.
      const lastAttempt = (job.attrs.failCount ?? 0) >= SEND_JOB_SCHEDULE.retries;
      const { week } = job.attrs.data;
      const storeIds = storesOf(job.attrs.data);
      // One trace per send job: its report query crosses the gateway and both subgraphs under it.
      await inSpan("weekly send job", undefined, { week, "stores.count": storeIds.length }, (span) =>
        withActiveSpan(span, async () => {
          try {
            const outcome = await sendWeeklyReports(
              { db: deps.db, settings: deps.settings, render: deps.render, decideClaims: deps.decideClaims },
              { storeIds, week },
              { lastAttempt },
            );
            const { queued, partial, skipped, failed } = outcome;
            deps.log.info("weekly reports queued", {
              week,
              stores: storeIds.length,
              queued,
              partial,
              skipped,
              failed: failed.size,
            });
            if (failed.size > 0) {
              const [storeId, error] = [...failed][0] as [string, Error];
              throw new Error(
                `${failed.size} of ${storeIds.length} stores not reported yet (store ${storeId}: ${error.message})`,
              );
            }
            deps.metrics?.sendJob("succeeded");
          } catch (error) {
            deps.metrics?.sendJob("failed");
            throw error;
          }
        }),
      );
    },
    {
      concurrency: SEND_JOB_SCHEDULE.concurrency,
      // A send job takes a few seconds; if its worker dies, another takes it after this (Agenda's default,
      // ten minutes, would hold a crashed worker's stores back that long). The ledger keeps a job that
      // runs twice from mailing twice.
      lockLifetime: deps.lockSeconds * 1_000,
      backoff: exponential({
        delay: deps.firstRetryMs,
        factor: 2,
        maxRetries: SEND_JOB_SCHEDULE.retries,
      }),
    },
  );
  // Not the end of the store's week: the next hourly dispatch runs the job again while the week is due.
  agenda.on(`retry exhausted:${SEND_JOB}`, (error: Error, job: { attrs: { data: unknown } }) => {
    deps.metrics?.sendJob("given_up");
    deps.log.error("send job out of retries; the dispatcher tries again next hour", {
      job: job.attrs.data,
      reason: error.message,
    });
  });

  const sendJobs = async (week: string) =>
    new Map((await sendJobsOf(agenda, week)).map((job) => [job.storeId, job.state]));

  /**
   * One job per page and week, however often the dispatcher asks: inserted only if none exists, or, to
   * rerun a stopped one, saved over it without `insertOnly`, which sets its next run to now.
   */
  async function enqueue(storeIds: string[], week: string, rerun: boolean) {
    const data = sendJobData(storeIds, week);
    await agenda
      .create(SEND_JOB, data)
      .unique({ "data.week": week, "data.page": data.page }, { insertOnly: !rerun })
      .save();
  }

  return { sendJobs, enqueue };
}
