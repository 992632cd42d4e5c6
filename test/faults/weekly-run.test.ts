import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { schema as jobsSchema } from "../../jobs/db/index.ts";
import { deliveryCounts } from "../../jobs/ledger.ts";
import { connect } from "../../lib/runtime/database.ts";
import { generateSecrets, secretsEnv } from "../../lib/secrets.ts";
import { type ServiceProcess, spawnService, startGraph } from "../../scripts/dev/processes.ts";
import { freshDatabases } from "../helpers/databases.ts";
import { startResendStandIn } from "../helpers/resend-stand-in.ts";
import { insertWeeklyStores } from "../helpers/weekly-stores.ts";
import { faultChecks } from "./record.ts";

const STORES = 1_000;

/**
 * The weekly run for 1,000 stores as in production (every service its own process, on a Tuesday): two
 * workers at once, one of them SIGKILLed mid-run and started again, and a provider failing 20% of its
 * requests with 429 or 500. Every recipient must get the report exactly once.
 */
describe("the weekly run under faults", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let graph: Awaited<ReturnType<typeof startGraph>>;
  const secrets = secretsEnv(generateSecrets());

  beforeAll(async () => {
    databases = await freshDatabases();
    // The workers' clock starts on Tuesday 2026-11-24, past Monday 09:00 everywhere: each store has
    // exactly one week due, 2026-W47.
    await insertWeeklyStores(databases.shop.sql, "fault", STORES);
    await databases.review.sql`
      insert into widgets (id, store_id, name)
      select md5('fault-w:' || n)::uuid, md5('fault:' || n)::uuid, 'Best sellers' from generate_series(1, ${STORES}) n`;
    graph = await startGraph(secrets, databases.urls, { LOG_LEVEL: "error" });
  });
  afterAll(async () => {
    await graph?.stop();
    await databases?.drop();
  });

  it("delivers every report exactly once", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "weekly run, 1,000 stores");
    const standIn = await startResendStandIn({ faultEvery: 5 });
    const jobs = connect(databases.urls.jobs, jobsSchema, { max: 1 });
    const env = {
      JOBS_DATABASE_URL: databases.urls.jobs,
      GATEWAY_URL: graph.gatewayUrl,
      ...secrets,
      RESEND_API_KEY: "re_fault_suite",
      RESEND_BASE_URL: standIn.url,
      RESEND_RPS: "20",
      MAIL_CLAIM_LEASE_SECONDS: "3",
      SEND_JOB_LOCK_SECONDS: "5",
      DATA_DIR: await mkdtemp(join(tmpdir(), "ldi-worker-")),
      LOG_LEVEL: "error",
      TEST_CLOCK_START: "2026-11-24T12:00:00Z",
    };
    const workers: ServiceProcess[] = [spawnService("worker", env), spawnService("worker", env)];
    const started = Date.now();
    let killedAt = "";
    try {
      for (;;) {
        const counts = await deliveryCounts(jobs.db);
        const reached = counts.queued + counts.sending + counts.sent + counts.failed;
        // Mid-run: send jobs still running, some mail already at the provider.
        if (!killedAt && reached >= STORES * 0.3) {
          killedAt = `${reached} reports made, ${counts.sent} sent`;
          await workers[0]?.kill("SIGKILL");
          workers[0] = spawnService("worker", env);
        }
        if (counts.sent + counts.failed >= STORES && counts.queued + counts.sending === 0) break;
        if (Date.now() - started > 200_000)
          throw new Error(`not all delivered: ${JSON.stringify(counts)}\n${workers[1]?.output()}`);
        await new Promise((done) => setTimeout(done, 200));
      }
      const counts = await deliveryCounts(jobs.db);
      const recipients = new Set(standIn.sent.map((email) => email.to));
      const duplicates = standIn.sent.length - recipients.size;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
      check(
        "two workers side by side",
        "both running to the end",
        `${running.length} running`,
        running.length === 2,
      );
      check("one worker SIGKILLed mid-run, restarted", "killed mid-run", killedAt, killedAt !== "");
      check(
        "20% of provider requests answered 429 or 500",
        "faults injected",
        `${standIn.stats.faults} of ${standIn.stats.requests} requests`,
        standIn.stats.faults >= standIn.stats.requests * 0.15,
      );
      check(
        "1,000 recipients",
        "each mailed",
        `${recipients.size} mailed in ${seconds} s`,
        recipients.size === STORES,
      );
      check("the same", "0 duplicates", duplicates, duplicates === 0);
      check(
        "the ledger",
        "1,000 sent, 0 failed",
        `${counts.sent} sent, ${counts.failed} failed`,
        counts.sent === STORES && counts.failed === 0,
      );
      assertAllHeld();
    } finally {
      for (const worker of workers) await worker.kill("SIGKILL");
      await jobs.close();
      await standIn.close();
    }
  });
});
