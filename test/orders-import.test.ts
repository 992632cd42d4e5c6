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
import { makeStores } from "./helpers/factories.ts";

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
    await makeStores(databases.shop.db, { id: STORE, name: "Alpha" });
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

  it("lists every bad line with its number and reason, whatever it holds, and imports the rest", async () => {
    const rows = [
      orderLine(5101),
      orderLine(5102, { placedAt: 1700000000 }),
      JSON.stringify({ ...JSON.parse(orderLine(5103)), currency: undefined }),
      orderLine(5104, { status: "pending" }),
      orderLine(5105),
      // A later version of 5105 whose refunds exceed its line as first stored (2 units): the database's
      // check refuses it, its batch is written again order by order.
      orderLine(5105, {
        updatedAt: "2026-11-03T10:00:00Z",
        lines: [{ lineId: "1", productId: PRODUCT, quantity: 5, unitPrice: "10.00" }],
        refunds: [{ lineId: "1", quantity: 3, amount: "30.00" }],
      }),
      orderLine(5106),
    ];
    const path = join(dir, "mixed.ndjson");
    await writeFile(path, `\uFEFF${rows.join("\n")}\n`);
    const summary = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(summary).toMatchObject({ complete: true, created: 3, updated: 0 });
    expect(summary.refused).toEqual([
      { line: 2, reason: expect.stringMatching(/^placedAt: .*string/) },
      { line: 3, reason: expect.stringMatching(/^currency: .*string/) },
      { line: 4, reason: expect.stringMatching(/^status: /) },
      { line: 6, reason: "refunds exceed a line of the order as it was first stored" },
    ]);
    // Run again: nothing new, the same refusals, no line resumed into.
    const again = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(again).toMatchObject({ resumedFrom: 0, created: 0, unchanged: 3 });
    expect(again.refused.map((r) => r.line)).toEqual([2, 3, 4, 6]);
  });

  it("reads a CSV with a byte order mark, refuses an order split over rows apart, keeps refunds of units alone", async () => {
    const header =
      "orderId,placedAt,updatedAt,status,currency,lineId,productId,quantity,unitPrice,clickId,refundedQuantity,refundedAmount";
    const row = (id: string, lineId: string, refunded = "", amount = "") =>
      `${id},2026-11-02T10:00:00Z,2026-11-02T10:00:00Z,PAID,USD,${lineId},${PRODUCT},2,10.00,,${refunded},${amount}`;
    const path = join(dir, "bom.csv");
    await writeFile(
      path,
      `\uFEFF${[header, row("c-x", "1"), row("c-y", "1", "1", "0"), row("c-x", "2")].join("\n")}\n`,
    );
    const summary = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(summary).toMatchObject({ complete: true, created: 2 });
    expect(summary.refused).toEqual([
      { line: 4, reason: "the rows of order c-x are not consecutive: it began at line 2" },
    ]);
    const [y] = await databases.shop.sql`select l.refunded_quantity, l.refunded_amount::text from orders o
      join order_lines l on l.order_id = o.id where o.external_id = 'c-y'`;
    expect(y).toEqual({ refunded_quantity: 1, refunded_amount: "0.000" });
  });

  it("resumes only the file its progress was made for", async () => {
    const path = join(dir, "reused.ndjson");
    const many = Array.from({ length: IMPORT_BATCH + 5 }, (_, i) => orderLine(6000 + i));
    await writeFile(path, `${many.join("\n")}\n`);
    const stopped = await importOrders(shop.db, { storeId: STORE, path, now: NOW, shouldStop: () => true });
    expect(stopped.complete).toBe(false);
    // Another file takes its place: read from its first line, not from where the other stopped.
    await writeFile(path, `${[orderLine(7000), orderLine(7001)].join("\n")}\n`);
    const other = await importOrders(shop.db, { storeId: STORE, path, now: NOW });
    expect(other).toMatchObject({ resumedFrom: 0, created: 2, complete: true });
  });
});
