import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastCompletedWeek, shiftWeek, weekStart } from "../lib/week.ts";
import { buildDemoData, type DemoData, seedDemoData, stableId } from "../scripts/demo-data.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeClicks, makeStores, makeWidgets } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";
import { zonedMidnight } from "./helpers/time.ts";

const STORE_QUERY = /* GraphQL */ `
  query Store($id: ID!, $week: String) {
    store(id: $id) {
      name
      timezone
      currency
      widgets {
        id
        name
        productIds
        weeklyClicks(week: $week)
        products { id name weeklySales(week: $week) { amount currency } }
      }
    }
  }
`;

interface StoreResult {
  store: {
    name: string;
    timezone: string;
    currency: string;
    widgets: {
      id: string;
      name: string;
      productIds: string[];
      weeklyClicks: number;
      products: { id: string; name: string; weeklySales: { amount: string; currency: string } }[];
    }[];
  } | null;
}

/** The week's [start, end) instants in a timezone, computed without the database. */
function weekInstants(week: string, timeZone: string): [number, number] {
  const monday = weekStart(week);
  const next = new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  return [zonedMidnight(monday, timeZone).getTime(), zonedMidnight(next, timeZone).getTime()];
}

/** What the report must say, computed from the seeded rows in plain JavaScript, in integer cents. */
function expectedReport(data: DemoData, storeId: string, week: string) {
  const store = data.stores.find((s) => s.id === storeId);
  if (!store) throw new Error("unknown store");
  const [from, to] = weekInstants(week, store.timezone);
  const inWeek = (at: Date | undefined) => at !== undefined && at.getTime() >= from && at.getTime() < to;
  const countedOrders = new Set(
    data.orders
      .filter(
        (o) =>
          o.storeId === storeId && (o.status === "paid" || o.status === "fulfilled") && inWeek(o.placedAt),
      )
      .map((o) => o.id),
  );
  const cents = (productId: string) =>
    data.orderLines
      .filter((line) => line.productId === productId && countedOrders.has(line.orderId))
      .reduce(
        (sum, line) =>
          sum +
          line.quantity * Math.round(Number(line.unitPrice) * 100) -
          Math.round(Number(line.refundedAmount ?? 0) * 100),
        0,
      );
  const amount = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
  return data.widgets
    .filter((w) => w.storeId === storeId)
    .map((w) => ({
      id: w.id,
      weeklyClicks: data.clicks.filter((c) => c.widgetId === w.id && inWeek(c.occurredAt)).length,
      products: data.widgetProducts
        .filter((wp) => wp.widgetId === w.id)
        .sort((a, b) => a.position - b.position)
        .map((wp) => ({
          id: wp.productId,
          weeklySales: { amount: amount(cents(wp.productId)), currency: store.currency },
        })),
    }));
}

/**
 * The instant the demo data and the stack are about: Monday 00:20 in Berlin, still Sunday in New York, so
 * the last completed week differs between the demo stores' timezones.
 */
const NOW = new Date("2026-11-29T23:20:00Z");

describe("the federated graph", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const data = buildDemoData(NOW);

  beforeAll(async () => {
    databases = await freshDatabases();
    await seedDemoData(databases.shop.db, databases.review.db, data);
    stack = await startStack(databases.urls, { clock: () => NOW });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it.each(data.stores.map((s) => [s.name, s.id as string, s.timezone]))(
    "answers %s's widgets, clicks and sales for the last two weeks",
    async (_name, storeId, timeZone) => {
      const lastWeek = lastCompletedWeek(timeZone, NOW);
      for (const week of [undefined, shiftWeek(lastWeek, -1)]) {
        const result = await stack.query<StoreResult>(STORE_QUERY, { id: storeId, week });
        expect(result.errors).toBeUndefined();
        const widgets = result.data?.store?.widgets.map(({ id, weeklyClicks, products }) => ({
          id,
          weeklyClicks,
          products: products.map(({ id, weeklySales }) => ({ id, weeklySales })),
        }));
        expect(widgets).toEqual(expectedReport(data, storeId, week ?? lastWeek));
      }
    },
  );

  it.each(data.stores.map((s) => [s.name, s.id as string]))(
    "answers %s's widgets' figures asked of the store as asked of each widget",
    async (_name, storeId) => {
      const figures = "clicks impressions ctr attributedSales { amount } attributedOrders conversionRate";
      const result = await stack.query<{
        store: {
          widgets: { id: string; week: object; range: object }[];
          widgetWeeks: ({ widget: { id: string } } & object)[];
          widgetRanges: ({ widget: { id: string } } & object)[];
        };
      }>(
        `query($id: ID!) { store(id: $id) {
          widgets { id week { previousClicks ${figures} } range(from: "2026-10-01", to: "2026-11-22") { ${figures} } }
          widgetWeeks { widget { id } previousClicks ${figures} }
          widgetRanges(from: "2026-10-01", to: "2026-11-22") { widget { id } ${figures} }
        } }`,
        { id: storeId },
      );
      expect(result.errors).toBeUndefined();
      const store = result.data?.store;
      expect(store?.widgets.length).toBeGreaterThan(0);
      expect(store?.widgetWeeks).toEqual(store?.widgets.map(({ id, week }) => ({ widget: { id }, ...week })));
      expect(store?.widgetRanges).toEqual(
        store?.widgets.map(({ id, range }) => ({ widget: { id }, ...range })),
      );
    },
  );

  it("has seeded something worth checking", () => {
    const week = lastCompletedWeek("America/New_York", NOW);
    const report = expectedReport(data, stableId("store:brooklyn"), week);
    expect(report.reduce((sum, w) => sum + w.weeklyClicks, 0)).toBeGreaterThan(0);
    expect(report.flatMap((w) => w.products).some((p) => p.weeklySales.amount !== "0.00")).toBe(true);
  });

  it("answers null for an unknown store and BAD_USER_INPUT for a malformed id", async () => {
    expect((await stack.query<StoreResult>(STORE_QUERY, { id: randomUUID() })).data?.store).toBeNull();
    const bad = await stack.query(STORE_QUERY, { id: "1 or 1=1" });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("rejects a malformed week with BAD_USER_INPUT", async () => {
    const result = await stack.query(STORE_QUERY, { id: stableId("store:seoul"), week: "2026-W60" });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/no week 60/);
  });
});

describe("weeks across a DST change", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeId = randomUUID();
  const widgetId = randomUUID();

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeStores(databases.shop.db, {
      id: storeId,
      name: "DST Store",
      timezone: "America/New_York",
      listDesignerEnabled: true,
    });
    await makeWidgets(databases.review.db, { id: widgetId, storeId, name: "W" });
    // New York leaves daylight time on Sunday 2026-11-01, inside ISO week 2026-W44, which is 169 hours long:
    // it starts at 04:00Z (EDT midnight) and ends at 05:00Z (EST midnight).
    const clicks = [
      "2026-10-26T03:59:59Z", // Sunday 23:59 EDT: W43
      "2026-10-26T04:00:00Z", // Monday 00:00 EDT: W44
      "2026-11-02T04:59:59Z", // Sunday 23:59 EST: W44
      "2026-11-02T05:00:00Z", // Monday 00:00 EST: W45
      "2026-11-09T04:59:59Z", // Sunday 23:59 EST: W45
    ];
    await makeClicks(
      databases.review.db,
      ...clicks.map((at) => ({ widgetId, storeId, occurredAt: new Date(at) })),
    );
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("counts each click in the week of its local date", async () => {
    const counts: Record<string, number> = {};
    for (const week of ["2026-W43", "2026-W44", "2026-W45"]) {
      const result = await stack.query<{ widget: { weeklyClicks: number } }>(
        `query($id: ID!, $week: String) { widget(id: $id) { weeklyClicks(week: $week) } }`,
        { id: widgetId, week },
      );
      expect(result.errors).toBeUndefined();
      counts[week] = result.data?.widget.weeklyClicks ?? -1;
    }
    expect(counts).toEqual({ "2026-W43": 1, "2026-W44": 2, "2026-W45": 2 });
  });

  it("counts date ranges in the store's timezone", async () => {
    const result = await stack.query<{ widget: { clicks: number } }>(
      `query($id: ID!) { widget(id: $id) { clicks(from: "2026-11-01", to: "2026-11-02") } }`,
      { id: widgetId },
    );
    // Sunday 23:59:59 EST and Monday 00:00 EST; the Sunday before and the next Sunday fall outside.
    expect(result.data?.widget.clicks).toBe(2);
  });
});
