import { and, eq, sql } from "drizzle-orm";
import type { JobsDb } from "./db/index.ts";
import { deliveries, reportRuns } from "./db/schema.ts";
import { currentPause, type DeliveryCounts, deliveryCounts } from "./ledger.ts";
import type { SendJobInfo } from "./send-jobs.ts";

/** Where one week's mail stands: what an on-call engineer asks first. */
export interface WeekStatus {
  week: string;
  stores: {
    /** Stores with a send job or a recorded run for the week. */
    due: number;
    /** Whose report is in the ledger, one email per recipient. */
    queued: number;
    /** Whose send job has not run yet. */
    pending: number;
    /** Whose send job failed and waits for its next retry. */
    retrying: number;
    /** Whose send job ran out of retries: the dispatcher tries again hourly while the week is due. */
    stopped: number;
  };
  stoppedJobs: { storeId: string; failures: number; reason: string | null }[];
  emails: DeliveryCounts;
  /** `retryable`: the email is kept, so `--retry-failed` sends it again (not one refused before sending). */
  failedEmails: { storeId: string; recipient: string; reason: string | null; retryable: boolean }[];
}

export async function periodStatus(db: JobsDb, week: string, jobs: SendJobInfo[]): Promise<WeekStatus> {
  const runs = await db
    .select({ storeId: reportRuns.storeId })
    .from(reportRuns)
    .where(eq(reportRuns.period, week));
  const ran = new Set(runs.map((run) => run.storeId));
  const waiting = jobs.filter((job) => !ran.has(job.storeId));
  const stopped = waiting.filter((job) => job.state === "stopped");
  const failedEmails = await db
    .select({
      storeId: deliveries.storeId,
      recipient: deliveries.recipient,
      reason: deliveries.lastError,
      retryable: sql<boolean>`${deliveries.email} is not null`,
    })
    .from(deliveries)
    .where(and(eq(deliveries.mailing, week), eq(deliveries.status, "failed")))
    .orderBy(deliveries.storeId, deliveries.recipient);
  return {
    week,
    stores: {
      due: new Set([...ran, ...jobs.map((job) => job.storeId)]).size,
      queued: ran.size,
      pending: waiting.filter((job) => job.state === "pending" && job.failures === 0).length,
      retrying: waiting.filter((job) => job.state === "pending" && job.failures > 0).length,
      stopped: stopped.length,
    },
    stoppedJobs: stopped.map((job) => ({
      storeId: job.storeId,
      failures: job.failures,
      reason: job.failReason,
    })),
    emails: await deliveryCounts(db, week),
    failedEmails,
  };
}

/**
 * The report periods (weeks or months) most recently run, newest first: by their runs' time, since a
 * week's and a month's names do not sort together, and confirmations and alerts are no report at all.
 */
export async function recentPeriods(db: JobsDb, count: number): Promise<string[]> {
  const rows = await db.execute<{ period: string }>(sql`
    select period from ${reportRuns} group by period order by max(finished_at) desc limit ${count}`);
  return rows.map((row) => row.period);
}

/** The status as lines for a terminal, and what to run about each problem. */
export async function formatStatus(db: JobsDb, weeks: WeekStatus[]): Promise<string> {
  const lines: string[] = [];
  for (const { week, stores, emails, stoppedJobs, failedEmails } of weeks) {
    lines.push(
      `${week}`,
      `  stores  ${stores.due} due · ${stores.queued} reported · ${stores.pending} pending · ` +
        `${stores.retrying} retrying · ${stores.stopped} out of retries`,
      `  emails  ${emails.sent} sent · ${emails.queued + emails.sending} waiting · ${emails.failed} failed · ` +
        `${emails.held} held`,
    );
    for (const job of stoppedJobs)
      lines.push(
        `  store ${job.storeId}: out of retries after ${job.failures} failures: ${job.reason ?? "?"}`,
      );
    if (stoppedJobs.length > 0)
      lines.push(`    (retried hourly while the week is due; now: npm run weekly -- --week ${week})`);
    for (const email of failedEmails)
      lines.push(
        `  ${email.recipient} (store ${email.storeId}): failed: ${email.reason ?? "?"}${email.retryable ? "" : " (not retryable)"}`,
      );
    const retryable = failedEmails.filter((email) => email.retryable).length;
    if (retryable > 0)
      lines.push(
        `    (${retryable} retryable, after fixing the cause: npm run weekly -- --week ${week} --retry-failed)`,
      );
    if (emails.held > 0)
      lines.push(
        `  ${emails.held} emails held: unconfirmed past the provider's 24 h key window; they may have arrived.`,
        `    (decide: npm run weekly -- --week ${week} --held resend|drop)`,
      );
  }
  const pause = await currentPause(db);
  lines.push(
    pause
      ? `provider  PAUSED since ${pause.since.toISOString()} (last refused ${pause.lastSeenAt.toISOString()}): ${pause.reason}`
      : "provider  accepting",
  );
  return lines.join("\n");
}
