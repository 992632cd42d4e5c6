import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabases } from "./helpers/databases.ts";
import { makeClicks, makeStores, makeWidgets } from "./helpers/factories.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordImpressionsInput!) {
    recordImpressions(input: $input) { results { impressionId accepted duplicate refused } }
  }
`;

interface Results {
  recordImpressions: {
    results: { impressionId: string; accepted: boolean; duplicate: boolean; refused: string | null }[];
  };
}

/** Wednesday of 2026-W47: impressions are stamped with the stack's clock. */
const NOW = new Date("2026-11-18T12:00:00Z");

describe("recordImpressions through the gateway", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeId = randomUUID();
  const [active, other, inactive, capped] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  /** Everything an impression can write; the rollup's day level always holds what its quarter-hours do. */
  const footprint = async () => {
    const [row] = await databases.review.sql<{ ids: number; counted: number; days: number }[]>`
      select (select count(*)::int from impression_ids) as ids,
             (select coalesce(sum(impressions), 0)::int from widget_impressions) as counted,
             (select coalesce(sum(impressions), 0)::int from widget_impression_days) as days`;
    expect(row?.days).toBe(row?.counted);
    return { ids: row?.ids, counted: row?.counted };
  };
  const batch = (widgetId: string, size: number) =>
    Array.from({ length: size }, () => ({ widgetId, impressionId: randomUUID() }));

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeStores(databases.shop.db, {
      id: storeId,
      name: "Impressions",
      timezone: "Europe/Berlin",
      currency: "EUR",
    });
    await makeWidgets(
      databases.review.db,
      { id: active, storeId, name: "Seen" },
      { id: other, storeId, name: "Also seen" },
      { id: inactive, storeId, name: "Off", active: false },
      { id: capped, storeId, name: "Capped" },
    );
    stack = await startStack(databases.urls, { clock: () => NOW });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("counts each impression of a batch once, however often 50 retries of it arrive at the same time", async () => {
    const before = await footprint();
    const impressions = [...batch(active, 6), ...batch(other, 4)];
    const headers = newVisitor();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => stack.query<Results>(RECORD, { input: { impressions } }, headers)),
    );
    const results = answers.flatMap((a) => a.data?.recordImpressions.results ?? []);
    expect(results).toHaveLength(500);
    expect(results.every((r) => r.accepted && r.refused === null)).toBe(true);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(10); // each id new exactly once
    expect(await footprint()).toEqual({ ids: (before?.ids ?? 0) + 10, counted: (before?.counted ?? 0) + 10 });
  });

  it("refuses an unknown or inactive widget for that impression only", async () => {
    const before = await footprint();
    const impressions = [
      { widgetId: active, impressionId: randomUUID() },
      { widgetId: inactive, impressionId: randomUUID() },
      { widgetId: randomUUID(), impressionId: randomUUID() },
    ];
    const answer = await stack.query<Results>(RECORD, { input: { impressions } }, newVisitor());
    expect(answer.data?.recordImpressions.results.map((r) => [r.accepted, r.refused])).toEqual([
      [true, null],
      [false, "UNKNOWN_WIDGET"],
      [false, "UNKNOWN_WIDGET"],
    ]);
    expect(await footprint()).toEqual({ ids: (before?.ids ?? 0) + 1, counted: (before?.counted ?? 0) + 1 });
  });

  it.each([
    ["51 impressions", { impressions: batch(randomUUID(), 51) }, /At most 50 impressions/],
    [
      "a malformed impression id beside good ones",
      { impressions: [...batch(randomUUID(), 3), { widgetId: randomUUID(), impressionId: "1 or 1=1" }] },
      /impressions\[3\]\.impressionId/,
    ],
    ["a malformed widget id", { impressions: [{ widgetId: "x", impressionId: randomUUID() }] }, /widgetId/],
  ])("refuses %s whole, with BAD_USER_INPUT, and writes nothing", async (_what, input, message) => {
    const before = await footprint();
    const answer = await stack.query(RECORD, { input }, newVisitor());
    expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(answer.errors?.[0]?.message).toMatch(message);
    expect(await footprint()).toEqual(before);
  });

  it("does not count a bot's impressions", async () => {
    const before = await footprint();
    const answer = await stack.query<Results>(
      RECORD,
      { input: { impressions: batch(active, 3) } },
      { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
    );
    expect(answer.data?.recordImpressions.results.map((r) => r.refused)).toEqual(["BOT", "BOT", "BOT"]);
    expect(await footprint()).toEqual(before);
  });

  it("reports the week's impressions per widget and the click-through rate of the top widgets", async () => {
    // 3 clicks on the first widget this week; its impressions are those recorded above (6 + 1).
    const click = { widgetId: active, storeId, occurredAt: new Date("2026-11-17T10:00:00Z") };
    await makeClicks(databases.review.db, click, click, click);
    const result = await stack.query<{
      widget: { weeklyImpressions: number; impressions: number; before: number };
      store: { topWidgets: { clicks: number; impressions: number; ctr: number | null }[] };
    }>(
      `query($w: ID!, $s: ID!) {
        widget(id: $w) { weeklyImpressions(week: "2026-W47") impressions(from: "2026-11-18", to: "2026-11-18")
                         before: weeklyImpressions(week: "2026-W46") }
        store(id: $s) { topWidgets(week: "2026-W47") { clicks impressions ctr } } }`,
      { w: active, s: storeId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.widget).toEqual({ weeklyImpressions: 7, impressions: 7, before: 0 });
    expect(result.data?.store.topWidgets).toEqual([{ clicks: 3, impressions: 7, ctr: 3 / 7 }]);
  });

  it("counts at most 50 impressions of one address on a widget per window, whatever its user agents, and keeps no id of the rest", async () => {
    const before = await footprint();
    const first = await stack.query<Results>(
      RECORD,
      { input: { impressions: batch(capped, 50) } },
      newVisitor(),
    );
    const second = await stack.query<Results>(
      RECORD,
      { input: { impressions: batch(capped, 10) } },
      newVisitor(),
    );
    expect(first.data?.recordImpressions.results.every((r) => r.accepted)).toBe(true);
    expect(second.data?.recordImpressions.results.map((r) => r.refused)).toEqual(
      Array(10).fill("ADDRESS_LIMIT"),
    );
    expect(await footprint()).toEqual({ ids: (before.ids ?? 0) + 50, counted: (before.counted ?? 0) + 50 });
    // A retry of a counted impression is still answered as counted.
    const retry = await stack.query<Results>(
      RECORD,
      {
        input: {
          impressions: [first.data?.recordImpressions.results[0]].map((r) => ({
            widgetId: capped,
            impressionId: r?.impressionId,
          })),
        },
      },
      newVisitor(),
    );
    expect(retry.data?.recordImpressions.results[0]).toMatchObject({ accepted: true, duplicate: true });
  });

  it("refuses a request that repeats recordImpressions under aliases, writing nothing", async () => {
    const before = await footprint();
    const aliases = Array.from(
      { length: 18 },
      (_, i) => `a${i}: recordImpressions(input: $input${i}) { results { accepted } }`,
    );
    const variables = Object.fromEntries(
      Array.from({ length: 18 }, (_, i) => [`input${i}`, { impressions: batch(other, 50) }]),
    );
    const definitions = Array.from({ length: 18 }, (_, i) => `$input${i}: RecordImpressionsInput!`).join(
      ", ",
    );
    const answer = await stack.query(
      `mutation(${definitions}) { ${aliases.join(" ")} }`,
      variables,
      newVisitor(),
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]).toMatchObject({
      message: "`recordImpressions` may be called once per operation",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    expect(await footprint()).toEqual(before);
  });
});
