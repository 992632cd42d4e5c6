import { randomBytes, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsMigrations } from "../jobs/db/index.ts";
import { outboxProvider } from "../jobs/mail-provider.ts";
import { startWorker } from "../jobs/worker.ts";
import { createLogger } from "../lib/logger.ts";
import { ensureDatabase, runMigrations } from "../lib/runtime/database.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeClicks, makeOrder, makeStores } from "./helpers/factories.ts";
import { eventually } from "./helpers/poll.ts";
import { startStack } from "./helpers/stack.ts";
import { movableClock, zonedMidnight } from "./helpers/time.ts";

const log = createLogger("test", "silent");
const HOUR = 3_600_000;

/**
 * March 2026 holds both DST changes: New York's on the 8th, Berlin's on the 29th (Seoul has none). Each
 * store's month is read in its own timezone, and its report goes out on April 1st at 09:00 there.
 */
const STORES = [
  {
    key: "seoul",
    name: "Seoul Select",
    timezone: "Asia/Seoul",
    locale: "ko",
    currency: "KRW",
    cadence: "monthly",
  },
  {
    key: "ny",
    name: "Brooklyn Goods",
    timezone: "America/New_York",
    locale: "en",
    currency: "USD",
    cadence: "monthly",
  },
  {
    key: "berlin",
    name: "Berlin Haus",
    timezone: "Europe/Berlin",
    locale: "en",
    currency: "EUR",
    cadence: "both",
  },
] as const;

/** A local wall-clock time as an instant: the day's local midnight (Intl alone) plus hours. */
const local = (date: string, hours: number, timeZone: string) =>
  new Date(zonedMidnight(date, timeZone).getTime() + hours * HOUR);

describe("the monthly report", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  const outbox = join(tmpdir(), `ldi-monthly-${randomUUID()}`);
  const clock = movableClock(new Date("2026-03-31T20:00:00Z"));
  const ids = new Map<string, string>();

  beforeAll(async () => {
    databases = await freshDatabases();
    const made = await makeStores(
      databases.shop.db,
      ...STORES.map(({ key, cadence, ...store }) => ({
        ...store,
        reportCadence: cadence,
        listDesignerEnabled: true,
        reportRecipients: [`owner@${key}.example`],
      })),
    );
    for (const [i, store] of made.entries()) ids.set(STORES[i]?.key ?? "", store.id);
    for (const store of STORES) {
      const storeId = ids.get(store.key) ?? "";
      const { widget, products } = await makeCatalogue(databases.review.db, storeId, [
        { name: "Linen Tote" },
      ]);
      const tz = store.timezone;
      // March's first and last half hour, each DST day, and one click on either side of the month.
      const clicks = [
        local("2026-02-28", 23.5, tz),
        local("2026-03-01", 0.5, tz),
        local("2026-03-08", 12, tz),
        local("2026-03-29", 12, tz),
        local("2026-03-31", 23.5, tz),
        local("2026-04-01", 0.5, tz),
      ];
      await makeClicks(
        databases.review.db,
        ...clicks.map((occurredAt) => ({ widgetId: widget.id, storeId, occurredAt })),
      );
      // 2 × 10.00 in March's last hour; 1 × 10.00 in February.
      for (const [placedAt, quantity] of [
        [local("2026-03-31", 23, tz), 2],
        [local("2026-02-15", 12, tz), 1],
      ] as const)
        await makeOrder(
          databases.shop.db,
          { storeId, placedAt },
          { productId: products[0]?.id, quantity, unitPrice: "10.00" },
        );
    }
    stack = await startStack(databases.urls, { clock: clock.now });
    const jobsUrl = await ensureDatabase(databases.urls.jobs, `t_monthly_${randomBytes(4).toString("hex")}`);
    await runMigrations(jobsUrl, jobsMigrations);
    worker = await startWorker({
      databaseUrl: jobsUrl,
      settings: stack.workerSettings(),
      provider: outboxProvider(outbox),
      requestsPerSecond: 50,
      dispatchOnStart: false,
      processEveryMs: 200,
      log,
      clock: clock.now,
    });
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await stack?.close();
    await databases?.drop();
  });

  /** Every email in the outbox: its recipient, subject and HTML. */
  async function mailed() {
    const files = (await readdir(outbox).catch(() => [])).filter((name) => name.endsWith(".json"));
    return Promise.all(
      files.map(async (file) => {
        const { to, subject } = JSON.parse(await readFile(join(outbox, file), "utf8")) as {
          to: string;
          subject: string;
        };
        return { to, subject, html: await readFile(join(outbox, file.replace(/\.json$/, ".html")), "utf8") };
      }),
    );
  }
  /** March's monthly emails: their dashboard link opens March's dates. */
  const monthly = async () =>
    (await mailed()).filter((email) => email.html.includes("from=2026-03-01&amp;to=2026-03-31"));

  it("goes out once per store on April 1st at 09:00 in Seoul, Berlin and New York, for March read in each timezone", async () => {
    const dispatchAt = async (at: string) => {
      clock.advance(new Date(at).getTime() - clock.now().getTime());
      return worker.dispatch(clock.now());
    };
    // Tuesday evening in Berlin and New York: February's reports, due all of March, go to the two stores
    // that never had one (a month's catch-up window), and Berlin's weekly (it asked for both). Nobody's
    // March yet: it is April 1st 05:00 in Seoul.
    expect(await dispatchAt("2026-03-31T20:00:00Z")).toMatchObject({ due: 3, enqueued: 3 });
    // 09:00 in Seoul (KST, UTC+9); 02:00 in Berlin, still March 31st in New York.
    expect(await dispatchAt("2026-04-01T00:00:00Z")).toMatchObject({ enqueued: 1 });
    await eventually("Seoul's monthly email", async () => (await monthly()).length === 1);
    // 08:59 in Berlin (CEST since Sunday, UTC+2): not yet.
    expect(await dispatchAt("2026-04-01T06:59:00Z")).toMatchObject({ enqueued: 0 });
    expect(await dispatchAt("2026-04-01T07:00:00Z")).toMatchObject({ enqueued: 1 });
    await eventually("Berlin's monthly email", async () => (await monthly()).length === 2);
    // 09:00 in New York (EDT since March 8th, UTC-4).
    expect(await dispatchAt("2026-04-01T12:59:00Z")).toMatchObject({ enqueued: 0 });
    expect(await dispatchAt("2026-04-01T13:00:00Z")).toMatchObject({ enqueued: 1 });
    await eventually("New York's monthly email", async () => (await monthly()).length === 3);
    // Later the same day, and later in April (March still the last month): nothing is sent again, but
    // Berlin's weekly report of that week.
    expect(await dispatchAt("2026-04-01T18:00:00Z")).toMatchObject({ enqueued: 0, retried: 0 });
    expect(await dispatchAt("2026-04-20T18:00:00Z")).toMatchObject({ enqueued: 1, alreadySent: 3 });
    await eventually("Berlin's second weekly email", async () => (await mailed()).length === 7);

    const months = await monthly();
    expect(months.map((email) => email.to).sort()).toEqual([
      "owner@berlin.example",
      "owner@ny.example",
      "owner@seoul.example",
    ]);
    for (const email of months) {
      // March's four clicks against February's one, read in the store's own timezone.
      expect(email.html).toContain("+300%");
      expect(email.html).toMatch(/\/stores\/[0-9a-f-]{36}\?from=2026-03-01&amp;to=2026-03-31#token=/);
    }
    const subjects = Object.fromEntries(months.map((email) => [email.to, email.subject]));
    // Intl puts thin spaces around the dash.
    expect(subjects["owner@ny.example"]).toMatch(
      /^Brooklyn Goods: your List Designer month, Mar 1\s–\s31, 2026$/,
    );
    expect(subjects["owner@berlin.example"]).toMatch(
      /^Berlin Haus: your List Designer month, Mar 1\s–\s31, 2026$/,
    );
    expect(subjects["owner@seoul.example"]).toContain("Seoul Select: List Designer 월간 리포트");
    // Berlin asked for both: its weekly reports came too, the monthly one once.
    const berlin = (await mailed()).filter((email) => email.to === "owner@berlin.example");
    expect(berlin.filter((email) => email.subject.includes("month, Mar"))).toHaveLength(1);
    expect(berlin.filter((email) => email.subject.includes("week")).length).toBeGreaterThanOrEqual(1);
  });
});
