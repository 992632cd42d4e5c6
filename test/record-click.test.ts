import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabases } from "./helpers/databases.ts";
import { startStack } from "./helpers/stack.ts";

const RECORD_CLICK = /* GraphQL */ `
  mutation Record($input: RecordClickInput!) {
    recordClick(input: $input) { accepted duplicate }
  }
`;

describe("recordClick through the gateway", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeId = randomUUID();
  const activeWidget = randomUUID();
  const inactiveWidget = randomUUID();
  const shownProduct = randomUUID();
  const otherProduct = randomUUID();

  const storedClicks = async () => {
    const [row] = await databases.review.sql<{ n: number }[]>`select count(*)::int as n from widget_clicks`;
    return row?.n;
  };

  beforeAll(async () => {
    databases = await freshDatabases();
    const { sql } = databases.review;
    await sql`insert into products (id, store_id, name) values (${shownProduct}, ${storeId}, 'Shown'), (${otherProduct}, ${storeId}, 'Other')`;
    await sql`insert into widgets (id, store_id, name, active) values (${activeWidget}, ${storeId}, 'On', true), (${inactiveWidget}, ${storeId}, 'Off', false)`;
    await sql`insert into widget_products (widget_id, product_id, position) values (${activeWidget}, ${shownProduct}, 0)`;
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("stores a click once however often it is retried", async () => {
    const input = { widgetId: activeWidget, productId: shownProduct, clickId: randomUUID() };
    const first = await stack.query(RECORD_CLICK, { input });
    expect(first).toEqual({ data: { recordClick: { accepted: true, duplicate: false } } });
    const retries = await Promise.all(Array.from({ length: 10 }, () => stack.query(RECORD_CLICK, { input })));
    for (const retry of retries)
      expect(retry.data).toEqual({ recordClick: { accepted: true, duplicate: true } });
    const [row] = await databases.review
      .sql`select widget_id, store_id, product_id from widget_clicks where click_id = ${input.clickId}`;
    expect(row).toEqual({ widget_id: activeWidget, store_id: storeId, product_id: shownProduct });
  });

  it("accepts a click on the widget itself, without a product", async () => {
    const result = await stack.query(RECORD_CLICK, {
      input: { widgetId: activeWidget, clickId: randomUUID() },
    });
    expect(result.data).toEqual({ recordClick: { accepted: true, duplicate: false } });
  });

  it.each([
    ["an unknown widget", () => ({ widgetId: randomUUID(), clickId: randomUUID() }), "NOT_FOUND"],
    ["an inactive widget", () => ({ widgetId: inactiveWidget, clickId: randomUUID() }), "NOT_FOUND"],
    [
      "a product the widget does not show",
      () => ({ widgetId: activeWidget, productId: otherProduct, clickId: randomUUID() }),
      "BAD_USER_INPUT",
    ],
    ["a malformed widget id", () => ({ widgetId: "widget-1", clickId: randomUUID() }), "BAD_USER_INPUT"],
    ["a malformed click id", () => ({ widgetId: activeWidget, clickId: "123" }), "BAD_USER_INPUT"],
    [
      "a malformed product id",
      () => ({ widgetId: activeWidget, productId: "p'1", clickId: randomUUID() }),
      "BAD_USER_INPUT",
    ],
    ["a missing click id", () => ({ widgetId: activeWidget }), "BAD_USER_INPUT"],
  ])("answers %s with its code and writes nothing", async (_what, input, code) => {
    const before = await storedClicks();
    const result = await stack.query(RECORD_CLICK, { input: input() });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(await storedClicks()).toBe(before);
  });
});
