import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weekPeriod } from "../lib/week.ts";
import { clickCountsQuery } from "../subgraphs/review/db/queries/clicks.ts";
import {
  dropExpiredClickPartitions,
  ensureClickPartitions,
  partitionName,
  partitionWeekStart,
} from "../subgraphs/review/db/queries/partitions.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeClicks } from "./helpers/factories.ts";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Loops"?: number;
  "Actual Rows"?: number;
  Plans?: PlanNode[];
}

/** The tables a statement really read (scan nodes that ran), with the rows each gave. */
async function tablesRead(
  db: Awaited<ReturnType<typeof freshDatabases>>["review"]["db"],
  query: ReturnType<typeof clickCountsQuery>,
) {
  const [row] = await db.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    sql`explain (analyze, format json) ${query}`,
  );
  const read: Record<string, number> = {};
  const walk = (node: PlanNode) => {
    const loops = node["Actual Loops"] ?? 0;
    if (node["Relation Name"] && loops > 0)
      read[node["Relation Name"]] = (read[node["Relation Name"]] ?? 0) + (node["Actual Rows"] ?? 0) * loops;
    for (const child of node.Plans ?? []) walk(child);
  };
  walk((row as { "QUERY PLAN": [{ Plan: PlanNode }] })["QUERY PLAN"][0].Plan);
  return read;
}

describe("widget_clicks partitions", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  const widgetId = randomUUID();
  const now = new Date("2026-11-18T12:00:00Z"); // a Wednesday in 2026-W47

  beforeAll(async () => {
    databases = await freshDatabases();
    await ensureClickPartitions(databases.review.db, { now, behind: 10, ahead: 8 });
    // One click an hour for the ten weeks before `now`, spread over every partition.
    await databases.review.sql`
      insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
      select gen_random_uuid(), ${widgetId}, gen_random_uuid(), ${now.toISOString()}::timestamptz - make_interval(hours => h)
      from generate_series(1, 24 * 70) as h`;
    await databases.review.sql`analyze widget_clicks`;
  });
  afterAll(() => databases?.drop());

  it("creates weekly partitions ahead and is idempotent", async () => {
    const again = await ensureClickPartitions(databases.review.db, { now, behind: 10, ahead: 8 });
    expect(again).toEqual([]);
    const later = await ensureClickPartitions(databases.review.db, {
      now: new Date("2026-11-25T00:00:00Z"),
      ahead: 9,
    });
    expect(later).toEqual(["widget_clicks_p20270118", "widget_clicks_p20270125"]); // the window moved on by two weeks
  });

  it.each([
    ["UTC", 7, 0],
    // UTC+9: the week starts at 15:00Z on a Sunday; six whole UTC days, and 9 + 15 hours at the ends.
    ["Asia/Seoul", 6, 24],
    // UTC+5:45: the ends are quarter-hours past the hour.
    ["Asia/Kathmandu", 6, 24],
  ])(
    "counts a week in %s from the rollup alone: %i days and %i quarter-hours, no click row",
    async (zone, days, quarters) => {
      const query = clickCountsQuery([
        { widgetId, timeZone: zone, period: weekPeriod("2026-W46", zone, now) },
      ]);
      const read = await tablesRead(databases.review.db, query);
      expect(Object.keys(read).filter((table) => table.startsWith("widget_clicks"))).toEqual([]);
      expect(read).toMatchObject({ widget_click_days: days });
      // One click an hour: one quarter-hour row for each hour at the ends.
      expect(read.widget_click_quarters ?? 0).toBe(quarters);
    },
  );

  it("moves clicks that fell into the default partition into their week's new partition", async () => {
    const stray = new Date("2027-06-02T10:00:00Z");
    await makeClicks(databases.review.db, { widgetId, storeId: randomUUID(), occurredAt: stray });
    const [inDefault] = await databases.review.sql`select count(*)::int as n from widget_clicks_default`;
    expect(inDefault?.n).toBe(1);
    const created = await ensureClickPartitions(databases.review.db, { now: stray, behind: 0, ahead: 0 });
    expect(created).toEqual([partitionName(partitionWeekStart(stray))]);
    const [moved] = await databases.review.sql`select count(*)::int as n from widget_clicks_p20270531`;
    expect(moved?.n).toBe(1);
    const [left] = await databases.review.sql`select count(*)::int as n from widget_clicks_default`;
    expect(left?.n).toBe(0);
  });

  it("drops whole weeks past the retention period", async () => {
    const before = await databases.review.sql<{ n: number }[]>`select count(*)::int as n from widget_clicks`;
    const dropped = await dropExpiredClickPartitions(databases.review.db, { now, retentionWeeks: 8 });
    // 2026-W47 starts 2026-11-16; eight weeks back is 2026-09-21: the two weeks before it go.
    expect(dropped).toEqual(["widget_clicks_p20260907", "widget_clicks_p20260914"]);
    const after = await databases.review.sql<{ n: number }[]>`select count(*)::int as n from widget_clicks`;
    expect((before[0]?.n ?? 0) - (after[0]?.n ?? 0)).toBeGreaterThan(0);
    const [oldest] = await databases.review.sql`select min(occurred_at) as at from widget_clicks`;
    expect(new Date(oldest?.at as string).getTime()).toBeGreaterThanOrEqual(
      Date.parse("2026-09-21T00:00:00Z"),
    );
  });
});
