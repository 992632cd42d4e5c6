import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../lib/runtime/database.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { IMPORT_BATCH, importOrders } from "../subgraphs/shop/orders/import.ts";
import { freshDatabases } from "./helpers/databases.ts";

const STORE = randomUUID();
const PRODUCT = randomUUID();
const NOW = new Date("2026-11-20T00:00:00Z");

const orderLine = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    orderId: `o-${n}`,
    placedAt: "2026-11-02T10:00:00Z",
    updatedAt: "2026-11-02T10:00:00Z",
    status: "PAID",
    currency: "USD",
    lines: [{ lineId: "1", productId: PRODUCT, quantity: 2, unitPrice: "10.00" }],
    ...extra,
  });

describe("the order import", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let shop: ReturnType<typeof connect<typeof shopSchema>>;
  let dir: string;

  beforeAll(async () => {
    databases = await freshDatabases();
    await databases.shop
      .sql`insert into stores (id, name, timezone, locale, currency) values (${STORE}, 'Alpha', 'UTC', 'en', 'USD')`;
    shop = connect(databases.urls.shop, shopSchema, { max: 1 });
    dir = await mkdtemp(join(tmpdir(), "ldi-import-"));
  });
  afterAll(async () => {
    await shop?.close();
    await databases?.drop();
  });

  const sales = async () =>
    (
      await databases.shop
        .sql`select count(*)::int as lines, coalesce(sum(l.quantity * l.unit_price - l.refunded_amount), 0)::text as total
        from orders o join order_lines l on l.order_id = o.id where o.store_id = ${STORE} and o.status in ('paid', 'fulfilled')`
    )[0];

  it("imports NDJSON in batches, refusing bad rows by line number, and resumes where a stopped run left off", async () => {
    const count = IMPORT_BATCH * 2 + 10;
    const rows = Array.from({ length: count }, (_, i) => orderLine(i));
    rows[3] = orderLine(3, { currency: "EUR" });
    rows[7] = "{ not json";
    const path = join(dir, "orders.ndjson");
    await writeFile(path, `${rows.join("\n")}\n`);

    // Stopped after its first batch, as Ctrl-C does: what it committed is recorded.
    const first = await importOrders(shop.db, { storeId: STORE, path, now: NOW, shouldStop: () => true });
    expect(first.complete).toBe(false);
    expect(first.created).toBe(IMPORT_BATCH);
    expect(existsSync(`${path}.progress`)).toBe(true);

    const rest = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(rest).toMatchObject({
      complete: true,
      created: count - 2 - IMPORT_BATCH,
      updated: 0,
      unchanged: 0,
    });
    expect(rest.resumedFrom).toBeGreaterThan(IMPORT_BATCH);
    expect(first.refused.map((r) => r.line)).toEqual([4, 8]);
    expect(first.refused[0]?.reason).toContain("currency");
    expect(existsSync(`${path}.progress`)).toBe(false);
    expect(await sales()).toEqual({ lines: count - 2, total: `${(count - 2) * 20}.000` });

    // The same file again changes nothing.
    const again = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: count - 2 });
  });

  it("imports CSV, one row per line, with refunds and later versions", async () => {
    const path = join(dir, "orders.csv");
    await writeFile(
      path,
      [
        "orderId,placedAt,updatedAt,status,currency,lineId,productId,quantity,unitPrice,clickId,refundedQuantity,refundedAmount",
        `c-1,2026-11-03T10:00:00Z,2026-11-03T10:00:00Z,paid,USD,1,${PRODUCT},3,5.00,,1,5.00`,
        `c-1,2026-11-03T10:00:00Z,2026-11-03T10:00:00Z,paid,USD,2,${PRODUCT},1,7.50,,,`,
        // A later version of an order the NDJSON import made: now cancelled.
        `o-0,2026-11-02T10:00:00Z,2026-11-04T10:00:00Z,cancelled,USD,1,${PRODUCT},2,10.00,,,`,
        `c-2,2026-11-03T10:00:00Z,2026-11-03T10:00:00Z,paid,USD,1,${PRODUCT},1,5.001,,,`,
      ].join("\n"),
    );
    const summary = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(summary).toMatchObject({ created: 1, updated: 1, complete: true });
    expect(summary.refused).toEqual([{ line: 5, reason: expect.stringContaining("lines[0].unitPrice") }]);
    // 1,008 NDJSON orders of 20.00, then + c-1 (2 lines: 15.00 − 5.00 + 7.50), − o-0 (now cancelled).
    expect(await sales()).toEqual({ lines: 1_008 + 2 - 1, total: "20157.500" });
  });
});
