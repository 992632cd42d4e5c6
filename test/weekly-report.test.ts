import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeeklyReportDocument, WeeklyReportsDocument } from "../jobs/generated/operations.ts";
import type { NewOrder } from "../subgraphs/shop/db/schema.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeClicks, makeOrder, makeStores } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";

const REPORT = WeeklyReportDocument.toString();

interface Report {
  store: {
    name: string;
    timezone: string;
    locale: string;
    currency: string;
    reportRecipients: string[];
    topWidgets: { widget: { id: string; name: string }; clicks: number; previousClicks: number }[];
    topProducts: {
      product: { id: string; name: string };
      sales: { amount: string; currency: string };
      previousSales: { amount: string; currency: string };
      unitsSold: number;
    }[];
  } | null;
}

/** Ids that sort in the order of their last digits, so expected tie-breaks are easy to read. */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

// New York, 2026-W45 runs from Monday 2026-11-02 00:00 EST (05:00Z) to Monday 2026-11-09 00:00 EST.
// Daylight time ended on Sunday 2026-11-01, so W44 (the week before) began at 04:00Z, in EDT.
const NY = id(1);
const EMPTY = id(2);
const W1 = id(11); // active: P1, P2
const W2 = id(12); // active: P2, P3, P6
const W3 = id(13); // inactive: P4
const W4 = id(14); // active, never clicked
const [P1, P2, P3, P4, P5, P6] = [id(21), id(22), id(23), id(24), id(25), id(26)];

describe("the weekly report query", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    databases = await freshDatabases();
    const review = databases.review.sql;
    await makeStores(
      databases.shop.db,
      {
        id: NY,
        name: "Brooklyn Goods",
        timezone: "America/New_York",
        listDesignerEnabled: true,
        reportRecipients: ["owner@ny.example"],
      },
      {
        id: EMPTY,
        name: "Quiet Seoul",
        timezone: "Asia/Seoul",
        locale: "ko",
        currency: "KRW",
        listDesignerEnabled: true,
      },
    );
    const products = [P1, P2, P3, P4, P5, P6].map((p, i) => ({
      id: p,
      store_id: NY,
      name: `Product ${i + 1}`,
    }));
    // Raw: a product shown by two widgets (P2) and one shown by none (P5), which makeCatalogue (one widget
    // showing its own products) cannot say.
    await review`insert into products ${review(products)}`;
    await review`insert into products (id, store_id, name) values (${id(31)}, ${EMPTY}, 'Quiet product')`;
    await review`insert into widgets (id, store_id, name, active) values
      (${W1}, ${NY}, 'Best sellers', true), (${W2}, ${NY}, 'New arrivals', true),
      (${W3}, ${NY}, 'Retired', false), (${W4}, ${NY}, 'Unseen', true), (${id(32)}, ${EMPTY}, 'Quiet widget', true)`;
    await review`insert into widget_products (widget_id, product_id, position) values
      (${W1}, ${P1}, 0), (${W1}, ${P2}, 1), (${W2}, ${P2}, 0), (${W2}, ${P3}, 1), (${W2}, ${P6}, 2),
      (${W3}, ${P4}, 0), (${id(32)}, ${id(31)}, 0)`;

    const clicks: [string, string][] = [
      [W1, "2026-11-02T05:00:00Z"], // Monday 00:00 EST: W45
      [W1, "2026-11-05T12:00:00Z"],
      [W1, "2026-11-09T04:59:59Z"], // Sunday 23:59:59 EST: W45
      [W2, "2026-11-03T12:00:00Z"],
      [W2, "2026-11-04T12:00:00Z"],
      [W2, "2026-11-06T12:00:00Z"], // W2 ties W1 at 3: the lower id (W1) goes first
      [W3, "2026-11-03T15:00:00Z"], // clicked before it was switched off: still counted
      [W1, "2026-10-26T04:00:00Z"], // Monday 00:00 EDT: W44
      [W1, "2026-11-02T04:59:59Z"], // Sunday 23:59:59 EST: W44
      [W2, "2026-10-26T03:59:59Z"], // Sunday 23:59:59 EDT: W43, in neither week
      [W2, "2026-11-09T05:00:00Z"], // Monday 00:00 EST: W46
    ];
    await makeClicks(
      databases.review.db,
      ...clicks.map(([widgetId, at]) => ({ widgetId, storeId: NY, occurredAt: new Date(at) })),
    );

    const orders: [string, NewOrder["status"], string, [string, number, string][]][] = [
      // id, status, placed at, lines (product, quantity, unit price)
      [
        id(41),
        "paid",
        "2026-11-02T05:00:00Z",
        [
          [P1, 2, "10.00"],
          [P5, 10, "100.00"],
        ],
      ], // P5 is in no widget
      [
        id(42),
        "fulfilled",
        "2026-11-09T04:59:59Z",
        [
          [P2, 1, "19.99"],
          [P3, 4, "5.00"],
        ],
      ],
      [id(43), "cancelled", "2026-11-04T12:00:00Z", [[P3, 100, "5.00"]]],
      [id(44), "refunded", "2026-11-04T12:00:00Z", [[P1, 100, "10.00"]]],
      [id(45), "paid", "2026-11-02T04:59:59Z", [[P2, 2, "19.99"]]], // W44
      [id(46), "paid", "2026-11-09T05:00:00Z", [[P1, 1, "10.00"]]], // W46
      [
        id(47),
        "paid",
        "2026-11-05T12:00:00Z",
        [
          [P4, 5, "50.00"],
          [P6, 1, "19.99"],
        ],
      ], // P4: inactive widget only
    ];
    for (const [orderId, status, at, lines] of orders)
      await makeOrder(
        databases.shop.db,
        { id: orderId, storeId: NY, status, placedAt: new Date(at) },
        ...lines.map(([productId, quantity, unitPrice]) => ({ productId, quantity, unitPrice })),
      );
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("answers a DST week with hand-computed clicks, sales, ties and exclusions", async () => {
    const result = await stack.query<Report>(REPORT, { storeId: NY, week: "2026-W45" });
    expect(result.errors).toBeUndefined();
    expect(result.data?.store).toEqual({
      id: NY,
      name: "Brooklyn Goods",
      timezone: "America/New_York",
      locale: "en",
      currency: "USD",
      reportRecipients: ["owner@ny.example"],
      alertDestinations: { slack: null },
      widgetProductIds: [P1, P2, P3, P6],
      // W44 then W45. Clicks: every widget's, the inactive one's included (W45: 3 + 3 + 1; W44: W1's 2).
      clickSeries: [{ clicks: 2 }, { clicks: 7 }],
      // Sales of the widget products P1, P2, P3, P6 (W45: 20.00 + 19.99 + 20.00 + 19.99 in 8 units; W44:
      // P2's Sunday order), never P4 (inactive widget only) or P5 (no widget).
      // No order line here claims a click: nothing is credited (test/orders.test.ts credits some).
      salesSeries: [
        {
          sales: { amount: "39.98" },
          unitsSold: 2,
          attributedSales: { amount: "0.00" },
          attributedOrders: 0,
        },
        {
          sales: { amount: "79.98" },
          unitsSold: 8,
          attributedSales: { amount: "0.00" },
          attributedOrders: 0,
        },
      ],
      topWidgets: [
        // No impressions recorded in this fixture: no click-through rate.
        ...[
          {
            widget: { id: W1, name: "Best sellers" },
            clicks: 3,
            previousClicks: 2,
            impressions: 0,
            ctr: null,
          },
          {
            widget: { id: W2, name: "New arrivals" },
            clicks: 3,
            previousClicks: 0,
            impressions: 0,
            ctr: null,
          },
          { widget: { id: W3, name: "Retired" }, clicks: 1, previousClicks: 0, impressions: 0, ctr: null },
        ].map((top) => ({ ...top, attributedSales: { amount: "0.00" } })),
      ],
      holdouts: [],
      topProducts: [
        // P3 and P1 both sold 20.00: P3 sold more units. P2 and P6 both sold 19.99 in one unit: lower id first.
        // P5 sold 1,000.00 but is in no widget; P4 only in an inactive one; cancelled and refunded lines count for nothing.
        expect.objectContaining({
          product: expect.objectContaining({ id: P3 }),
          sales: { amount: "20.00", currency: "USD" },
          unitsSold: 4,
          previousSales: { amount: "0.00", currency: "USD" },
        }),
        expect.objectContaining({
          product: expect.objectContaining({ id: P1 }),
          sales: { amount: "20.00", currency: "USD" },
          unitsSold: 2,
        }),
        expect.objectContaining({
          product: expect.objectContaining({ id: P2, name: "Product 2" }),
          sales: { amount: "19.99", currency: "USD" },
          unitsSold: 1,
          previousSales: { amount: "39.98", currency: "USD" },
        }),
      ],
    });
  });

  it("lists the full ranking in SQL order when asked for more", async () => {
    const result = await stack.query<{
      store: { topProducts: { product: { id: string } }[]; topWidgets: { widget: { id: string } }[] };
    }>(
      `query($id: ID!) { store(id: $id) {
        topProducts(week: "2026-W45", first: 10) { product { id } }
        topWidgets(week: "2026-W45", first: 10) { widget { id } } } }`,
      { id: NY },
    );
    expect(result.data?.store.topProducts.map((p) => p.product.id)).toEqual([P3, P1, P2, P6]);
    expect(result.data?.store.topWidgets.map((w) => w.widget.id)).toEqual([W1, W2, W3]); // W4 had no click
  });

  it("counts a product shown in two widgets once", async () => {
    const result = await stack.query<{ store: { widgetProductIds: string[] } }>(
      `query($id: ID!) { store(id: $id) { widgetProductIds } }`,
      { id: NY },
    );
    expect(result.data?.store.widgetProductIds).toEqual([P1, P2, P3, P6]); // not P4: its widget is inactive
  });

  it("agrees with the per-product and per-widget fields", async () => {
    const result = await stack.query<{
      widget: {
        weeklyClicks: number;
        products: { id: string; weeklySales: { amount: string }; unitsSold: number }[];
      };
    }>(
      `query($id: ID!) { widget(id: $id) { weeklyClicks(week: "2026-W45") products { id weeklySales(week: "2026-W45") { amount } unitsSold(week: "2026-W45") } } }`,
      { id: W2 },
    );
    expect(result.data?.widget).toEqual({
      weeklyClicks: 3,
      products: [
        { id: P2, weeklySales: { amount: "19.99" }, unitsSold: 1 },
        { id: P3, weeklySales: { amount: "20.00" }, unitsSold: 4 },
        { id: P6, weeklySales: { amount: "19.99" }, unitsSold: 1 },
      ],
    });
    const range = await stack.query<{
      widget: { clicks: number; products: { sales: { amount: string } }[] };
    }>(
      `query($id: ID!) { widget(id: $id) { clicks(from: "2026-11-02", to: "2026-11-08") products { sales(from: "2026-11-01", to: "2026-11-08") { amount } } } }`,
      { id: W2 },
    );
    expect(range.data?.widget.clicks).toBe(3);
    expect(range.data?.widget.products.map((p) => p.sales.amount)).toEqual(["59.97", "20.00", "19.99"]); // P2 gains W44's Sunday order
  });

  it("answers a store with no clicks and no sales with empty lists", async () => {
    const result = await stack.query<Report>(REPORT, { storeId: EMPTY, week: "2026-W45" });
    expect(result.errors).toBeUndefined();
    expect(result.data?.store).toMatchObject({
      name: "Quiet Seoul",
      currency: "KRW",
      topWidgets: [],
      topProducts: [],
    });
  });

  it("answers a weekly series of any length in the same number of SQL statements, each week as the weekly fields count it", async () => {
    const SERIES = `query($id: ID!, $weeks: Int!) { store(id: $id) {
      clickSeries(toWeek: "2026-W46", weeks: $weeks) { week clicks }
      salesSeries(toWeek: "2026-W46", weeks: $weeks) { week sales { amount } unitsSold } } }`;
    type Series = {
      store: {
        clickSeries: { week: string; clicks: number }[];
        salesSeries: { week: string; sales: { amount: string }; unitsSold: number }[];
      };
    };
    const run = async (weeks: number) => {
      const before = stack.statements();
      const result = await stack.query<Series>(SERIES, { id: NY, weeks });
      const after = stack.statements();
      expect(result.errors).toBeUndefined();
      return {
        data: result.data?.store,
        shop: after.shop - before.shop,
        review: after.review - before.review,
      };
    };
    const short = await run(3);
    const long = await run(53);
    expect({ shop: long.shop, review: long.review }).toEqual({ shop: short.shop, review: short.review });
    expect(long.data?.clickSeries).toHaveLength(53);
    expect(long.data?.clickSeries.at(0)?.week).toBe("2025-W46"); // 2025 has 52 ISO weeks
    // W44 (DST ends in it), W45, W46 in New York time; W46 has W2's Monday 00:00 EST click and P1's order.
    expect(short.data?.clickSeries).toEqual([
      { week: "2026-W44", clicks: 2 },
      { week: "2026-W45", clicks: 7 },
      { week: "2026-W46", clicks: 1 },
    ]);
    expect(short.data?.salesSeries).toEqual([
      { week: "2026-W44", sales: { amount: "39.98" }, unitsSold: 2 },
      { week: "2026-W45", sales: { amount: "79.98" }, unitsSold: 8 },
      { week: "2026-W46", sales: { amount: "10.00" }, unitsSold: 1 },
    ]);
    for (const weeks of [0, 54]) {
      const refused = await stack.query(SERIES, { id: NY, weeks });
      expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("refuses a week that has not started, with a code", async () => {
    const result = await stack.query<Report>(REPORT, { storeId: NY, week: "2099-W01" });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/has not started yet in America\/New_York/);
  });

  it.each([0, 51, -1])("refuses first: %i", async (first) => {
    const result = await stack.query(
      `query($id: ID!, $first: Int) { store(id: $id) { topWidgets(first: $first) { clicks } } }`,
      {
        id: NY,
        first,
      },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("SQL statements per report query", () => {
  /** A Wednesday in 2026-W46: the week the report leaves out is 2026-W45 in Berlin. */
  const NOW = new Date("2026-11-11T12:00:00Z");
  const IN_W45 = "2026-11-04T00:00:00Z";
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const small = randomUUID();
  const large = randomUUID();

  beforeAll(async () => {
    databases = await freshDatabases();
    const shop = databases.shop.sql;
    const review = databases.review.sql;
    await makeStores(
      databases.shop.db,
      { id: small, name: "Small", timezone: "Europe/Berlin", currency: "EUR" },
      { id: large, name: "Large", timezone: "Europe/Berlin", currency: "EUR" },
    );
    // 3 widgets × 2 products against 300 widgets × 2 products, each product clicked and sold in 2026-W45,
    // the last completed week at the stack's `NOW`.
    for (const [store, count] of [
      [small, 3],
      [large, 300],
    ] as const) {
      await review`
        with w as (insert into widgets (id, store_id, name) select gen_random_uuid(), ${store}, 'W' || n from generate_series(1, ${count}) n returning id),
        p as (insert into products (id, store_id, name) select gen_random_uuid(), ${store}, 'P' || n from generate_series(1, ${count * 2}) n returning id),
        wp as (select w.id as widget_id, p.id as product_id, row_number() over (partition by w.id) as position
               from (select id, row_number() over () as n from w) w join (select id, row_number() over () as n from p) p on (p.n + 1) / 2 = w.n)
        insert into widget_products (widget_id, product_id, position) select widget_id, product_id, position from wp`;
      await review`insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
        select gen_random_uuid(), w.id, w.store_id, ${IN_W45}::timestamptz + (random() * interval '1 day')
        from widgets w where w.store_id = ${store}`;
      const productIds = (await review`select id from products where store_id = ${store}`).map(
        (row) => row.id as string,
      );
      await shop`
        with o as (insert into orders (id, store_id, status, placed_at)
                   select gen_random_uuid(), ${store}, 'paid', ${IN_W45}::timestamptz from unnest(${productIds}::uuid[]) returning id),
        numbered as (select id, row_number() over () as n from o)
        insert into order_lines (order_id, product_id, quantity, unit_price)
        select numbered.id, p.product_id, 1, 9.99 from numbered
        join (select product_id, row_number() over () as n from unnest(${productIds}::uuid[]) as product_id) p using (n)`;
    }
    stack = await startStack(databases.urls, { clock: () => NOW });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const statementsFor = async (storeId: string) => {
    const before = stack.statements();
    const result = await stack.query<Report>(REPORT, { storeId, week: null });
    expect(result.errors).toBeUndefined();
    const after = stack.statements();
    return {
      shop: after.shop - before.shop,
      review: after.review - before.review,
      report: result.data?.store,
    };
  };

  it("does not grow with the number of widgets or products", async () => {
    const few = await statementsFor(small);
    const many = await statementsFor(large);
    expect(few.report?.topWidgets.length).toBe(3);
    expect(many.report?.topWidgets.length).toBe(3);
    expect(many.report?.topProducts.length).toBe(3);
    expect({ shop: many.shop, review: many.review }).toEqual({ shop: few.shop, review: few.review });
    // One statement per loader of each fetch: shop reads the store (three times: three fetches), its top
    // products, its sales series and the top widgets' attributed sales; review reads the widget product
    // ids, the top widgets (whole, names included), the click series, the products and the running
    // holdouts (none here: their looks cost nothing more).
    expect(few).toMatchObject({ shop: 6, review: 5 });
  });

  it("answers a page of stores' reports in the statements of one, each report as asked alone", async () => {
    const alone = await statementsFor(small);
    const before = stack.statements();
    const page = await stack.query<{ storesByIds: Report["store"][] }>(WeeklyReportsDocument.toString(), {
      storeIds: [small, large, small, randomUUID()],
      week: null,
    });
    const after = stack.statements();
    expect(page.errors).toBeUndefined();
    expect({ shop: after.shop - before.shop, review: after.review - before.review }).toEqual({
      shop: alone.shop,
      review: alone.review,
    });
    const [first, second, again, unknown] = page.data?.storesByIds ?? [];
    expect(first).toEqual(alone.report);
    expect(second).toEqual((await statementsFor(large)).report);
    expect(again).toEqual(alone.report);
    expect(unknown).toBeNull();
  });

  it("refuses a page of more than 100 stores, or none, with a code", async () => {
    for (const storeIds of [[], Array.from({ length: 101 }, () => randomUUID())]) {
      const result = await stack.query(WeeklyReportsDocument.toString(), { storeIds, week: null });
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
