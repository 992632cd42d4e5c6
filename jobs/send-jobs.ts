import type { Agenda } from "agenda";
import type { SendJobState } from "./weekly.ts";

export const SEND_JOB = "send-weekly-report";

/** What the dispatcher and the status command need of one store's send job for a week. */
export interface SendJobInfo {
  storeId: string;
  state: SendJobState;
  /** Runs that failed so far (Agenda's count; it restarts at 0 after a success). */
  failures: number;
  failReason: string | null;
}

/** A week's send jobs, one query: a job with no next run and no lock has stopped (out of retries). */
export async function sendJobsOf(agenda: Agenda, week: string): Promise<SendJobInfo[]> {
  const { jobs } = await agenda.queryJobs({ name: SEND_JOB, data: { week } });
  return jobs.map((job) => ({
    storeId: (job.data as { storeId: string }).storeId,
    state: job.lockedAt || job.nextRunAt ? "pending" : "stopped",
    failures: job.failCount ?? 0,
    failReason: job.failReason ?? null,
  }));
}
