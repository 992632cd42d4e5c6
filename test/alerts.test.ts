import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAlerts } from "../jobs/alerts.ts";
import { jobsMigrations, schema as jobsSchema } from "../jobs/db/index.ts";
import { alerts, deliveries, slackMessages } from "../jobs/db/schema.ts";
import { sendWeeklyReports } from "../jobs/page-send.ts";
import { SlackSender } from "../jobs/slack-sender.ts";
import { createLogger } from "../lib/logger.ts";
import { connect, ensureDatabase, runMigrations } from "../lib/runtime/database.ts";
import { startSlackStandIn } from "../scripts/dev/slack-stand-in.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeStores } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

/** Tuesday 2026-12-01 10:20 UTC (11:20 in Berlin): the check reads up to 10:00. */
const NOW = new Date("2026-12-01T10:20:00Z");
const UNTIL = new Date("2026-12-01T10:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const QUARTER = HOUR / 4;
/** The windows the check compares: the 24 hours before UNTIL (k = 0), then the same hours k weeks before. */
const WINDOWS = Array.from({ length: 9 }, (_, k) => ({
  k,
  from: new Date(UNTIL.getTime() - k * 7 * DAY - DAY),
  to: new Date(UNTIL.getTime() - k * 7 * DAY),
}));
const WEBHOOK = "https://hooks.slack.com/services/T0ABC123/B0DEF456/s3cretW3bhookXYZ9";
const log = createLogger("test", "silent");

describe("alerts", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
  let jobs: [ReturnType<typeof connect<typeof jobsSchema>>, ReturnType<typeof connect<typeof jobsSchema>>];
  const clock = movableClock(NOW);
  /** Where the stand-in keeps what it took, as `npm start`'s does. */
  const slackDir = join(tmpdir(), `ldi-slack-${randomBytes(4).toString("hex")}`);
  const ids = { busy: "", small: "", stopped: "", many: "", credits: "" };
  const widgets = { busy: "", stopped: "", credited: "" };

  /**
   * A widget's events straight into the rollups the check reads (what weeks of click rows would leave
   * there, without writing them): `clicks` and `views` per quarter-hour in [from, to).
   */
  async function events(widgetId: string, from: Date, to: Date, clicks: number, views: number) {
    const review = databases.review.sql;
    const series = review`select generate_series(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz - interval '15 minutes', interval '15 minutes') as bucket`;
    if (clicks > 0)
      await review`insert into widget_click_quarters (widget_id, bucket, clicks)
        select ${widgetId}, bucket, ${clicks} from (${series}) s
        on conflict (widget_id, bucket) do update set clicks = excluded.clicks`;
    if (views > 0)
      await review`insert into widget_impressions (widget_id, bucket, impressions)
        select ${widgetId}, bucket, ${views} from (${series}) s
        on conflict (widget_id, bucket) do update set impressions = excluded.impressions`;
  }

  /** A busy widget's 2 clicks and 50 views a quarter-hour in each window, then half the clicks in the last. */
  async function halvedWidget(widgetId: string) {
    for (const { k, from, to } of WINDOWS) await events(widgetId, from, to, k === 0 ? 1 : 2, 50);
  }

  beforeAll(async () => {
    databases = await freshDatabases();
    slack = await startSlackStandIn({ dir: slackDir });
    const recipients = (name: string) => [`owner@${name}.example`];
    const [busy, small, stopped, many, credits] = await makeStores(
      databases.shop.db,
      {
        name: "Busy Goods",
        timezone: "Europe/Berlin",
        listDesignerEnabled: true,
        reportRecipients: [...recipients("busy"), "team@busy.example"],
      },
      {
        name: "Small Goods",
        timezone: "Europe/Berlin",
        listDesignerEnabled: true,
        reportRecipients: recipients("small"),
      },
      {
        name: "Quiet Tag",
        timezone: "Asia/Seoul",
        locale: "ko",
        currency: "KRW",
        listDesignerEnabled: true,
        reportRecipients: recipients("quiet"),
      },
      {
        name: "Many Widgets",
        timezone: "America/New_York",
        listDesignerEnabled: true,
        reportRecipients: recipients("many"),
      },
      {
        name: "Steady Clicks",
        timezone: "Europe/Berlin",
        listDesignerEnabled: true,
        reportRecipients: recipients("credits"),
      },
    );
    if (!busy || !small || !stopped || !many || !credits) throw new Error("stores not made");
    Object.assign(ids, {
      busy: busy.id,
      small: small.id,
      stopped: stopped.id,
      many: many.id,
      credits: credits.id,
    });
    const review = databases.review.db;
    widgets.busy = (await makeCatalogue(review, busy.id, [{}])).widget.id;
    await halvedWidget(widgets.busy);
    // 5 clicks a day, then 2: the same fall, on a widget too small to page anyone about.
    const smallWidget = (await makeCatalogue(review, small.id, [{}])).widget.id;
    for (const { k, from, to } of WINDOWS) {
      await events(smallWidget, from, to, 0, 20);
      await events(smallWidget, from, new Date(from.getTime() + (k === 0 ? 2 : 5) * QUARTER), 1, 0);
    }
    // A tracker that recorded views every day and went silent 7 hours ago.
    widgets.stopped = (await makeCatalogue(review, stopped.id, [{}])).widget.id;
    await events(
      widgets.stopped,
      new Date(UNTIL.getTime() - 15 * DAY),
      new Date(UNTIL.getTime() - 7 * HOUR),
      0,
      10,
    );
    for (const name of ["A", "B", "C"])
      await halvedWidget((await makeCatalogue(review, many.id, [{}], { name: `Widget ${name}` })).widget.id);
    // Steady clicks, and sales credited to them that halved: 4 orders of 50.00 an hour in each window, 2 in
    // the last.
    const credited = await makeCatalogue(review, credits.id, [{}]);
    widgets.credited = credited.widget.id;
    for (const { k, from, to } of WINDOWS) {
      await events(credited.widget.id, from, to, 2, 50);
      // Set-based: 96 orders a window.
      await databases.shop.sql`
        with placed as (
          insert into orders (store_id, status, placed_at)
          select ${credits.id}, 'paid', at
          from generate_series(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz - interval '1 minute',
            ${k === 0 ? "30 minutes" : "15 minutes"}::interval) at
          returning id)
        insert into order_lines (order_id, product_id, quantity, unit_price, credited_widget_id)
        select id, ${credited.products[0]?.id ?? ""}, 1, 50.00, ${credited.widget.id} from placed`;
    }
    stack = await startStack(databases.urls, { clock: clock.now });
    const url = await ensureDatabase(databases.urls.jobs, `t_alerts_${randomBytes(4).toString("hex")}`);
    await runMigrations(url, jobsMigrations);
    // Two workers' pools on one jobs database.
    jobs = [connect(url, jobsSchema, { max: 2 }), connect(url, jobsSchema, { max: 2 })];
  });
  afterAll(async () => {
    await Promise.all(jobs?.map((pool) => pool.close()) ?? []);
    await stack?.close();
    await slack?.close();
    await databases?.drop();
  });

  const settings = () => stack.workerSettings();
  const db = () => jobs[0].db;
  const asOwner = async (storeId: string) => ({
    authorization: `Bearer ${await stack.token({ kind: "store", storeId })}`,
  });
  const setDestinations = async (
    storeId: string,
    input: Record<string, unknown>,
    headers?: Record<string, string>,
  ) =>
    stack.query<{
      setAlertDestinations: {
        alertDestinations: {
          email: boolean;
          slack: { hint: string; pausedAt: string | null; pausedReason: string | null } | null;
        };
      };
    }>(
      /* GraphQL */ `mutation($storeId: ID!, $input: AlertDestinationsInput!) {
        setAlertDestinations(storeId: $storeId, input: $input) {
          alertDestinations { email slack { hint reports pausedAt pausedReason } }
        }
      }`,
      { storeId, input },
      headers ?? (await asOwner(storeId)),
    );

  it("take a Slack webhook only from hooks.slack.com, from the owner, and show it only as a hint", async () => {
    const bad = await setDestinations(ids.busy, {
      slackWebhookUrl: "http://hooks.slack.com.evil.example/services/T1/B1/x",
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const link = await stack.token({
      kind: "store",
      storeId: ids.busy,
      link: { purpose: "settings", email: "owner@busy.example" },
    });
    const byLink = await setDestinations(
      ids.busy,
      { slackWebhookUrl: WEBHOOK },
      { authorization: `Bearer ${link}` },
    );
    expect(byLink.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const set = await setDestinations(ids.busy, { slackWebhookUrl: WEBHOOK, slackReports: true });
    expect(set.errors).toBeUndefined();
    const slackShown = set.data?.setAlertDestinations.alertDestinations.slack;
    expect(slackShown?.hint).toBe("https://hooks.slack.com/services/T0ABC123/B0DEF456/…XYZ9");
    expect(JSON.stringify(set.data)).not.toContain("s3cret");
    const stored = await databases.shop.sql<
      { slack_webhook: string }[]
    >`select slack_webhook from stores where id = ${ids.busy}`;
    expect(stored[0]?.slack_webhook).not.toContain("s3cret");
    // The webhook in the clear is the worker's alerts scope's alone.
    const asStore = await stack.query(
      `query($id: ID!) { store(id: $id) { slackDelivery { url } } }`,
      { id: ids.busy },
      await asOwner(ids.busy),
    );
    expect(asStore.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("alert once on a busy widget's halved clicks and a stopped tracker, not on a small widget, two workers at once", async () => {
    const [first, second] = await Promise.all(
      jobs.map((pool) => checkAlerts({ db: pool.db, settings: settings(), log }, NOW)),
    );
    expect((first?.sent ?? 0) + (second?.sent ?? 0)).toBe(5);
    // Each worker found the third over the cap.
    expect([first?.capped, second?.capped]).toEqual([1, 1]);
    const recorded = await db().select().from(alerts);
    const byStore = (storeId: string) => recorded.filter((row) => row.storeId === storeId);
    expect(byStore(ids.busy).map((row) => row.key)).toEqual([`change:${widgets.busy}:2026-12-01`]);
    expect(byStore(ids.small)).toEqual([]);
    const [creditsAlert] = byStore(ids.credits);
    expect(creditsAlert?.key).toBe(`change:${widgets.credited}:2026-12-01`);
    expect((creditsAlert?.detail as { changes: { metric: string }[] } | undefined)?.changes).toEqual([
      expect.objectContaining({ metric: "creditedSales", current: 2_400, baseline: 4_800 }),
    ]);
    expect(byStore(ids.stopped).map((row) => row.kind)).toEqual(["tracking-stopped"]);
    // Three halved widgets: two alerts a day, the most unusual first.
    expect(byStore(ids.many)).toHaveLength(2);
    const busyMail = await db()
      .select()
      .from(deliveries)
      .where(like(deliveries.mailing, `alert:change:${widgets.busy}:%`));
    expect(busyMail.map((row) => row.recipient).sort()).toEqual(["owner@busy.example", "team@busy.example"]);
    const text = busyMail[0]?.email?.text ?? "";
    expect(busyMail[0]?.email?.subject).toBe("Busy Goods: Best sellers: clicks fell 50%");
    expect(text).toContain("96 clicks in the last 24 hours; usually 192");
    const stoppedMail = await db()
      .select()
      .from(deliveries)
      .where(like(deliveries.mailing, "alert:tracking-stopped:%"));
    expect(stoppedMail.map((row) => row.email?.subject)).toEqual(["Quiet Tag: 위젯 기록이 멈췄습니다"]);
    expect(await db().select().from(slackMessages)).toHaveLength(1);

    // An hour later the same windows still read the same: nothing new is sent.
    expect(
      (await checkAlerts({ db: db(), settings: settings(), log }, new Date(NOW.getTime() + HOUR))).sent,
    ).toBe(0);
  });

  it("tell once that a stopped tracker records again", async () => {
    clock.advance(2 * HOUR);
    await events(
      widgets.stopped,
      new Date(UNTIL.getTime() + HOUR),
      new Date(UNTIL.getTime() + 2 * HOUR),
      0,
      10,
    );
    const back = await checkAlerts({ db: db(), settings: settings(), log }, clock.now());
    expect(back.sent).toBe(1);
    clock.advance(HOUR);
    expect((await checkAlerts({ db: db(), settings: settings(), log }, clock.now())).sent).toBe(0);
    const kinds = await db()
      .select({ kind: alerts.kind })
      .from(alerts)
      .where(eq(alerts.storeId, ids.stopped));
    expect(kinds.map((row) => row.kind).sort()).toEqual(["tracking-back", "tracking-stopped"]);
  });

  it("post valid Block Kit to the store's Slack, and pause the webhook Slack answers 410 for", async () => {
    const sender = () =>
      new SlackSender({
        db: db(),
        settings: { ...settings(), scopes: ["reports:read", "alerts"] },
        slackBaseUrl: slack.url,
        log,
      });
    expect(await sender().drain()).toBe(1);
    expect(slack.received).toHaveLength(1);
    const [message] = slack.received;
    expect(message?.path).toBe("/services/T0ABC123/B0DEF456/s3cretW3bhookXYZ9");
    expect(message?.payload.text).toBe("Busy Goods: Best sellers: clicks fell 50%");
    // Kept as a file named by the channel's ids: the webhook's secret in neither name nor content.
    const [file] = await readdir(slackDir);
    expect(file).toMatch(/-T0ABC123-B0DEF456\.json$/);
    expect(await readFile(join(slackDir, file ?? ""), "utf8")).not.toContain("s3cret");
    expect(message?.payload.blocks.map((block) => block.type)).toEqual([
      "header",
      "section",
      "section",
      "context",
      "actions",
    ]);

    // The owner archived the channel: the weekly summary meets 410 and the webhook is paused, once.
    slack.refuse.set(message?.path ?? "", { status: 410, body: "channel_is_archived" });
    await sendWeeklyReports(
      { db: db(), settings: settings() },
      { storeIds: [ids.busy], week: "2026-W48" },
      { lastAttempt: false },
    );
    expect(await sender().drain()).toBe(0);
    expect(slack.refused).toEqual([{ path: message?.path, status: 410 }]);
    const [weekly] = await db()
      .select()
      .from(slackMessages)
      .where(and(eq(slackMessages.storeId, ids.busy), eq(slackMessages.key, "report:2026-W48")));
    expect(weekly?.status).toBe("failed");
    const shown = await stack.query<{
      store: { alertDestinations: { slack: { pausedAt: string | null; pausedReason: string } } };
    }>(
      `query($id: ID!) { store(id: $id) { alertDestinations { slack { pausedAt pausedReason } } } }`,
      { id: ids.busy },
      await asOwner(ids.busy),
    );
    expect(shown.data?.store.alertDestinations.slack.pausedAt).toBeTruthy();
    expect(shown.data?.store.alertDestinations.slack.pausedReason).toBe(
      "Slack answered 410 channel_is_archived",
    );

    // A new webhook lifts the pause.
    const again = await setDestinations(ids.busy, {
      slackWebhookUrl: "https://hooks.slack.com/services/T0ABC123/B0NEW789/an0therSecret1",
    });
    expect(again.data?.setAlertDestinations.alertDestinations.slack?.pausedAt).toBeNull();
  });
});
