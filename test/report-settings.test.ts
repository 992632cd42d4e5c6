import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsMigrations, schema as jobsSchema } from "../jobs/db/index.ts";
import { dispatchWeeklyReports } from "../jobs/dispatch.ts";
import { settingsLink } from "../jobs/report-email.ts";
import type { SendJobState } from "../jobs/send-jobs.ts";
import { createLogger } from "../lib/logger.ts";
import { connect, runMigrations } from "../lib/runtime/database.ts";
import { createKey } from "../subgraphs/shop/db/queries/keys.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeStores } from "./helpers/factories.ts";
import { mailRecipientConfirmations, mailWeeklyReports } from "./helpers/outbox.ts";
import { startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

const NEW_YORK = randomUUID();
const SEOUL = randomUUID();
const BERLIN = randomUUID();
const OTHER = randomUUID();
const OWNER = "owner@store.example";
const log = createLogger("test", "silent");
/** Monday 2026-10-26 00:00 UTC: the start of 2026-W44 (UTC), two weeks before the dispatch test's end. */
const START = new Date("2026-10-26T00:00:00Z");

const SETTINGS = `query($id: ID!) { store(id: $id) {
  reportRecipients pendingRecipients { email expiresAt } reportSchedule { dayOfWeek hour paused }
  settingsChanges { action email dayOfWeek hour by byRef } } }`;

describe("a store owner's report settings", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const clock = movableClock(START);
  /** Each store's settings link, as its weekly email carries it: the token from the URL's fragment. */
  const tokens = new Map<string, string>();
  const as = (storeId: string) => ({ authorization: `Bearer ${tokens.get(storeId)}` });
  const codeOf = (result: { errors?: { extensions?: { code?: unknown } }[] }) =>
    result.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    databases = await freshDatabases();
    for (const [id, zone, locale] of [
      [NEW_YORK, "America/New_York", "en"],
      [SEOUL, "Asia/Seoul", "ko"],
      [BERLIN, "Europe/Berlin", "en"],
      [OTHER, "UTC", "en"],
    ] as const)
      await makeStores(databases.shop.db, {
        id,
        name: `Store ${zone}`,
        timezone: zone,
        locale,
        listDesignerEnabled: true,
        reportRecipients: [OWNER],
      });
    stack = await startStack(databases.urls, { clock: clock.now });
    for (const id of [NEW_YORK, SEOUL, BERLIN]) {
      const link = await settingsLink(stack.workerSettings(), id, OWNER);
      tokens.set(id, new URL(link).hash.replace("#token=", ""));
    }
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("lets the settings link read the settings and nothing else, for its own store only, until it expires", async () => {
    const own = await stack.query(SETTINGS, { id: NEW_YORK }, as(NEW_YORK));
    expect(own.errors).toBeUndefined();
    expect(own.data).toMatchObject({
      store: { reportRecipients: [OWNER], reportSchedule: { dayOfWeek: 1, hour: 9, paused: false } },
    });
    // No figure of the report: not review's (widgets, clicks), not shop's (sales), not through a product.
    for (const figures of [
      `query($id: ID!) { store(id: $id) { widgets { id } } }`,
      `query($id: ID!) { store(id: $id) { clickSeries(weeks: 1) { clicks } } }`,
      `query($id: ID!) { storesByIds(ids: [$id]) { name } }`,
    ]) {
      const refused = await stack.query(figures, { id: NEW_YORK }, as(NEW_YORK));
      expect(codeOf(refused), figures).toBe("FORBIDDEN");
    }
    // Another store: neither read nor changed.
    expect(codeOf(await stack.query(SETTINGS, { id: OTHER }, as(NEW_YORK)))).toBe("FORBIDDEN");
    const pause = `mutation($id: ID!) { setReportPaused(storeId: $id, paused: true) { id } }`;
    expect(codeOf(await stack.query(pause, { id: OTHER }, as(NEW_YORK)))).toBe("FORBIDDEN");
    // A dashboard link (read-only, forwarded with the email) does not open the settings.
    const dashboard = await stack.token({ kind: "store", storeId: NEW_YORK, readOnly: true });
    const viaDashboard = await stack.query(
      SETTINGS,
      { id: NEW_YORK },
      { authorization: `Bearer ${dashboard}` },
    );
    expect(codeOf(viaDashboard)).toBe("FORBIDDEN");
    // Expired: refused, whatever it asks.
    const expired = await stack.token(
      { kind: "store", storeId: NEW_YORK, link: { purpose: "settings", email: OWNER } },
      -60,
    );
    expect(
      codeOf(await stack.query(SETTINGS, { id: NEW_YORK }, { authorization: `Bearer ${expired}` })),
    ).toBe("UNAUTHENTICATED");
    expect((await stack.query(SETTINGS, { id: OTHER })).data).toMatchObject({
      store: { settingsChanges: [], reportSchedule: { paused: false } },
    });
  });

  it("opens the same changes to an API key with settings:write, and to no other key", async () => {
    const writer = await createKey(databases.shop.db, {
      storeId: OTHER,
      name: "settings",
      scopes: ["settings:write"],
    });
    const orders = await createKey(databases.shop.db, {
      storeId: OTHER,
      name: "checkout",
      scopes: ["orders:write"],
    });
    const schedule = `mutation($id: ID!) { setReportSchedule(storeId: $id, dayOfWeek: 3, hour: 7) { reportSchedule { dayOfWeek hour } } }`;
    const refused = await stack.query(schedule, { id: OTHER }, { authorization: `Bearer ${orders.key}` });
    expect(codeOf(refused)).toBe("FORBIDDEN");
    const done = await stack.query(schedule, { id: OTHER }, { authorization: `Bearer ${writer.key}` });
    expect(done.data).toEqual({ setReportSchedule: { reportSchedule: { dayOfWeek: 3, hour: 7 } } });
    const history = await stack.query<{ store: { settingsChanges: unknown[] } }>(SETTINGS, { id: OTHER });
    expect(history.data?.store.settingsChanges).toEqual([
      { action: "SCHEDULE_CHANGED", email: null, dayOfWeek: 3, hour: 7, by: "API_KEY", byRef: writer.keyId },
    ]);
    // Bad input is refused with the field named, and nothing is written.
    const bad = await stack.query(
      `mutation($id: ID!) { setReportSchedule(storeId: $id, dayOfWeek: 8, hour: 7) { id } }`,
      { id: OTHER },
      { authorization: `Bearer ${writer.key}` },
    );
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: /dayOfWeek/ });
  });

  it("mails only confirmed recipients: add, confirm from the email, receive the report; the unconfirmed get nothing; remove", async () => {
    const add = `mutation($id: ID!, $email: String!) { addReportRecipient(storeId: $id, email: $email) { reportRecipients } }`;
    for (const email of ["new@store.example", "never@store.example"]) {
      const added = await stack.query(add, { id: SEOUL, email }, as(SEOUL));
      expect(added.data).toEqual({ addReportRecipient: { reportRecipients: [OWNER] } });
    }
    const badAddress = await stack.query(
      add,
      { id: SEOUL, email: "a@b.example\r\nBcc: x@y.example" },
      as(SEOUL),
    );
    expect(badAddress.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const settings = stack.workerSettings();
    const confirmations = await mailRecipientConfirmations(databases.urls.jobs, settings, log);
    expect(confirmations.map((email) => email.to).sort()).toEqual([
      "never@store.example",
      "new@store.example",
    ]);
    expect(confirmations[0]?.subject).toContain("Store Asia/Seoul");
    // The job runs again (another worker, a retry): nobody is mailed a second time.
    expect(await mailRecipientConfirmations(databases.urls.jobs, settings, log)).toEqual([]);

    const link = confirmations.find((email) => email.to === "new@store.example")?.confirmLink ?? "";
    // GET only asks (a mail scanner following the link confirms nothing); POST confirms.
    const asked = await fetch(link);
    expect(asked.status).toBe(200);
    expect((await stack.query(SETTINGS, { id: SEOUL })).data).toMatchObject({
      store: { reportRecipients: [OWNER] },
    });
    const confirmed = await fetch(link, { method: "POST" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("will receive the weekly List Designer report");
    // Followed twice: the request is used up, nothing changes.
    expect((await fetch(link, { method: "POST" })).status).toBe(410);

    const reports = await mailWeeklyReports(databases.urls.jobs, settings, [SEOUL], "2026-W41", log);
    expect(reports.get(SEOUL)?.to.sort()).toEqual(["new@store.example", OWNER]);

    const removed = await stack.query(
      `mutation($id: ID!, $email: String!) { removeReportRecipient(storeId: $id, email: $email) { reportRecipients } }`,
      { id: SEOUL, email: "new@store.example" },
      as(SEOUL),
    );
    expect(removed.data).toEqual({ removeReportRecipient: { reportRecipients: [OWNER] } });
    const after = await mailWeeklyReports(databases.urls.jobs, settings, [SEOUL], "2026-W40", log);
    expect(after.get(SEOUL)?.to).toEqual([OWNER]);

    const history = await stack.query<{
      store: { settingsChanges: { action: string; email: string; by: string }[] };
    }>(SETTINGS, { id: SEOUL });
    expect(history.data?.store.settingsChanges.map(({ action, email, by }) => [action, email, by])).toEqual([
      ["RECIPIENT_REMOVED", "new@store.example", "SETTINGS_LINK"],
      ["RECIPIENT_CONFIRMED", "new@store.example", "CONFIRMATION_LINK"],
      ["RECIPIENT_ADDED", "never@store.example", "SETTINGS_LINK"],
      ["RECIPIENT_ADDED", "new@store.example", "SETTINGS_LINK"],
    ]);
  });

  it("mails a confirmation once a day an address, 20 a day a store, and never to a suppressed address", async () => {
    const store = randomUUID();
    await makeStores(databases.shop.db, {
      id: store,
      name: "Caps",
      listDesignerEnabled: true,
      reportRecipients: [OWNER],
    });
    const writer = await createKey(databases.shop.db, {
      storeId: store,
      name: "settings",
      scopes: ["settings:write"],
    });
    const asWriter = { authorization: `Bearer ${writer.key}` };
    const add = (email: string) =>
      stack.query(
        `mutation($id: ID!, $email: String!) { addReportRecipient(storeId: $id, email: $email) { id } }`,
        { id: store, email },
        asWriter,
      );
    const remove = (email: string) =>
      stack.query(
        `mutation($id: ID!, $email: String!) { removeReportRecipient(storeId: $id, email: $email) { id } }`,
        { id: store, email },
        asWriter,
      );
    const mailed = async () =>
      (await mailRecipientConfirmations(databases.urls.jobs, stack.workerSettings(), log)).map(
        (email) => email.to,
      );

    expect((await add("stranger@elsewhere.example")).errors).toBeUndefined();
    expect(await mailed()).toEqual(["stranger@elsewhere.example"]);
    // Asked again within the day, in other letters, or removed and asked again: nothing is sent, and the
    // answer says when another may be asked for.
    for (const again of ["stranger@elsewhere.example", "Stranger@Elsewhere.example"]) {
      const refused = await add(again);
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: "TOO_MANY_REQUESTS" },
        message: expect.stringMatching(
          /nothing was sent now\. Another may be asked for from 2026-10-27T00:00:00/,
        ),
      });
    }
    expect((await remove("stranger@elsewhere.example")).errors).toBeUndefined();
    expect((await add("stranger@elsewhere.example")).errors?.[0]?.extensions?.code).toBe("TOO_MANY_REQUESTS");
    expect(await mailed()).toEqual([]);

    // A bounced address gets nothing, a confirmation neither; nor does one suppressed while it waits.
    const bounce = (email: string, eventId: string) =>
      stack.query(`mutation($input: EmailEventInput!) { recordEmailEvent(input: $input) { suppressed } }`, {
        input: {
          eventId,
          kind: "HARD_BOUNCE",
          storeId: store,
          email,
          detail: "no such mailbox",
          occurredAt: START.toISOString(),
        },
      });
    await bounce("gone@elsewhere.example", "bounce-gone");
    const suppressed = await add("gone@elsewhere.example");
    expect(suppressed.errors?.[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
      message: /bounced/,
    });
    expect((await add("waiting@elsewhere.example")).errors).toBeUndefined();
    await bounce("waiting@elsewhere.example", "bounce-waiting");
    expect(await mailed()).toEqual([]);

    clock.advance(86_400_000);
    try {
      // A day later the stranger may be asked once more; the store as a whole, 20 addresses a day.
      expect((await add("stranger@elsewhere.example")).errors).toBeUndefined();
      for (let i = 1; i < 20; i++) expect((await add(`team${i}@store.example`)).errors).toBeUndefined();
      const over = await add("team20@store.example");
      expect(over.errors?.[0]).toMatchObject({
        extensions: { code: "TOO_MANY_REQUESTS" },
        message: expect.stringContaining("asked 20 addresses to confirm in the last day"),
      });
      expect((await mailed()).length).toBe(20);
    } finally {
      clock.advance(-86_400_000);
    }
  });

  it("honours a settings link only while its address receives the report", async () => {
    const link = await settingsLink(stack.workerSettings(), BERLIN, "colleague@store.example");
    const colleague = { authorization: `Bearer ${new URL(link).hash.replace("#token=", "")}` };
    // Not a recipient yet: the link opens nothing.
    expect(codeOf(await stack.query(SETTINGS, { id: BERLIN }, colleague))).toBe("FORBIDDEN");
    await databases.shop
      .sql`update stores set report_recipients = report_recipients || 'colleague@store.example'::text where id = ${BERLIN}`;
    expect((await stack.query(SETTINGS, { id: BERLIN }, colleague)).errors).toBeUndefined();

    // The owner removes the colleague: the colleague's link stops at once, for reading and for every change.
    const removed = await stack.query(
      `mutation($id: ID!) { removeReportRecipient(storeId: $id, email: "colleague@store.example") { reportRecipients } }`,
      { id: BERLIN },
      as(BERLIN),
    );
    expect(removed.data).toEqual({ removeReportRecipient: { reportRecipients: [OWNER] } });
    expect(codeOf(await stack.query(SETTINGS, { id: BERLIN }, colleague))).toBe("FORBIDDEN");
    for (const change of [
      `mutation($id: ID!) { addReportRecipient(storeId: $id, email: "colleague@store.example") { id } }`,
      `mutation($id: ID!) { removeReportRecipient(storeId: $id, email: "${OWNER}") { id } }`,
      `mutation($id: ID!) { setReportPaused(storeId: $id, paused: true) { id } }`,
    ])
      expect(codeOf(await stack.query(change, { id: BERLIN }, colleague)), change).toBe("FORBIDDEN");
    const { data } = await stack.query<{
      store: { reportRecipients: string[]; reportSchedule: { paused: boolean } };
    }>(SETTINGS, { id: BERLIN });
    expect(data?.store).toMatchObject({ reportRecipients: [OWNER], reportSchedule: { paused: false } });
  });

  it("refuses a confirmation link once its 7 days have passed", async () => {
    const add = `mutation($id: ID!) { addReportRecipient(storeId: $id, email: "late@store.example") { id } }`;
    await stack.query(add, { id: NEW_YORK }, as(NEW_YORK));
    const [email] = await mailRecipientConfirmations(databases.urls.jobs, stack.workerSettings(), log);
    clock.advance(7 * 86_400_000 + 1_000);
    try {
      const late = await fetch(email?.confirmLink ?? "", { method: "POST" });
      expect(late.status).toBe(410);
      const { data } = await stack.query<{ store: { reportRecipients: string[] } }>(SETTINGS, {
        id: NEW_YORK,
      });
      expect(data?.store.reportRecipients).toEqual([OWNER]);
    } finally {
      clock.advance(-(7 * 86_400_000 + 1_000));
    }
  });

  it("dispatches each store once at its own local day and hour, across a DST change, and nothing while paused", async () => {
    const schedule = `mutation($id: ID!) { setReportSchedule(storeId: $id, dayOfWeek: 5, hour: 17) { id } }`;
    const pause = `mutation($id: ID!, $paused: Boolean!) { setReportPaused(storeId: $id, paused: $paused) { id } }`;
    for (const id of [NEW_YORK, SEOUL])
      expect((await stack.query(schedule, { id }, as(id))).errors).toBeUndefined();
    expect((await stack.query(pause, { id: BERLIN, paused: true }, as(BERLIN))).errors).toBeUndefined();

    await runMigrations(databases.urls.jobs, jobsMigrations);
    const jobs = connect(databases.urls.jobs, jobsSchema, { max: 2 });
    // The queue as the dispatcher sees it: a job once enqueued stays pending (its sending is tested with
    // the real worker elsewhere); when each store and week was first enqueued is what this test reads.
    const enqueued = new Map<string, string>();
    const deps = {
      db: jobs.db,
      settings: stack.workerSettings(),
      sendJobs: async (week: string) => {
        const states = new Map<string, SendJobState>();
        for (const key of enqueued.keys())
          if (key.endsWith(`/${week}`)) states.set(key.split("/")[0] ?? "", "pending");
        return states;
      },
      enqueue: async (storeIds: string[], week: string) => {
        for (const id of storeIds) {
          const key = `${id}/${week}`;
          if (enqueued.has(key)) throw new Error(`${key} enqueued twice`);
          enqueued.set(key, clock.now().toISOString());
        }
      },
    };
    let pausedSeen = 0;
    try {
      // Every hour from Monday 2026-10-26 12:00 UTC (before any store's Friday of 2026-W44, and past
      // every Sunday of W43) to Monday 2026-11-09, as the hourly dispatcher runs.
      for (let hour = 12; hour < 14 * 24; hour++) {
        const now = new Date(START.getTime() + hour * 3_600_000);
        clock.advance(now.getTime() - clock.now().getTime());
        // Berlin's owner resumes on Wednesday 2026-11-04 12:00 UTC, then moves the report to Friday 17:00
        // the day after: 2026-W44, sent at the resume, must not go out again on that Friday.
        if (now.toISOString() === "2026-11-04T12:00:00.000Z")
          await stack.query(pause, { id: BERLIN, paused: false }, as(BERLIN));
        if (now.toISOString() === "2026-11-05T12:00:00.000Z")
          await stack.query(schedule, { id: BERLIN }, as(BERLIN));
        pausedSeen += (await dispatchWeeklyReports(deps, now)).paused;
      }
    } finally {
      clock.advance(START.getTime() - clock.now().getTime());
      await jobs.close();
    }
    const of = (id: string) =>
      Object.fromEntries(
        [...enqueued].filter(([key]) => key.startsWith(id)).map(([key, at]) => [key.split("/")[1], at]),
      );
    // New York: Friday 17:00 is 21:00Z in summer time (until 2026-11-01), 22:00Z after.
    expect(of(NEW_YORK)).toEqual({
      "2026-W43": "2026-10-30T21:00:00.000Z",
      "2026-W44": "2026-11-06T22:00:00.000Z",
    });
    // Seoul: Friday 17:00 KST is 08:00Z.
    expect(of(SEOUL)).toEqual({
      "2026-W43": "2026-10-30T08:00:00.000Z",
      "2026-W44": "2026-11-06T08:00:00.000Z",
    });
    // Berlin, paused until Wednesday of the second week: 2026-W43 never, 2026-W44 once, at the resume.
    expect(of(BERLIN)).toEqual({ "2026-W44": "2026-11-04T12:00:00.000Z" });
    expect(pausedSeen).toBe(9 * 24);
  });
});
