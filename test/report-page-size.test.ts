import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchReports } from "../jobs/report-model.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { startStack } from "./helpers/stack.ts";

const STORES = 50;
const PRODUCTS = 200;

/**
 * A page of big stores: the gateway's `@requires` fetch to shop carries every store's widget product ids
 * (50 × 200 here, about 400 kB), more than a public request may be.
 */
describe("a page of 50 stores with 200 widget products each", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeIds: string[] = [];

  beforeAll(async () => {
    databases = await freshDatabases();
    const shop = databases.shop.sql;
    const review = databases.review.sql;
    // 50 stores in one set-based statement (test/helpers/factories.ts is for a few).
    const rows = await shop<{ id: string }[]>`
      insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
      select md5('big:' || n)::uuid, 'Big ' || n, 'Europe/Berlin', 'en', 'EUR', true, array['owner@big.example']
      from generate_series(1, ${STORES}) n returning id`;
    storeIds.push(...rows.map((row) => row.id).sort());
    await review`insert into widgets (id, store_id, name) select md5('w' || id)::uuid, id, 'All' from unnest(${storeIds}::uuid[]) id`;
    await review`insert into products (id, store_id, name)
      select md5('p' || id || ':' || k)::uuid, id, 'Product ' || k from unnest(${storeIds}::uuid[]) id, generate_series(1, ${PRODUCTS}) k`;
    await review`insert into widget_products (widget_id, product_id, position)
      select md5('w' || id)::uuid, md5('p' || id || ':' || k)::uuid, k from unnest(${storeIds}::uuid[]) id, generate_series(1, ${PRODUCTS}) k`;
    await shop`insert into orders (id, store_id, status, placed_at) select md5('o' || id)::uuid, id, 'paid', '2026-11-18T12:00:00Z' from unnest(${storeIds}::uuid[]) id`;
    await shop`insert into order_lines (order_id, product_id, quantity, unit_price)
      select md5('o' || id)::uuid, md5('p' || id || ':' || k)::uuid, k, 1.00 from unnest(${storeIds}::uuid[]) id, generate_series(198, 200) k`;
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it.each(["batch", "http1"] as const)("reports in full over the %s transport", async (transport) => {
    const gateway = await stack.extraGateway({ subgraphTransports: { shop: transport, review: transport } });
    try {
      const reports = await fetchReports(stack.workerSettings(gateway.url), storeIds, "2026-W47");
      const failed = [...reports.values()].filter((report) => report instanceof Error);
      expect(failed).toEqual([]);
      const first = reports.get(storeIds[0] ?? "");
      expect(first).not.toBeInstanceOf(Error);
      // The three products that sold, most first (200 × 1.00, 199, 198).
      expect(JSON.stringify(first)).toContain("Product 200");
    } finally {
      await gateway.close();
    }
  });
});
