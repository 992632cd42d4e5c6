import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobsMigrations, schema as jobsSchema } from "../../jobs/db/index.ts";
import { outboxProvider } from "../../jobs/mail-provider.ts";
import type { ReportSettings } from "../../jobs/report.ts";
import { Sender } from "../../jobs/sender.ts";
import { sendWeeklyReports } from "../../jobs/weekly.ts";
import { connect, runMigrations } from "../../lib/database.ts";
import type { Logger } from "../../lib/logger.ts";

/**
 * Runs the weekly job for `storeIds` and `week` as production does, mailing into an outbox folder, and
 * answers each store's email (its HTML) and the dashboard link in it.
 */
export async function mailWeeklyReports(
  jobsUrl: string,
  settings: ReportSettings,
  storeIds: string[],
  week: string,
  log: Logger,
): Promise<Map<string, { html: string; dashboardLink: string }>> {
  await runMigrations(jobsUrl, jobsMigrations);
  const jobs = connect(jobsUrl, jobsSchema, { max: 2 });
  const outbox = await mkdtemp(join(tmpdir(), "ldi-outbox-"));
  try {
    await sendWeeklyReports({ db: jobs.db, settings }, { storeIds, week }, { lastAttempt: false });
    await new Sender(jobs.db, outboxProvider(outbox), { requestsPerSecond: 100, log }).drainOutbox();
  } finally {
    await jobs.close();
  }
  const emails = new Map<string, { html: string; dashboardLink: string }>();
  for (const file of (await readdir(outbox)).filter((name) => name.endsWith(".html"))) {
    const html = await readFile(join(outbox, file), "utf8");
    const href = /href="([^"]*\/stores\/[^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    const storeId = /\/stores\/([0-9a-f-]{36})/.exec(href ?? "")?.[1];
    if (href && storeId) emails.set(storeId, { html, dashboardLink: href });
  }
  return emails;
}
