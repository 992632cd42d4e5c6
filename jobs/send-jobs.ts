import { createHash } from "node:crypto";
import type { Agenda } from "agenda";

export const SEND_JOB = "send-weekly-report";

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
