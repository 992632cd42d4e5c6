import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, it } from "vitest";
import { jobsMigrations, schema as jobsSchema } from "../../jobs/db/index.ts";
import { deliveries } from "../../jobs/db/schema.ts";
import { currentPause, deliveryCounts } from "../../jobs/ledger.ts";
import { resendProvider } from "../../jobs/mail-provider.ts";
import { sendWeeklyReports } from "../../jobs/page-send.ts";
import { sendJobsOf } from "../../jobs/send-jobs.ts";
import { startWorker } from "../../jobs/worker.ts";
import { createLogger } from "../../lib/logger.ts";
import { connect, ensureDatabase, runMigrations } from "../../lib/runtime/database.ts";
import { spawnService } from "../../scripts/dev/processes.ts";
import { freshDatabases } from "../helpers/databases.ts";
import { makeStores } from "../helpers/factories.ts";
import { eventually } from "../helpers/poll.ts";
import { startResendStandIn } from "../helpers/resend-stand-in.ts";
import { startStack } from "../helpers/stack.ts";
import { startSwitchableFront } from "../helpers/switchable-front.ts";
import { insertWeeklyStores } from "../helpers/weekly-stores.ts";
import { faultChecks } from "./record.ts";

const STORES = 8;
const WEEK = "2026-W47";
/** Tuesday 2026-11-24 12:00 UTC: past Monday 09:00 everywhere, and 2026-W47 is the last completed week. */
const TUESDAY = new Date("2026-11-24T12:00:00Z");
const HOUR = 3_600_000;
const log = createLogger("test", "silent");
const IDN_STORE = "0a7c1f00-0000-4000-8000-000000000001";

/** What the services did, polled until it holds (a minute at most: these runs mail 1,000 stores). */
const until = (what: string, done: () => Promise<boolean>) => eventually(what, done, { timeoutMs: 60_000 });

/**
 * Ordinary incidents around the weekly mail, each on the real stack (real Agenda, the real ledger, the
 * Resend SDK against the local stand-in): an outage longer than every retry, a provider that refuses the
 * account for a while, addresses that cannot go into a header, and a sender frozen past its lease.
 */
describe("the weekly mail through incidents", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    databases = await freshDatabases();
    const shop = databases.shop.sql;
    const review = databases.review.sql;
    await insertWeeklyStores(shop, "incident", STORES);
    // Feature off until the recipients scenario turns it on.
    await makeStores(databases.shop.db, {
      id: IDN_STORE,
      name: "회사",
      timezone: "Asia/Seoul",
      locale: "ko",
      currency: "KRW",
      reportRecipients: ["owner@회사.kr", "사장@회사.kr", "team@company.example"],
    });
    await review`insert into widgets (id, store_id, name)
      select md5('w' || id)::uuid, id, 'Best sellers' from (select md5('incident:' || n)::uuid as id from generate_series(1, ${STORES}) n) s`;
    await review`insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
      select gen_random_uuid(), id, store_id, '2026-11-18T12:00:00Z' from widgets`;
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  /** A fresh ledger, a stand-in and one in-process worker on a short retry schedule. */
  async function scenario(gatewayUrl = stack.gatewayUrl) {
    const jobsUrl = await ensureDatabase(databases.urls.jobs, `t_jobs_${randomBytes(4).toString("hex")}`);
    await runMigrations(jobsUrl, jobsMigrations);
    const standIn = await startResendStandIn();
    const worker = await startWorker({
      databaseUrl: jobsUrl,
      settings: stack.workerSettings(gatewayUrl),
      provider: resendProvider("re_incident_key", standIn.url),
      requestsPerSecond: 50,
      processEveryMs: 100,
      dispatchOnStart: false,
      // 50 ms, 100 ms, ... 800 ms: the five retries of a send job take under two seconds here.
      sendFirstRetryMs: 50,
      maxSendBackoffMs: 200,
      log,
    });
    const jobs = connect(jobsUrl, jobsSchema, { max: 1 });
    const settled = (expected: number) =>
      until(`${expected} emails settled`, async () => {
        const counts = await deliveryCounts(jobs.db);
        return counts.sent + counts.failed >= expected && counts.queued + counts.sending === 0;
      });
    const duplicates = () => standIn.sent.length - new Set(standIn.sent.map((email) => email.to)).size;
    return {
      jobsUrl,
      standIn,
      worker,
      jobs,
      settled,
      duplicates,
      async close() {
        await worker.close();
        await jobs.close();
        await standIn.close();
      },
    };
  }

  it("delivers every due store's week once after a gateway outage longer than all of a send job's retries", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "weekly mail: gateway outage");
    const front = await startSwitchableFront(stack.gatewayUrl);
    const run = await scenario(front.url);
    try {
      // The outage starts right after the 09:00 dispatch listed the stores: every report query fails.
      front.setDown((body) => !body.includes("stores(first"));
      const first = await run.worker.dispatch(TUESDAY);
      await until("every send job out of retries", async () => {
        const jobs = await sendJobsOf(run.worker.agenda, WEEK);
        return jobs.length === STORES && jobs.every((job) => job.state === "stopped");
      });
      const stopped = await sendJobsOf(run.worker.agenda, WEEK);
      check(
        "gateway answering 502 to every report",
        `the send jobs of all ${STORES} stores out of retries`,
        `${stopped.filter((j) => j.state === "stopped").length} stores stopped after ${stopped[0]?.failures} failures (${front.stats.refused} requests refused)`,
        stopped.every((j) => j.state === "stopped" && j.failures > 5),
      );
      check("the same", "0 emails, 0 marked sent", run.standIn.sent.length, run.standIn.sent.length === 0);

      front.setDown(null);
      const second = await run.worker.dispatch(new Date(TUESDAY.getTime() + HOUR));
      check(
        "the next hourly dispatch, gateway back",
        `${STORES} retried, 0 counted as new`,
        JSON.stringify(second),
        second.retried === STORES && second.enqueued === 0 && first.enqueued === STORES,
      );
      await run.settled(STORES);
      const recipients = new Set(run.standIn.sent.map((email) => email.to)).size;
      check("every due store", `${STORES} delivered once`, `${recipients} delivered`, recipients === STORES);
      check("the same", "0 duplicates", run.duplicates(), run.duplicates() === 0);
      const third = await run.worker.dispatch(new Date(TUESDAY.getTime() + 2 * HOUR));
      check(
        "a dispatch after that",
        `${STORES} already sent, nothing enqueued`,
        JSON.stringify(third),
        third.alreadySent === STORES && third.enqueued + third.retried + third.pending === 0,
      );
      assertAllHeld();
    } finally {
      await run.close();
      await front.close();
    }
  });

  it("pauses, fails nothing and then delivers once when the provider refuses the account for a while", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "weekly mail: account refused (401)");
    const run = await scenario();
    try {
      // Resend answers an invalid key on its sending endpoints with 401 and the name validation_error.
      run.standIn.refuse({ statusCode: 401, name: "validation_error", message: "API key is invalid" });
      await run.worker.dispatch(TUESDAY);
      await until("the provider refusing 10 requests", async () => run.standIn.stats.refused >= 10);
      const during = await deliveryCounts(run.jobs.db);
      const pause = await currentPause(run.jobs.db);
      check(
        "every request answered 401",
        "paused, 0 emails failed",
        `${run.standIn.stats.refused} refused; ${during.failed} failed; paused: ${pause?.reason ?? "no"}`,
        during.failed === 0 && pause !== null,
      );
      run.standIn.refuse(null);
      await run.settled(STORES);
      const after = await deliveryCounts(run.jobs.db);
      check(
        "the provider accepting again",
        `${STORES} delivered once, 0 failed`,
        `${after.sent} sent, ${after.failed} failed, ${run.duplicates()} duplicates`,
        after.sent === STORES && after.failed === 0 && run.duplicates() === 0,
      );
      const cleared = await currentPause(run.jobs.db);
      check("the same", "pause cleared", cleared ? "still paused" : "cleared", cleared === null);
      assertAllHeld();
    } finally {
      await run.close();
    }
  });

  it("delivers to an internationalized domain, and never lets a header-breaking address in or get stuck", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "weekly mail: odd recipients");
    const shop = databases.shop.sql;
    const entry =
      await shop`update stores set report_recipients = array['a@b.example' || chr(13) || chr(10) || 'Bcc: x@y.example']
        where id = ${IDN_STORE}`.then(
        () => "accepted",
        (error: { code?: string }) => `refused (${error.code})`,
      );
    check(
      "a@b.example\\r\\nBcc: x@y.example as a recipient",
      "refused at entry",
      entry,
      entry === "refused (23514)",
    );
    await shop`update stores set list_designer_enabled = true where id = ${IDN_STORE}`;
    const run = await scenario();
    try {
      await run.worker.dispatch(TUESDAY);
      await run.settled(STORES + 3);
      const rows = await run.jobs.db.select().from(deliveries);
      const of = (recipient: string) => rows.find((row) => row.recipient === recipient);
      const received = run.standIn.sent.map((email) => email.to);
      check(
        "owner@회사.kr",
        "delivered (as owner@xn--vf4b131b.kr)",
        `${of("owner@회사.kr")?.status}; provider got ${received.filter((to) => to.includes("xn--")).join(", ")}`,
        of("owner@회사.kr")?.status === "sent" && received.includes("owner@xn--vf4b131b.kr"),
      );
      check(
        "사장@회사.kr (a non-ASCII mailbox)",
        "failed with a reason, not stuck",
        `${of("사장@회사.kr")?.status}: ${of("사장@회사.kr")?.lastError}`,
        of("사장@회사.kr")?.status === "failed" && /ASCII/.test(of("사장@회사.kr")?.lastError ?? ""),
      );
      check(
        "team@company.example beside them",
        "delivered",
        of("team@company.example")?.status ?? "none",
        of("team@company.example")?.status === "sent" && received.includes("team@company.example"),
      );
      const stuck = rows.filter((row) => row.status === "sending" || row.status === "queued").length;
      check("every recipient of the week", "0 stuck", stuck, stuck === 0 && run.duplicates() === 0);
      assertAllHeld();
    } finally {
      await shop`update stores set list_designer_enabled = false where id = ${IDN_STORE}`;
      await run.close();
    }
  });

  it("sends nothing twice when a sender is frozen (SIGSTOP) past its lease while another worker runs", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "weekly mail: frozen sender");
    const jobsUrl = await ensureDatabase(databases.urls.jobs, `t_jobs_${randomBytes(4).toString("hex")}`);
    await runMigrations(jobsUrl, jobsMigrations);
    const jobs = connect(jobsUrl, jobsSchema, { max: 2 });
    // The provider takes the first batch and answers it only after 4 s: the frozen sender's request.
    const standIn = await startResendStandIn({ holdFirstAnswerMs: 4_000 });
    const settings = stack.workerSettings();
    const storeIds = await databases.shop.sql<{ id: string }[]>`
      select md5('incident:' || n)::uuid as id from generate_series(1, ${STORES}) n`;
    await sendWeeklyReports(
      { db: jobs.db, settings },
      { storeIds: storeIds.map((row) => row.id), week: WEEK },
      { lastAttempt: false },
    );
    const env = await stack.workerEnv(jobsUrl, standIn.url, TUESDAY);
    const frozen = spawnService("worker", env);
    let other: ReturnType<typeof spawnService> | undefined;
    try {
      await until("a batch at the provider", async () => standIn.stats.held);
      frozen.child.kill("SIGSTOP");
      other = spawnService("worker", env);
      await until(
        "every email sent by the other worker",
        async () => (await deliveryCounts(jobs.db)).sent === STORES,
      );
      frozen.child.kill("SIGCONT");
      // Both stop gracefully: the thawed sender finishes the request it was in and records its answer.
      await frozen.kill("SIGTERM");
      await other.kill("SIGTERM");
      const counts = await deliveryCounts(jobs.db);
      const duplicates = standIn.sent.length - new Set(standIn.sent.map((email) => email.to)).size;
      check(
        "sender frozen 2 s past its 2 s lease, mid-request",
        "batch taken over with its own key",
        `${standIn.stats.replays} replays`,
        standIn.stats.replays >= 1,
      );
      check(
        "then thawed",
        `${STORES} sent, 0 duplicates`,
        `${counts.sent} sent, ${duplicates} duplicates, exit codes ${frozen.child.exitCode}/${other.child.exitCode}`,
        counts.sent === STORES && duplicates === 0 && new Set(standIn.sent.map((e) => e.to)).size === STORES,
      );
      assertAllHeld();
    } finally {
      frozen.child.kill("SIGCONT");
      await frozen.kill("SIGKILL");
      await other?.kill("SIGKILL");
      await jobs.close();
      await standIn.close();
    }
  });
});
