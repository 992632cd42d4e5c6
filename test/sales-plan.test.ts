import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weekPeriod } from "../lib/week.ts";
import { productSalesQuery } from "../subgraphs/shop/db/queries/sales.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeStores } from "./helpers/factories.ts";

interface PlanNode {
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

describe("a product's sales over a period", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  const store = randomUUID();
  const product = randomUUID();

  beforeAll(async () => {
    databases = await freshDatabases();
    const shop = databases.shop.sql;
    await makeStores(databases.shop.db, { id: store, name: "Plan", currency: "EUR" });
    // Two years of one order a day for the product: 730 lines, 7 of them in 2026-W47.
    await shop`
      with o as (
        insert into orders (id, store_id, status, placed_at)
        select gen_random_uuid(), ${store}, 'paid', timestamptz '2025-11-30T12:00:00Z' + make_interval(days => d)
        from generate_series(0, 729) d returning id)
      insert into order_lines (order_id, product_id, quantity, unit_price) select id, ${product}, 1, 10 from o`;
    // The rest of the shop: other stores' orders, so the planner sees tables of a realistic shape.
    await makeStores(databases.shop.db, { name: "Other", currency: "EUR" });
    await shop`
      with o as (
        insert into orders (id, store_id, status, placed_at)
        select gen_random_uuid(), (select id from stores where name = 'Other'), 'paid',
               timestamptz '2025-11-30T12:00:00Z' + make_interval(mins => n * 5)
        from generate_series(1, 200000) n returning id)
      insert into order_lines (order_id, product_id, quantity, unit_price) select id, gen_random_uuid(), 1, 10 from o`;
    await shop`analyze`;
  });
  afterAll(() => databases?.drop());

  it("reads the store's orders of the period and their lines, not every line the product ever had", async () => {
    const period = weekPeriod("2026-W47", "UTC", new Date("2026-11-25T00:00:00Z"));
    const query = productSalesQuery([{ productId: product, storeId: store, period }]);
    const [result] = await databases.shop.db.execute<{ amount: string; units: string }>(query);
    // The statement sums to shop's 3 stored digits (the graph presents them in the currency's own), and
    // units as a bigint, which postgres.js answers as text.
    expect(result).toMatchObject({ amount: "70.000", units: "7" });

    const [row] = await databases.shop.db.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      sql`explain (analyze, format json) ${query}`,
    );
    const read = new Map<string, number>();
    const indexes = new Set<string>();
    const walk = (node: PlanNode) => {
      const relation = node["Relation Name"];
      if (relation)
        read.set(
          relation,
          (read.get(relation) ?? 0) + (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1),
        );
      if (node["Index Name"]) indexes.add(node["Index Name"]);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk((row as { "QUERY PLAN": [{ Plan: PlanNode }] })["QUERY PLAN"][0].Plan);
    expect(indexes).toContain("orders_store_placed_at");
    expect(read.get("order_lines")).toBe(7);
    expect(read.get("orders")).toBe(7);
  });
});
