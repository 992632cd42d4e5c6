import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchReports } from "../jobs/report-model.ts";
import { createKey } from "../subgraphs/shop/db/queries/keys.ts";
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES, MAX_ORDER_UNITS } from "../subgraphs/shop/orders/order-input.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeOrder, makeStores } from "./helpers/factories.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

/** Three stores on one page of the weekly run; Big writes the largest orders the graph takes. */
const stores = ["Big", "Small", "Quiet"].map((name) => ({
  name,
  id: randomUUID(),
  widget: randomUUID(),
  product: randomUUID(),
}));
const [big, small] = stores as [(typeof stores)[0], (typeof stores)[0]];
/** Orders placed and a widget clicked in 2026-W47 (UTC). */
const NOW = new Date("2026-11-18T13:00:00Z");
const PLACED = "2026-11-18T12:00:00Z";

const CLICK = /* GraphQL */ `
  mutation Click($input: RecordClickInput!) { recordClick(input: $input) { accepted } }
`;
const UPSERT = /* GraphQL */ `
  mutation Upsert($input: OrderInput!) { upsertOrder(input: $input) { outcome } }
`;

/** The most units an order may hold, spread over every line, at the unit price that keeps it below 10^12. */
const LARGEST_PRICE = "9999999.99";
const largestOrder = (orderId: string, productId: string) => ({
  storeId: big.id,
  orderId,
  placedAt: PLACED,
  updatedAt: PLACED,
  status: "PAID",
  currency: "USD",
  lines: Array.from({ length: MAX_ORDER_LINES }, (_, i) => ({
    lineId: `l${i}`,
    productId,
    quantity: MAX_ORDER_UNITS / MAX_ORDER_LINES,
    unitPrice: LARGEST_PRICE,
  })),
});

describe("what one order may carry, and every store's figures beside the largest", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let key: string;
  const clock = movableClock(NOW);

  beforeAll(async () => {
    databases = await freshDatabases();
    for (const store of stores) {
      await makeStores(databases.shop.db, { id: store.id, name: store.name, listDesignerEnabled: true });
      await makeCatalogue(databases.review.db, store.id, [{ id: store.product, name: "Lamp" }], {
        id: store.widget,
        name: "Picks",
      });
    }
    stack = await startStack(databases.urls, { clock: clock.now });
    key = (
      await createKey(databases.shop.db, { storeId: big.id, name: "checkout", scopes: ["orders:write"] })
    ).key;
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const upsert = (input: unknown) =>
    stack.query<{ upsertOrder: { outcome: string } }>(UPSERT, { input }, { authorization: `Bearer ${key}` });
  const refusal = async (input: unknown) => {
    const result = await upsert(input);
    expect(result.data?.upsertOrder ?? null).toBeNull();
    return { code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message ?? "" };
  };
  const bigOrders = async () =>
    Number((await databases.shop.sql`select count(*) as n from orders where store_id = ${big.id}`)[0]?.n);

  it("refuses an order past the bounds of a line's units, an order's units or its total, writing nothing", async () => {
    const order = largestOrder("too-big", big.product);
    // What was once accepted: 100 lines of 10,000 units at the largest unit price.
    const flood = {
      ...order,
      lines: order.lines.map((line) => ({
        ...line,
        quantity: MAX_LINE_QUANTITY,
        unitPrice: "999999999999.00",
      })),
    };
    expect(await refusal(flood)).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringContaining("units"),
    });
    const pricey = {
      ...order,
      lines: [{ lineId: "a", productId: big.product, quantity: 2, unitPrice: "500000000000.00" }],
    };
    expect(await refusal(pricey)).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringContaining("totals 1000000000000.00"),
    });
    expect(await bigOrders()).toBe(0);
  });

  it.each([
    ["placedAt", { placedAt: "0000-06-01T00:00:00Z" }, "years 1 to 9999"],
    ["placedAt", { placedAt: "1999-12-31T23:59:59Z" }, "before 2000-01-01"],
    ["updatedAt", { updatedAt: "9999-12-31T00:00:00Z" }, "in the future"],
    ["updatedAt", { updatedAt: "2026-11-18T11:59:59Z" }, "before placedAt"],
  ])("refuses %s %j with BAD_USER_INPUT naming the field", async (field, change, reason) => {
    const input = { ...largestOrder(`odd-${field}`, big.product), ...change };
    const { code, message } = await refusal(input);
    expect(code).toBe("BAD_USER_INPUT");
    expect(message).toContain(field);
    expect(message).toContain(reason);
    expect(await bigOrders()).toBe(0);
  });

  it("reads every figure of every store on the page after the largest legal orders", async () => {
    const orders = 5;
    for (let i = 0; i < orders; i++) {
      const result = await upsert(largestOrder(`largest-${i}`, big.product));
      expect(result.errors).toBeUndefined();
      expect(result.data?.upsertOrder.outcome).toBe("CREATED");
    }
    // A single line at the largest unit price, too; and every line credited to Big's widget, as the
    // attribution job would, so the credited sums are as large as the sales.
    const single = {
      ...largestOrder("one-line", big.product),
      lines: [{ lineId: "x", productId: big.product, quantity: 1, unitPrice: "999999999999.99" }],
    };
    expect((await upsert(single)).errors).toBeUndefined();
    const click = { widgetId: big.widget, productId: big.product, clickId: randomUUID() };
    expect((await stack.query(CLICK, { input: click }, newVisitor())).errors).toBeUndefined();
    await databases.shop
      .sql`update order_lines set credited_widget_id = ${big.widget}, claim_checked_at = now()`;
    await makeOrder(
      databases.shop.db,
      { storeId: small.id, placedAt: new Date(PLACED) },
      { productId: small.product, quantity: 3, unitPrice: "12.50" },
    );

    const reports = await fetchReports(
      stack.workerSettings(),
      stores.map((store) => store.id),
      "2026-W47",
    );
    const [bigReport, smallReport, quietReport] = stores.map((store) => reports.get(store.id));
    for (const report of [bigReport, smallReport, quietReport]) expect(report).not.toBeInstanceOf(Error);
    // 5 × 100,000 units × 9,999,999.99 + 999,999,999,999.99, exactly: past numeric(20, 3)'s reach per order
    // of the old bounds, and past what one stored amount holds.
    const bigSales = "5999999994999.99";
    expect(bigReport).toMatchObject({
      totals: { sales: bigSales, attributedSales: bigSales, unitsSold: 500_001, attributedOrders: 6 },
      widgets: [{ attributedSales: bigSales }],
      products: [{ sales: bigSales, unitsSold: 500_001 }],
    });
    expect(smallReport).toMatchObject({
      totals: { sales: "37.50", unitsSold: 3, attributedSales: "0.00" },
      products: [{ sales: "37.50", unitsSold: 3 }],
    });
    expect(quietReport).toMatchObject({ totals: { sales: "0.00", unitsSold: 0 }, products: [] });
  });
});
