import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsMigrations, schema as jobsSchema } from "../jobs/db/index.ts";
import { deliveries } from "../jobs/db/schema.ts";
import { deliveryCounts } from "../jobs/ledger.ts";
import { resendProvider } from "../jobs/mail-provider.ts";
import { sendWeeklyReports } from "../jobs/page-send.ts";
import { startWorker } from "../jobs/worker.ts";
import { createLogger } from "../lib/logger.ts";
import { connect, ensureDatabase, runMigrations } from "../lib/runtime/database.ts";
import { spawnService } from "../scripts/dev/processes.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { eventually } from "./helpers/poll.ts";
import { startResendStandIn } from "./helpers/resend-stand-in.ts";
import { startStack } from "./helpers/stack.ts";

const STORES = 50;
const TIMEZONES = [
  ["Asia/Seoul", "ko", "KRW"],
  ["Pacific/Auckland", "en", "NZD"],
  ["Europe/Berlin", "en", "EUR"],
  ["America/New_York", "en", "USD"],
] as const;
/** Tuesday 2026-11-24 12:00 UTC: past Monday 09:00 everywhere, and 2026-W47 is the last completed week. */
const TUESDAY = new Date("2026-11-24T12:00:00Z");
const log = createLogger("test", "silent");

describe("the weekly email", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeIds: string[] = [];

  beforeAll(async () => {
    databases = await freshDatabases();
    const shop = databases.shop.sql;
    const review = databases.review.sql;
    // JSON as text: drizzle, which shares this client, replaces its JSON serializer.
    const zones = JSON.stringify(TIMEZONES.map(([tz, locale, currency], i) => ({ i, tz, locale, currency })));
    // 50 stores with the feature on, two recipients each, one widget showing one product that was clicked
    // 3 times and sold 2 × 10.00 in 2026-W47; plus one store with the feature off.
    const rows = await shop<{ id: string }[]>`
      insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
      select md5('mail:' || n)::uuid, 'Shop ' || n, z.tz, z.locale, z.currency, n <= ${STORES},
             array['owner' || n || '@shop' || n || '.example', 'team' || n || '@shop' || n || '.example']
      from generate_series(1, ${STORES + 1}) n
      join jsonb_to_recordset(${zones}::text::jsonb) as z(i int, tz text, locale text, currency text) on z.i = n % 4
      returning id`;
    storeIds.push(...rows.map((row) => row.id));
    await review`insert into widgets (id, store_id, name) select md5('w' || id)::uuid, id, 'Best sellers' from unnest(${storeIds}::uuid[]) id`;
    await review`insert into products (id, store_id, name) select md5('p' || id)::uuid, id, 'Linen Tote' from unnest(${storeIds}::uuid[]) id`;
    await review`insert into widget_products (widget_id, product_id, position) select md5('w' || id)::uuid, md5('p' || id)::uuid, 0 from unnest(${storeIds}::uuid[]) id`;
    await review`insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
      select gen_random_uuid(), md5('w' || id)::uuid, id, '2026-11-18T12:00:00Z' from unnest(${storeIds}::uuid[]) id, generate_series(1, 3)`;
    await shop`insert into orders (id, store_id, status, placed_at) select md5('o' || id)::uuid, id, 'paid', '2026-11-18T12:00:00Z' from unnest(${storeIds}::uuid[]) id`;
    await shop`insert into order_lines (order_id, product_id, quantity, unit_price) select md5('o' || id)::uuid, md5('p' || id)::uuid, 2, 10.00 from unnest(${storeIds}::uuid[]) id`;
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const workerSettings = () => stack.workerSettings();

  /** Each scenario's ledger and Agenda jobs start empty, beside the shared shop and review data. */
  async function freshJobsDatabase(): Promise<string> {
    const url = await ensureDatabase(databases.urls.jobs, `t_jobs_${randomBytes(4).toString("hex")}`);
    await runMigrations(url, jobsMigrations);
    return url;
  }

  /** A fresh jobs database, stand-in and worker(s) for one scenario, all stopped afterwards. */
  async function scenario(options: { faultEvery?: number; workers?: number; batchSize?: number } = {}) {
    const jobsUrl = await freshJobsDatabase();
    const standIn = await startResendStandIn({ faultEvery: options.faultEvery ?? 0 });
    const settings = workerSettings();
    const workers = await Promise.all(
      Array.from({ length: options.workers ?? 1 }, () =>
        startWorker({
          databaseUrl: jobsUrl,
          settings,
          provider: resendProvider("re_test_key", standIn.url),
          requestsPerSecond: 50,
          batchSize: options.batchSize,
          processEveryMs: 200,
          // A store whose report failed for a moment (a loaded machine) is retried within the test's wait.
          sendFirstRetryMs: 2_000,
          // Each test dispatches at the instant it is about; a start-up dispatch would use today's date.
          dispatchOnStart: false,
          log,
        }),
      ),
    );
    const jobs = connect(jobsUrl, jobsSchema, { max: 1 });
    let last = "";
    const settle = (expected: number) =>
      eventually(
        "deliveries settled",
        async () => {
          const counts = await deliveryCounts(jobs.db);
          last = JSON.stringify(counts);
          return (
            counts.sent + counts.failed >= expected && counts.queued === 0 && counts.sending === 0 && counts
          );
        },
        { timeoutMs: 45_000, state: () => last },
      );
    const [first] = workers;
    if (!first) throw new Error("no worker");
    return {
      standIn,
      workers,
      first,
      jobs,
      settle,
      async close() {
        for (const worker of workers) await worker.close();
        await jobs.close();
        await standIn.close();
      },
    };
  }

  const expectOnceEach = (sent: { to: string }[]) => {
    const recipients = sent.map((email) => email.to).sort();
    expect(recipients).toHaveLength(STORES * 2);
    expect(new Set(recipients).size).toBe(STORES * 2);
  };

  it("delivers exactly one email per recipient of the 50 stores, with their numbers, and nothing more later", {
    timeout: 90_000,
  }, async () => {
    const run = await scenario();
    try {
      const { enqueued } = await run.first.dispatch(TUESDAY);
      expect(enqueued).toBe(STORES); // not the store with the feature off
      expect(await run.settle(STORES * 2)).toMatchObject({ sent: STORES * 2, failed: 0 });
      expectOnceEach(run.standIn.sent);
      expect(run.standIn.stats.batches).toBeGreaterThan(0); // many ready at once: the batch endpoint

      // Each store's email carries its own figures in its own language and currency.
      const byRecipient = new Map(run.standIn.sent.map((email) => [email.to, email]));
      const seoul = byRecipient.get("owner4@shop4.example"); // n % 4 = 0: Asia/Seoul, ko, KRW
      expect(seoul?.subject).toBe("Shop 4: List Designer 주간 리포트 (2026년 11월 16일~22일)");
      expect(seoul?.html).toContain("₩20");
      expect(seoul?.text).toContain("클릭 3회");
      expect(seoul?.text).toContain("2개 판매");
      const newYork = byRecipient.get("team3@shop3.example"); // n % 4 = 3: America/New_York, en, USD
      expect(newYork?.subject).toBe("Shop 3: your List Designer week, Nov 16\u2009–\u200922, 2026"); // Intl's thin spaces
      expect(newYork?.text).toContain("$20.00");
      expect(newYork?.text).toContain("3 clicks");
      // The headline totals above the lists, and the preview line made of them (the week before had none).
      expect(newYork?.html).toContain("3 widget clicks and $20.00 in sales last week");
      expect(newYork?.text).toMatch(/Widget clicks\s+3\s+new vs last week/);
      // The dashboard link: that store, that week, a read-only token in the fragment.
      expect(newYork?.html).toMatch(
        /href="https:\/\/dashboard\.example\/stores\/[0-9a-f-]{36}\?week=2026-W47#token=ey/,
      );
      expect(newYork?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(newYork?.headers["List-Unsubscribe"]).toMatch(
        /^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=/,
      );

      // The next hourly dispatches find every week done.
      expect(await run.first.dispatch(new Date(TUESDAY.getTime() + 3_600_000))).toEqual({
        due: STORES,
        enqueued: 0,
        alreadySent: STORES,
        pending: 0,
        retried: 0,
        badTimezone: 0,
        paused: 0,
      });
      expect(await deliveryCounts(run.jobs.db)).toMatchObject({ queued: 0, sending: 0, sent: STORES * 2 });
      expect(run.standIn.sent).toHaveLength(STORES * 2);
    } finally {
      await run.close();
    }
  });

  it("still delivers everything exactly once when 20% of provider requests fail with 429 or 500", {
    timeout: 90_000,
  }, async () => {
    // Batches of 5: the 100 emails take at least 20 requests, so 20% failing means at least 4 faults.
    const run = await scenario({ faultEvery: 5, batchSize: 5 });
    try {
      await run.first.dispatch(TUESDAY);
      expect(await run.settle(STORES * 2)).toMatchObject({ sent: STORES * 2, failed: 0 });
      expectOnceEach(run.standIn.sent);
      expect(run.standIn.stats.faults).toBeGreaterThanOrEqual(4);
      expect(run.standIn.stats.faults / run.standIn.stats.requests).toBeGreaterThanOrEqual(0.19);
    } finally {
      await run.close();
    }
  });

  it("delivers exactly once with two workers dispatching and sending at the same time", {
    timeout: 90_000,
  }, async () => {
    const run = await scenario({ workers: 2 });
    try {
      const [a, b] = await Promise.all(run.workers.map((worker) => worker.dispatch(TUESDAY)));
      expect((a?.enqueued ?? 0) + (b?.enqueued ?? 0)).toBeGreaterThanOrEqual(STORES);
      expect(await run.settle(STORES * 2)).toMatchObject({ sent: STORES * 2, failed: 0 });
      expectOnceEach(run.standIn.sent);
    } finally {
      await run.close();
    }
  });

  it("delivers exactly once when the worker is SIGKILLed after the provider took a batch and is restarted", {
    timeout: 90_000,
  }, async () => {
    const jobsUrl = await freshJobsDatabase();
    const standIn = await startResendStandIn({ holdFirstAnswerMs: 4_000 });
    const jobs = connect(jobsUrl, jobsSchema, { max: 2 });
    const settings = workerSettings();
    // The week's send jobs have run; the mail waits in the ledger for a worker process to deliver it.
    await sendWeeklyReports(
      { db: jobs.db, settings },
      { storeIds: storeIds.slice(0, STORES), week: "2026-W47" },
      { lastAttempt: false },
    );
    // The worker dispatches once at start: on this Tuesday it finds 2026-W47 already queued.
    const env = await stack.workerEnv(jobsUrl, standIn.url, TUESDAY);
    let worker = spawnService("worker", env);
    try {
      // The first batch reaches the provider, which holds its answer: kill the worker right then.
      await eventually("a batch at the provider", () => standIn.stats.held, { state: () => worker.output() });
      await worker.kill("SIGKILL");
      expect((await deliveryCounts(jobs.db)).sending).toBeGreaterThan(0); // taken by the provider, not yet recorded

      worker = spawnService("worker", env);
      await eventually("every email sent", async () => (await deliveryCounts(jobs.db)).sent === STORES * 2, {
        timeoutMs: 45_000,
        state: () => worker.output(),
      });
      expectOnceEach(standIn.sent);
      expect(standIn.stats.replays).toBeGreaterThan(0); // the batch was taken over with its own key
    } finally {
      await worker.kill("SIGKILL");
      await jobs.close();
      await standIn.close();
    }
  });

  it("sends each store at its own Monday 09:00: Seoul and Auckland first, Berlin and New York hours later", {
    timeout: 90_000,
  }, async () => {
    const run = await scenario();
    try {
      // Monday 01:00 UTC: 10:00 in Seoul, 14:00 in Auckland: their W47 is due. 02:00 in Berlin: not yet.
      // Sunday 20:00 in New York: its W47 is not over, but W46 (never sent in this fresh ledger) is caught up.
      expect(await run.first.dispatch(new Date("2026-11-23T01:00:00Z"))).toMatchObject({ enqueued: 25 + 12 });
      await run.settle(74);
      const zoneOf = (email: { to: string }) => Number(/(\d+)@/.exec(email.to)?.[1]) % 4; // 0 Seoul, 1 Auckland, 2 Berlin, 3 New York
      const isW47 = (email: { subject: string }) => /Nov 16|11월 16일/.test(email.subject);
      expect(new Set(run.standIn.sent.filter(isW47).map(zoneOf))).toEqual(new Set([0, 1]));
      expect(new Set(run.standIn.sent.filter((e) => !isW47(e)).map(zoneOf))).toEqual(new Set([3]));
      // Monday 14:00 UTC: 15:00 in Berlin, 09:00 in New York: their W47.
      expect(await run.first.dispatch(new Date("2026-11-23T14:00:00Z"))).toMatchObject({ enqueued: 13 + 12 });
      await run.settle(STORES * 2 + 24);
      expectOnceEach(run.standIn.sent.filter(isW47));
    } finally {
      await run.close();
    }
  });

  it("sends the report with 'data unavailable' when review is still down on the last attempt", async () => {
    const jobsUrl = await freshJobsDatabase();
    const jobs = connect(jobsUrl, jobsSchema, { max: 1 });
    const halfDown = await stack.gatewayWithoutReview();
    try {
      const settings = { ...workerSettings(), gatewayUrl: halfDown.url };
      const job = { storeIds: [storeIds[2] as string], week: "2026-W47" };
      await expect(sendWeeklyReports({ db: jobs.db, settings }, job, { lastAttempt: false })).rejects.toThrow(
        /gateway answered/,
      );
      expect(await sendWeeklyReports({ db: jobs.db, settings }, job, { lastAttempt: true })).toEqual({
        queued: 2,
        partial: 1,
        skipped: 0,
        failed: new Map(),
      });
      const [row] = await jobs.db
        .select()
        .from(deliveries)
        .where(eq(deliveries.recipient, "owner3@shop3.example"));
      expect(row?.status).toBe("queued");
      expect(row?.email?.text).toContain("We could not load this part of your report this week");
      expect(row?.email?.text).toContain("Shop 3");
    } finally {
      await halfDown.close();
      await jobs.close();
    }
  });

  it("reports a page of stores in one query, and one store that fails holds none of the others back", async () => {
    const jobsUrl = await freshJobsDatabase();
    const jobs = connect(jobsUrl, jobsSchema, { max: 1 });
    // A store whose timezone no week can be read in (written before the database checked timezones, so
    // written here with foreign keys off): its part of the page's answer fails, the rest does not.
    const broken = (
      await databases.shop.sql.begin(async (sql) => {
        await sql`set local session_replication_role = replica`;
        return sql<{ id: string }[]>`
          insert into stores (id, name, timezone, locale, currency, report_recipients)
          values (gen_random_uuid(), 'Broken', 'Mars/Olympus', 'en', 'USD', '{owner@broken.example}')
          returning id`;
      })
    )[0]?.id as string;
    try {
      const settings = workerSettings();
      const job = { storeIds: [storeIds[0] as string, broken, storeIds[1] as string], week: "2026-W47" };
      const first = await sendWeeklyReports({ db: jobs.db, settings }, job, { lastAttempt: false });
      expect(first).toMatchObject({ queued: 4, partial: 0, skipped: 0 });
      expect([...first.failed.keys()]).toEqual([broken]);
      // Why, in the gateway's words (internals stay in the subgraphs' logs).
      expect(first.failed.get(broken)?.message).toMatch(new RegExp(`^Store ${broken}: `));
      // The job's last attempt does only what is left: the broken store, with its figures unavailable.
      const last = await sendWeeklyReports({ db: jobs.db, settings }, job, { lastAttempt: true });
      expect(last).toEqual({ queued: 1, partial: 1, skipped: 2, failed: new Map() });
      expect(await deliveryCounts(jobs.db)).toMatchObject({ queued: 5 });
    } finally {
      await databases.shop.sql`delete from stores where id = ${broken}`;
      await jobs.close();
    }
  });

  it("lets a recipient unsubscribe with the link, and sends them nothing the next week", {
    timeout: 90_000,
  }, async () => {
    const run = await scenario();
    try {
      await run.first.dispatch(TUESDAY);
      await run.settle(STORES * 2);
      const email = run.standIn.sent.find((e) => e.to === "owner7@shop7.example");
      const link = /^<(.+)>$/.exec(email?.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";

      // A forged or altered token changes nothing.
      const forged = await fetch(link.replace(/token=.{12}/, "token=eyJhbGciOiJIU"), { method: "POST" });
      expect(forged.status).toBe(400);
      const page = await fetch(link);
      expect(await page.text()).toContain("owner7@shop7.example");
      const shopSql = postgres(databases.urls.shop, { max: 1 });
      const recipients = async () =>
        (await shopSql`select report_recipients from stores where name = 'Shop 7'`)[0]
          ?.report_recipients as string[];
      expect(await recipients()).toEqual(["owner7@shop7.example", "team7@shop7.example"]);

      // One click, as a mail client does it (RFC 8058).
      const unsubscribed = await fetch(link, { method: "POST", body: "List-Unsubscribe=One-Click" });
      expect(unsubscribed.status).toBe(200);
      expect(await unsubscribed.text()).toContain("will no longer receive");
      expect(await recipients()).toEqual(["team7@shop7.example"]);
      await shopSql.end();

      // The next week: the team gets Shop 7's report, the owner does not.
      const before = run.standIn.sent.length;
      await run.first.dispatch(new Date(TUESDAY.getTime() + 7 * 86_400_000));
      await run.settle(STORES * 2 * 2 - 1);
      const nextWeek = run.standIn.sent.slice(before).map((e) => e.to);
      expect(nextWeek).toContain("team7@shop7.example");
      expect(nextWeek).not.toContain("owner7@shop7.example");
      expect(nextWeek).toHaveLength(STORES * 2 - 1);
    } finally {
      await run.close();
    }
  });
});
