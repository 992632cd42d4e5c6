import { Counter, Gauge, type Registry } from "prom-client";
import type { JobsDb } from "./db/index.ts";
import { currentPause } from "./ledger.ts";
import type { SendJobInfo } from "./send-jobs.ts";
import { periodStatus, recentPeriods } from "./status.ts";

/**
 * What the worker counts: send jobs by result, provider answers by class, and, read from the ledger and
 * Agenda's jobs at each scrape, where the latest week's run stands (stores by stage, emails by state) and
 * whether sending is paused by the provider.
 */
export function workerMetrics(
  registry: Registry,
  db: JobsDb,
  sendJobs: (week: string) => Promise<SendJobInfo[]>,
) {
  const jobs = new Counter({
    name: "weekly_send_jobs_total",
    help: "Weekly send job runs (a page of stores each) by result: succeeded, failed (retried later for the stores not yet reported) or given_up (out of retries until the next hourly dispatch)",
    labelNames: ["result"],
    registers: [registry],
  });
  const answers = new Counter({
    name: "mail_provider_answers_total",
    help: "Answers of the mail provider to send requests, by class (accepted, rejected, rate-limited, transient, account)",
    labelNames: ["class"],
    registers: [registry],
  });
  // The latest week's figures, read once per scrape for all three gauges.
  let snapshot: Promise<Awaited<ReturnType<typeof readRun>>> | undefined;
  const readRun = async () => {
    const [week] = await recentPeriods(db, 1);
    const status = week ? await periodStatus(db, week, await sendJobs(week)) : undefined;
    return { week, status, paused: (await currentPause(db)) !== null };
  };
  const current = () => {
    snapshot ??= readRun().finally(() => {
      setTimeout(() => {
        snapshot = undefined;
      }, 1_000).unref();
    });
    return snapshot;
  };
  new Gauge({
    name: "weekly_run_stores",
    help: "Stores of the latest report period's run (a week or a month) by stage: due, reported (emails queued), pending, retrying, stopped (out of retries)",
    labelNames: ["period", "stage"],
    registers: [registry],
    async collect() {
      const { week, status } = await current();
      this.reset();
      if (week && status)
        for (const [stage, count] of Object.entries(status.stores)) this.set({ period: week, stage }, count);
    },
  });
  new Gauge({
    name: "weekly_run_emails",
    help: "Emails of the latest report period's run by ledger state: queued, sending, sent, failed, held",
    labelNames: ["period", "state"],
    registers: [registry],
    async collect() {
      const { week, status } = await current();
      this.reset();
      if (week && status)
        for (const [state, count] of Object.entries(status.emails)) this.set({ period: week, state }, count);
    },
  });
  new Gauge({
    name: "mail_sending_paused",
    help: "1 while the provider refuses the account (sending paused, nothing failed), else 0",
    registers: [registry],
    async collect() {
      this.set((await current()).paused ? 1 : 0);
    },
  });
  return {
    sendJob: (result: "succeeded" | "failed" | "given_up") => jobs.inc({ result }),
    providerAnswer: (kind: string) => answers.inc({ class: kind }),
  };
}

export type WorkerMetrics = ReturnType<typeof workerMetrics>;
