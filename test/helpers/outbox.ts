import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WorkerSettings } from "../../jobs/config.ts";
import { mailConfirmations } from "../../jobs/confirmations.ts";
import { type JobsDb, jobsMigrations, schema as jobsSchema } from "../../jobs/db/index.ts";
import { outboxProvider } from "../../jobs/mail-provider.ts";
import { sendWeeklyReports } from "../../jobs/page-send.ts";
import { Sender } from "../../jobs/sender.ts";
import type { Logger } from "../../lib/logger.ts";
import { connect, runMigrations } from "../../lib/runtime/database.ts";

export interface MailedEmail {
  to: string;
  subject: string;
  html: string;
}

/**
 * Runs a job's `work` on the jobs database as production does, then its sender into an outbox folder, and
 * answers every email that folder holds.
 */
async function mailInto(jobsUrl: string, log: Logger, work: (db: JobsDb) => Promise<unknown>) {
  await runMigrations(jobsUrl, jobsMigrations);
  const jobs = connect(jobsUrl, jobsSchema, { max: 2 });
  const outbox = await mkdtemp(join(tmpdir(), "ldi-outbox-"));
  try {
    await work(jobs.db);
    await new Sender(jobs.db, outboxProvider(outbox), { requestsPerSecond: 100, log }).drainOutbox();
  } finally {
    await jobs.close();
  }
  const emails: MailedEmail[] = [];
  for (const file of (await readdir(outbox)).filter((name) => name.endsWith(".json"))) {
    const envelope = JSON.parse(await readFile(join(outbox, file), "utf8")) as {
      to: string;
      subject: string;
    };
    const html = await readFile(join(outbox, file.replace(/\.json$/, ".html")), "utf8");
    emails.push({ to: envelope.to, subject: envelope.subject, html });
  }
  return emails;
}

/** The first link of an email whose address matches `pattern`, as a browser would follow it. */
export function linkIn(html: string, pattern: RegExp): string | undefined {
  for (const [, href] of html.matchAll(/href="([^"]+)"/g))
    if (href && pattern.test(href)) return href.replaceAll("&amp;", "&");
  return undefined;
}

/** How many times the weekly job is run again for stores it failed. */
const RETRIES = 2;

/**
 * Runs the weekly job for `storeIds` and `week`, mailing into an outbox folder, and answers each store's
 * email (its HTML, the first recipient's when it has several) with its dashboard and settings links.
 */
export async function mailWeeklyReports(
  jobsUrl: string,
  settings: WorkerSettings,
  storeIds: string[],
  week: string,
  log: Logger,
  /** What the worker decides claims with before reading the reports (default: nothing to decide). */
  decideClaims?: () => Promise<unknown>,
): Promise<Map<string, { html: string; dashboardLink: string; settingsLink: string; to: string[] }>> {
  const mailed = await mailInto(jobsUrl, log, async (db) => {
    // Production retries a page's failed stores (a report that timed out on a loaded machine); so does
    // this, a few times at once, and then says why rather than answering without those stores.
    for (let attempt = 1; ; attempt++) {
      const { failed } = await sendWeeklyReports(
        { db, settings, decideClaims },
        { storeIds, week },
        { lastAttempt: false },
      );
      if (failed.size === 0) return;
      if (attempt === RETRIES + 1) {
        const reasons = [...failed].map(([storeId, error]) => `${storeId}: ${error.message}`);
        throw new Error(`the weekly job failed for ${reasons.join("; ")}`);
      }
    }
  });
  const emails = new Map<
    string,
    { html: string; dashboardLink: string; settingsLink: string; to: string[] }
  >();
  for (const { to, html } of mailed.sort((a, b) => a.to.localeCompare(b.to))) {
    const dashboardLink = linkIn(html, /\/stores\/[0-9a-f-]{36}\?/);
    const settingsLink = linkIn(html, /\/stores\/[0-9a-f-]{36}\/settings#/);
    const storeId = /\/stores\/([0-9a-f-]{36})/.exec(dashboardLink ?? "")?.[1];
    if (!dashboardLink || !settingsLink || !storeId) continue;
    const known = emails.get(storeId);
    if (known) known.to.push(to);
    else emails.set(storeId, { html, dashboardLink, settingsLink, to: [to] });
  }
  return emails;
}

/** Runs the confirmation job once, mailing into an outbox folder: each email with its confirmation link. */
export async function mailRecipientConfirmations(
  jobsUrl: string,
  settings: WorkerSettings,
  log: Logger,
): Promise<(MailedEmail & { confirmLink: string })[]> {
  const mailed = await mailInto(jobsUrl, log, (db) => mailConfirmations({ db, settings }));
  return mailed.map((email) => {
    const confirmLink = linkIn(email.html, /\/recipients\/confirm\?token=/);
    if (!confirmLink) throw new Error(`no confirmation link in the email to ${email.to}`);
    return { ...email, confirmLink };
  });
}
