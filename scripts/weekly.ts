// npm run weekly -- --week 2026-W47 [--concurrency 2]   (or --month 2026-11: the monthly report)
//   Backfill: runs the send job of that week (month) for every store with List Designer on that asked for
//   weekly (monthly) reports, now, a page of stores
//   at a time (`concurrency` pages at once), then delivers what it queued, with a progress bar and a
//   summary. Weeks already sent are skipped (the ledger decides).
// npm run weekly -- --status [--week 2026-W47]
//   Per week: stores due, reported, pending, retrying, out of retries (with reasons); emails sent, waiting,
//   failed (with reasons) and held; whether the provider has paused sending; and how many addresses are
//   suppressed (bounced for good, or complained). Reads the jobs database and shop's suppressions.
// npm run weekly -- --week 2026-W47 --retry-failed
//   Queues that week's failed emails again (after their cause was fixed), then delivers them.
// npm run weekly -- --week 2026-W47 --held resend|drop
//   A person's decision on emails held because the provider could no longer confirm them.
import { parseArgs } from "node:util";
import { PostgresBackend } from "@agendajs/postgres-backend";
import { Agenda } from "agenda";
import { createRenderPool } from "../emails/render-pool.ts";
import { attributeClaims } from "../jobs/attribution.ts";
import { providerFrom, workerSettingsFrom } from "../jobs/config.ts";
import { type JobsDb, schema as jobsSchema } from "../jobs/db/index.ts";
import { pagesOf, storesWithFeature } from "../jobs/dispatch.ts";
import { decideHeld, deliveryCounts, retryFailed } from "../jobs/ledger.ts";
import { sendWeeklyReports } from "../jobs/page-send.ts";
import { sendJobsOf } from "../jobs/send-jobs.ts";
import { Sender } from "../jobs/sender.ts";
import { formatStatus, periodStatus, recentPeriods } from "../jobs/status.ts";
import { forEachConcurrently } from "../lib/concurrency.ts";
import type { Logger } from "../lib/logger.ts";
import { connect } from "../lib/runtime/database.ts";
import { isMonth, monthDates, weekStart } from "../lib/week.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { suppressionCounts } from "../subgraphs/shop/db/queries/suppressions.ts";
import { progressBar, runCommand } from "./dev/command.ts";
import type { DevEnv } from "./dev/env.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { provisionDatabases } from "./dev/provision.ts";

const USAGE =
  "Usage: npm run weekly -- --week 2026-W47 | --month 2026-11 [--retry-failed | --held resend|drop] | --status [--week W]";

await runCommand("weekly", async (env, log) => {
  const { values } = parseArgs({
    options: {
      week: { type: "string" },
      month: { type: "string" },
      concurrency: { type: "string", default: "2" },
      status: { type: "boolean", default: false },
      "retry-failed": { type: "boolean", default: false },
      held: { type: "string" },
    },
  });
  // A month's report is keyed by its month (2026-11) where a week's is by its week: one ledger for both.
  const period = values.month ?? values.week;
  // A malformed week or month stops here, with its reason.
  if (values.month) monthDates(values.month);
  else if (values.week) weekStart(values.week);
  const databases = await provisionDatabases(env, log, projectMigrations);
  const concurrency = Math.max(1, Math.min(16, Number(values.concurrency) || 2));
  const jobs = connect(databases.urls.jobs, jobsSchema, { max: concurrency + 2 });
  try {
    if (values.status) {
      process.stdout.write(`${await status(jobs.db, databases.urls.jobs, period)}\n`);
      process.stdout.write(`${await suppressed(databases.urls.shop)}\n`);
      return;
    }
    if (!period) throw new Error(USAGE);
    const week = period;
    if (values.held !== undefined) {
      if (values.held !== "resend" && values.held !== "drop") throw new Error(USAGE);
      const changed = await decideHeld(jobs.db, { mailing: week, decision: values.held });
      log.info(`${changed} held emails of ${week}: ${values.held === "resend" ? "queued again" : "dropped"}`);
      if (values.held === "resend") await deliver(env, log, jobs.db);
      return;
    }
    if (values["retry-failed"]) {
      log.info(`${await retryFailed(jobs.db, week)} failed emails of ${week} queued again`);
      await deliver(env, log, jobs.db);
      return;
    }
    await backfill(env, log, jobs.db, week, concurrency);
  } finally {
    await jobs.close();
    await databases.stop();
  }
});

function deliver(env: DevEnv, log: Logger, db: JobsDb) {
  log.info("delivering");
  return new Sender(db, providerFrom(env), { requestsPerSecond: env.RESEND_RPS, log }).drainOutbox();
}

async function status(db: JobsDb, jobsUrl: string, week: string | undefined): Promise<string> {
  const backend = new PostgresBackend({ connectionString: jobsUrl });
  const agenda = new Agenda({ backend });
  try {
    await agenda.ready;
    const weeks = week ? [week] : await recentPeriods(db, 3);
    const statuses = [];
    for (const w of weeks) statuses.push(await periodStatus(db, w, await sendJobsOf(agenda, w)));
    if (statuses.length === 0) return `No weekly run recorded yet.\n${await formatStatus(db, [])}`;
    return formatStatus(db, statuses);
  } finally {
    // Never started (it only reads), so Agenda's stop() would leave its connection pool open.
    await backend.disconnect();
  }
}

/** The addresses no report goes to any more, from shop (the provider's bounces and complaints). */
async function suppressed(shopUrl: string): Promise<string> {
  const shop = connect(shopUrl, shopSchema, { max: 1 });
  try {
    const { bounce, complaint } = await suppressionCounts(shop.db);
    return `Suppressed addresses: ${bounce + complaint} (${bounce} bounced for good, ${complaint} complained)`;
  } finally {
    await shop.close();
  }
}

async function backfill(env: DevEnv, log: Logger, db: JobsDb, week: string, concurrency: number) {
  const settings = workerSettingsFrom(env);
  // A paused report stays paused: its owner asked for no email, whatever week an operator sends.
  // The stores that asked for this kind of report (weekly, monthly or both).
  const other = isMonth(week) ? "WEEKLY" : "MONTHLY";
  const listed = (await storesWithFeature(settings)).filter(
    (store) => store.reportSchedule.cadence !== other,
  );
  const stores = listed.filter((store) => !store.reportSchedule.paused);
  if (stores.length < listed.length)
    log.info(`${listed.length - stores.length} stores left out: their owners paused the report`);
  const summary = { queued: 0, skipped: 0, partial: 0, failed: 0 };
  const pages = pagesOf(stores.map((store) => store.id));
  const progress = progressBar(stores.length);
  const renderPool = createRenderPool();
  // As the worker does, the claims of orders placed until now are decided before any report is read:
  // once for the whole run, with the attribution job's own scope.
  let decision: Promise<unknown> | undefined;
  const decideClaims = () =>
    (decision ??= attributeClaims(
      { ...settings, scopes: ["claims"] },
      { windowDays: env.ATTRIBUTION_WINDOW_DAYS, log, placedBefore: new Date() },
    ));
  try {
    await forEachConcurrently(pages, concurrency, async (page) => {
      const outcome = await sendWeeklyReports(
        { db, settings, render: renderPool.render, decideClaims },
        { storeIds: page, week },
        { lastAttempt: true },
      );
      summary.skipped += outcome.skipped;
      summary.partial += outcome.partial;
      summary.failed += outcome.failed.size;
      summary.queued += page.length - outcome.skipped - outcome.failed.size;
      for (const [storeId, error] of outcome.failed) log.error(`store ${storeId}: ${error.message}`);
      progress.tick(page.length);
    });
  } finally {
    await renderPool.close();
  }
  progress.done();
  await deliver(env, log, db);
  const mail = await deliveryCounts(db, week);
  process.stdout.write(
    `\n${week}: ${stores.length} stores — ${summary.queued} sent now (${summary.partial} with data unavailable), ` +
      `${summary.skipped} already done, ${summary.failed} failed\n` +
      `emails: ${mail.sent} sent, ${mail.failed} failed, ${mail.queued + mail.sending} still waiting\n`,
  );
  if (summary.failed > 0 || mail.failed > 0) process.exitCode = 1;
}
