import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rangePeriod, weekPeriod } from "../lib/week.ts";
import { clickCounts } from "../subgraphs/review/db/queries/clicks.ts";
import {
  dropExpiredClickPartitions,
  ensureClickPartitions,
} from "../subgraphs/review/db/queries/partitions.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeWidgets } from "./helpers/factories.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";
import { movableClock, zonedMidnight } from "./helpers/time.ts";

const RECORD_CLICK = /* GraphQL */ `
  mutation Record($input: RecordClickInput!) {
    recordClick(input: $input) { accepted duplicate }
  }
`;
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

/** Whole-hour, half-hour, quarter-hour and +13:45 offsets, and a zone whose DST ends inside the weeks read. */
const ZONES = ["UTC", "Asia/Seoul", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "America/New_York"];

describe("the click rollup", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeId = randomUUID();
  const widgets = [randomUUID(), randomUUID()];
  /** Wednesday of 2026-W47; the clicks below fall in the ten weeks before it. */
  const now = new Date("2026-11-18T12:00:00Z");
  const clock = movableClock(new Date("2026-11-09T23:50:00Z"));

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeWidgets(
      databases.review.db,
      { id: widgets[0] as string, storeId, name: "A" },
      { id: widgets[1] as string, storeId, name: "B" },
    );
    await ensureClickPartitions(databases.review.db, { now, behind: 10, ahead: 1 });
    stack = await startStack(databases.urls, { clock: clock.now });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  /** Rollup rows that differ from a count of the raw rows, at both levels (none, when they agree). */
  const disagreements = async () => {
    const [row] = await databases.review.sql<{ quarters: number; days: number; clicks: number }[]>`
      with raw_quarters as (
        select widget_id, date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00Z') as bucket, count(*)::int as clicks
        from widget_clicks group by 1, 2),
      raw_days as (
        select widget_id, date_bin('24 hours', occurred_at, timestamptz '2000-01-01 00:00Z') as bucket, count(*)::int as clicks
        from widget_clicks group by 1, 2),
      quarters as (select widget_id, bucket, clicks from widget_click_quarters where clicks <> 0),
      days as (select widget_id, bucket, clicks from widget_click_days where clicks <> 0)
      select
        (select count(*)::int from ((select * from raw_quarters except select * from quarters)
                                    union all (select * from quarters except select * from raw_quarters)) d) as quarters,
        (select count(*)::int from ((select * from raw_days except select * from days)
                                    union all (select * from days except select * from raw_days)) d) as days,
        (select count(*)::int from widget_clicks) as clicks`;
    return row;
  };

  it("equals the raw rows after retries, duplicate ids, bots and repeat visitors through the gateway", async () => {
    let counted = 0;
    // Around midnight UTC, so clicks land on both sides of a day boundary and in many quarter-hours.
    for (let step = 0; step < 12; step++) {
      clock.advance(7 * 60_000);
      for (const widgetId of widgets) {
        const visitor = newVisitor();
        const input = { widgetId, clickId: randomUUID() };
        // The same click three times at once (retries), then once more later (a late retry).
        const answers = await Promise.all(
          [1, 2, 3].map(() =>
            stack.query<{ recordClick: { accepted: boolean } }>(RECORD_CLICK, { input }, visitor),
          ),
        );
        expect(answers.every((answer) => answer.data?.recordClick.accepted)).toBe(true);
        await stack.query(RECORD_CLICK, { input }, visitor);
        // The same visitor again within the repeat window: answered, not counted.
        await stack.query(RECORD_CLICK, { input: { widgetId, clickId: randomUUID() } }, visitor);
        // A bot: answered, never written.
        await stack.query(
          RECORD_CLICK,
          { input: { widgetId, clickId: randomUUID() } },
          { "user-agent": GOOGLEBOT, authorization: "" },
        );
        counted++;
      }
    }
    expect(await disagreements()).toEqual({ quarters: 0, days: 0, clicks: counted });
  });

  it("counts every timezone's weeks and ranges exactly as the raw rows do", async () => {
    // 3,000 clicks at random instants over ten weeks, written straight into the table: the trigger keeps
    // the rollup whoever writes.
    await databases.review.sql`
      insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
      select gen_random_uuid(), (${widgets}::uuid[])[1 + n % 2], ${storeId},
             ${now.toISOString()}::timestamptz - random() * interval '70 days'
      from generate_series(1, 3000) n`;
    expect(await disagreements()).toMatchObject({ quarters: 0, days: 0 });

    const requests = ZONES.flatMap((timeZone) => [
      ...["2026-W40", "2026-W43", "2026-W44", "2026-W45", "2026-W46"].map((week) => ({
        timeZone,
        period: weekPeriod(week, timeZone, now),
      })),
      { timeZone, period: rangePeriod("2026-10-30", "2026-10-30", timeZone, now) },
      { timeZone, period: rangePeriod("2026-09-20", "2026-11-16", timeZone, now) },
    ]).flatMap((request) => widgets.map((widgetId) => ({ ...request, widgetId })));
    const fromRollup = await clickCounts(databases.review.db, requests);

    const raw = await Promise.all(
      requests.map(async ({ widgetId, timeZone, period }) => {
        // The period's bounds found by Intl alone, independently of the SQL that reads the rollup.
        const from = zonedMidnight(period.start, timeZone);
        const end = new Date(`${period.start}T00:00:00Z`);
        end.setUTCDate(end.getUTCDate() + period.days);
        const to = zonedMidnight(end.toISOString().slice(0, 10), timeZone);
        const [row] = await databases.review.sql<{ n: number }[]>`
          select count(*)::int as n from widget_clicks
          where widget_id = ${widgetId} and occurred_at >= ${from.toISOString()} and occurred_at < ${to.toISOString()}`;
        return row?.n;
      }),
    );
    expect(fromRollup).toEqual(raw);
    expect(raw.some((n) => (n ?? 0) > 100)).toBe(true);
  });

  it("still equals the raw rows once expired partitions are dropped", async () => {
    const dropped = await dropExpiredClickPartitions(databases.review.db, { now, retentionWeeks: 6 });
    expect(dropped.length).toBeGreaterThan(0);
    const after = await disagreements();
    expect(after).toMatchObject({ quarters: 0, days: 0 });
    const [oldest] = await databases.review.sql<{ at: Date }[]>`
      select least((select min(bucket) from widget_click_quarters), (select min(bucket) from widget_click_days)) as at`;
    expect(new Date(oldest?.at as Date).getTime()).toBeGreaterThanOrEqual(Date.parse("2026-10-05T00:00:00Z"));
  });
});
