// npm run report -- --store <id> [--week 2026-W47] [--out <dir>] [--send]
// Renders one store's weekly report from the running graph (GATEWAY_URL, or this machine's gateway): to
// files with --out (HTML, text and a JSON of headers and recipient per recipient), or now through the
// delivery ledger with --send (a week already sent is not sent again).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { providerFrom, workerSettingsFrom } from "../jobs/config.ts";
import { schema as jobsSchema } from "../jobs/db/index.ts";
import { deliveriesOf, queueReport } from "../jobs/ledger.ts";
import { outboxProvider } from "../jobs/mail-provider.ts";
import { reportEmails } from "../jobs/report-email.ts";
import { fetchReport, fetchStoreOnly } from "../jobs/report-model.ts";
import { Sender } from "../jobs/sender.ts";
import { assertId } from "../lib/errors.ts";
import { connect } from "../lib/runtime/database.ts";
import { lastCompletedWeek, weekStart } from "../lib/week.ts";
import { runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { provisionDatabases } from "./dev/provision.ts";

await runCommand("report", async (env, log) => {
  const { values } = parseArgs({
    options: {
      store: { type: "string" },
      week: { type: "string" },
      out: { type: "string" },
      send: { type: "boolean" },
    },
  });
  if (!values.store)
    throw new Error("Usage: npm run report -- --store <id> [--week 2026-W47] [--out <dir>] [--send]");
  if (!values.out && !values.send)
    throw new Error("Say what to do with the report: --out <dir>, --send, or both");
  const storeId = assertId(values.store, "--store");
  const settings = workerSettingsFrom(env);
  const { store } = await fetchStoreOnly(settings, storeId);
  const week = values.week ?? lastCompletedWeek(store.timezone, new Date());
  weekStart(week); // a malformed week stops here, with its reason
  const report = await fetchReport(settings, storeId, week);
  const { emails, refused } = await reportEmails(settings, report, week);
  for (const { recipient, reason } of refused) log.warn(`not sending to ${recipient}: ${reason}`);
  if (emails.length === 0)
    log.warn("the store has no report recipients to send to; nothing to render", { store: store.name });

  if (values.out && emails.length > 0) {
    const dir = resolve(values.out);
    await outboxProvider(dir).send(
      emails.map(({ email }) => email),
      `report/${storeId}/${week}`,
    );
    log.info(`rendered ${emails.length} email(s) to ${dir}`, { store: store.name, week });
  }
  if (values.send) {
    const databases = await provisionDatabases(env, log, projectMigrations);
    const jobs = connect(databases.urls.jobs, jobsSchema, { max: 2 });
    try {
      const queued = await queueReport(jobs.db, { storeId, week, partial: false, emails, refused });
      await new Sender(jobs.db, providerFrom(env), { requestsPerSecond: env.RESEND_RPS, log }).drainOutbox();
      for (const row of await deliveriesOf(jobs.db, [storeId])) {
        if (row.mailing === week)
          log.info(`${row.recipient}: ${row.status}`, { providerId: row.providerId, error: row.lastError });
      }
      if (queued === 0)
        log.info("this week had already been queued for these recipients; nothing new was sent", { week });
    } finally {
      await jobs.close();
      await databases.stop();
    }
  }
});
