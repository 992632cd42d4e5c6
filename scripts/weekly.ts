// npm run weekly -- --week 2026-W47 [--concurrency 8]
// Backfill: runs the send job of that week for every store with List Designer on, now, then delivers what
// it queued, with a progress bar and a summary. Weeks already sent are skipped (the ledger decides).
import { parseArgs } from "node:util";
import { schema as jobsSchema } from "../jobs/db/index.ts";
import { deliveryCounts, hasRun } from "../jobs/ledger.ts";
import { Sender } from "../jobs/sender.ts";
import { sendWeeklyReport, storesWithFeature } from "../jobs/weekly.ts";
import { providerFrom, reportSettingsFrom } from "../jobs/worker.ts";
import { progressBar, runCommand } from "../lib/cli.ts";
import { connect } from "../lib/database.ts";
import { provisionDatabases } from "../lib/provision.ts";
import { weekStart } from "../lib/week.ts";

await runCommand("weekly", async (env, log) => {
  const { values } = parseArgs({
    options: { week: { type: "string" }, concurrency: { type: "string", default: "8" } },
  });
  if (!values.week) throw new Error("Usage: npm run weekly -- --week 2026-W47");
  const week = values.week;
  weekStart(week);
  const concurrency = Math.max(1, Math.min(64, Number(values.concurrency) || 8));
  const settings = reportSettingsFrom(env);
  const databases = await provisionDatabases(env, log);
  const jobs = connect(databases.urls.jobs, jobsSchema, { max: concurrency + 2 });
  try {
    const stores = await storesWithFeature(settings);
    const summary = { queued: 0, skipped: 0, partial: 0, failed: 0 };
    const progress = progressBar(stores.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < stores.length) {
          const store = stores[next++] as (typeof stores)[number];
          try {
            if (await hasRun(jobs.db, store.id, week)) summary.skipped++;
            else {
              const result = await sendWeeklyReport(
                { db: jobs.db, settings },
                { storeId: store.id, week },
                { lastAttempt: true },
              );
              summary.queued++;
              if (result.partial) summary.partial++;
            }
          } catch (error) {
            summary.failed++;
            log.error(`store ${store.id}: ${(error as Error).message}`);
          }
          progress.tick();
        }
      }),
    );
    progress.done();
    log.info("delivering");
    await new Sender(jobs.db, providerFrom(env), { requestsPerSecond: env.RESEND_RPS, log }).drainOutbox();
    const mail = await deliveryCounts(jobs.db, week);
    process.stdout.write(
      `\n${week}: ${stores.length} stores — ${summary.queued} sent now (${summary.partial} with data unavailable), ` +
        `${summary.skipped} already done, ${summary.failed} failed\n` +
        `emails: ${mail.sent} sent, ${mail.failed} failed, ${mail.queued + mail.sending} still waiting\n`,
    );
    if (summary.failed > 0 || mail.failed > 0) process.exitCode = 1;
  } finally {
    await jobs.close();
    await databases.stop();
  }
});
