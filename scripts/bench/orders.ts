import { createHmac, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { attributeClaims } from "../../jobs/attribution.ts";
import { createLogger } from "../../lib/logger.ts";
import { connect } from "../../lib/runtime/database.ts";
import { reviewMigrations, schema as reviewSchema } from "../../subgraphs/review/db/index.ts";
import { ensureClickPartitions } from "../../subgraphs/review/db/queries/partitions.ts";
import { shopMigrations, schema as shopSchema } from "../../subgraphs/shop/db/index.ts";
import { createKey } from "../../subgraphs/shop/db/queries/keys.ts";
import { IMPORT_BATCH, IMPORT_WRITERS, importOrders } from "../../subgraphs/shop/orders/import.ts";
import { connectStore } from "../../subgraphs/shop/platforms/connections.ts";
import { startGraph } from "../dev/processes.ts";
import { BROWSER } from "./clicks.ts";
import type { BenchContext } from "./context.ts";
import type { Figure } from "./figures.ts";
import { RecordClickDocument, UpsertOrderDocument } from "./generated/operations.ts";
import { closedLoop, cpuSeconds, type LoadResult } from "./load.ts";
import { benchReportSettings } from "./reports.ts";

const CLIENTS = 64;
const LINES_PER_ORDER = 5;
const STORES = 8;
const PRODUCTS = 20;
const WIDGETS = 10;
const log = createLogger("bench", "warn");

/** SQL for this bench's md5-derived ids, so shop's rows name the products and clicks review holds. */
const SQL_IDS = {
  store: (s: string) => `md5('s:' || ${s})::uuid`,
  product: (s: string, p: string) => `md5('p:' || ${s} || ':' || ${p})::uuid`,
  widget: (s: string, w: string) => `md5('w:' || ${s} || ':' || ${w})::uuid`,
};

/**
 * Orders in, each figure with its check: `upsertOrder` through the gateway by 64 clients at once (every
 * acknowledged order then looked for), the import of a file of a million lines beside raw `COPY` of the
 * same rows, and the attribution job verifying 100,000 claims against review's clicks.
 */
export async function benchOrders(ctx: BenchContext): Promise<Figure[]> {
  return [...(await benchIntake(ctx)), ...(await benchImport(ctx)), ...(await benchClaims(ctx))];
}

/** Fresh shop and review databases with {@link STORES} stores, their products and widgets. */
async function catalogue(ctx: BenchContext, name: string) {
  const shop = await ctx.freshDatabase(`bench_${name}_shop`, shopMigrations);
  const review = await ctx.freshDatabase(`bench_${name}_review`, reviewMigrations);
  await shop.sql.unsafe(`
    insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
    select ${SQL_IDS.store("s")}, 'Store ' || s, 'America/New_York', 'en', 'USD', true, array['owner@example.com']
    from generate_series(1, ${STORES}) s`);
  await review.sql.unsafe(`
    insert into products (id, store_id, name, platform_id)
    select ${SQL_IDS.product("s", "p")}, ${SQL_IDS.store("s")}, 'Product ' || p, p::text
    from generate_series(1, ${STORES}) s, generate_series(1, ${PRODUCTS}) p`);
  await review.sql.unsafe(`
    insert into widgets (id, store_id, name, active)
    select ${SQL_IDS.widget("s", "w")}, ${SQL_IDS.store("s")}, 'Widget ' || w, true
    from generate_series(1, ${STORES}) s, generate_series(1, ${WIDGETS}) w`);
  await review.sql.unsafe(`
    insert into widget_products (widget_id, product_id, position)
    select ${SQL_IDS.widget("s", "w")}, ${SQL_IDS.product("s", "p")}, p
    from generate_series(1, ${STORES}) s, generate_series(1, ${WIDGETS}) w, generate_series(1, ${PRODUCTS}) p`);
  const storeIds = (await shop.sql<{ id: string }[]>`select id::text from stores order by name`).map(
    (r) => r.id,
  );
  const productsOf = new Map<string, string[]>();
  for (const row of await review.sql<
    { store_id: string; id: string }[]
  >`select store_id::text, id::text from products`)
    productsOf.set(row.store_id, [...(productsOf.get(row.store_id) ?? []), row.id]);
  return {
    shop,
    review,
    storeIds,
    productsOf,
    close: () => Promise.all([shop.close(), review.close()]),
  };
}

/** One order of `LINES_PER_ORDER` lines of a store's products, as a checkout sends it. */
function newOrder(storeId: string, products: string[], placedAt: string) {
  return {
    storeId,
    orderId: randomUUID(),
    placedAt,
    updatedAt: placedAt,
    status: "PAID",
    currency: "USD",
    lines: Array.from({ length: LINES_PER_ORDER }, (_, i) => ({
      lineId: String(i + 1),
      productId: products[Math.floor(Math.random() * products.length)],
      quantity: 1 + Math.floor(Math.random() * 3),
      unitPrice: (5 + Math.random() * 95).toFixed(2),
    })),
    refunds: [],
  };
}

let shopifyIds = 1_000_000;
/** One Shopify `orders/create` delivery of `LINES_PER_ORDER` lines (product ids 1 to PRODUCTS), signed. */
function shopifyDelivery(shop: string, secret: string, placedAt: string) {
  const id = shopifyIds++;
  const payload = JSON.stringify({
    id,
    created_at: placedAt,
    updated_at: placedAt,
    currency: "USD",
    financial_status: "paid",
    fulfillment_status: null,
    cancelled_at: null,
    line_items: Array.from({ length: LINES_PER_ORDER }, (_, i) => ({
      id: id * 10 + i,
      product_id: 1 + Math.floor(Math.random() * PRODUCTS),
      quantity: 1 + Math.floor(Math.random() * 3),
      price: (5 + Math.random() * 95).toFixed(2),
      properties: [],
    })),
    refunds: [],
  });
  return {
    payload,
    headers: {
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(payload).digest("base64"),
    },
  };
}

/**
 * `upsertOrder` through the gateway with store keys, 64 clients, in turns with `recordClick` and with
 * signed Shopify order webhooks through the same gateway (so the rates are side by side on the same
 * machine); then every acknowledged order is looked for, and every acknowledged delivery once applied.
 */
async function benchIntake(ctx: BenchContext): Promise<Figure[]> {
  const data = await catalogue(ctx, "intake");
  const shopDb = connect(data.shop.url, shopSchema, { max: 1 });
  const keys = new Map<string, string>();
  for (const storeId of data.storeIds)
    keys.set(storeId, (await createKey(shopDb.db, { storeId, name: "bench", scopes: ["orders:write"] })).key);
  const widgets = await data.review.sql<
    { id: string; store_id: string }[]
  >`select id::text, store_id::text from widgets`;
  const shopifySecret = "shpss_bench-webhook-secret-0123456789";
  const shops = new Map<string, string>();
  for (const [i, storeId] of data.storeIds.entries()) {
    const source = `bench-store-${i}.myshopify.com`;
    await connectStore(shopDb.db, ctx.secretsEnv.CONNECTION_SECRET, {
      storeId,
      platform: "shopify",
      source,
      secret: shopifySecret,
      at: new Date(),
    });
    shops.set(storeId, source);
  }
  await shopDb.close();
  const graph = await startGraph(ctx.secretsEnv, { shop: data.shop.url, review: data.review.url });
  const section = `orders in (${CLIENTS} clients, ${LINES_PER_ORDER} lines an order)`;
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
  const placedAt = new Date().toISOString();
  let visitor = 0;
  const bodies = {
    orders: () => {
      const storeId = pick(data.storeIds);
      return {
        payload: JSON.stringify({
          query: UpsertOrderDocument.toString(),
          variables: { input: newOrder(storeId, data.productsOf.get(storeId) ?? [], placedAt) },
        }),
        headers: { authorization: `Bearer ${keys.get(storeId)}` },
      };
    },
    clicks: () => {
      const widget = pick(widgets);
      visitor += 1;
      return {
        payload: JSON.stringify({
          query: RecordClickDocument.toString(),
          variables: {
            input: {
              widgetId: widget.id,
              productId: pick(data.productsOf.get(widget.store_id) ?? []),
              clickId: randomUUID(),
            },
          },
        }),
        headers: { "user-agent": `${BROWSER} bench/${visitor}` },
      };
    },
  };
  const webhookUrl = new URL("/webhooks/shopify", graph.gatewayUrl).href;
  const shopify = () => {
    const storeId = pick(data.storeIds);
    return shopifyDelivery(shops.get(storeId) ?? "", shopifySecret, placedAt);
  };
  const unapplied = async () =>
    (
      await data.shop.sql<
        { n: number }[]
      >`select count(*)::int as n from platform_deliveries where applied_at is null`
    )[0]?.n ?? 0;
  /** Seconds until every acknowledged delivery is applied (at most two minutes). */
  const drain = async () => {
    const start = performance.now();
    while ((await unapplied()) > 0 && performance.now() - start < 120_000)
      await new Promise((wake) => setTimeout(wake, 100));
    return (performance.now() - start) / 1000;
  };
  let worstDrain = 0;
  /** CPU seconds each service spent in each kind's turns, to say where a request's cost goes. */
  const cpu = { orders: { gateway: 0, shop: 0, review: 0 }, webhooks: { gateway: 0, shop: 0, review: 0 } };
  const services = ["gateway", "shop", "review"] as const;
  const cpuNow = () =>
    Object.fromEntries(services.map((name) => [name, cpuSeconds(graph.process(name).child.pid)]));
  /**
   * A turn of one kind. A webhook turn lasts until its deliveries are applied, not only acknowledged: the
   * apply work is the webhook's too, and must not spill into the next turn's figures.
   */
  const load = async (kind: keyof typeof bodies | "webhooks", seconds: number): Promise<LoadResult> => {
    const before = cpuNow();
    const counted = (result: LoadResult) => {
      const after = cpuNow();
      if (kind !== "clicks")
        for (const name of services) cpu[kind][name] += (after[name] ?? 0) - (before[name] ?? 0);
      return result;
    };
    if (kind !== "webhooks")
      return counted(
        await closedLoop(graph.gatewayUrl, { concurrency: CLIENTS, seconds, body: bodies[kind] }),
      );
    const result = await closedLoop(webhookUrl, { concurrency: CLIENTS, seconds, body: shopify });
    const drained = await drain();
    worstDrain = Math.max(worstDrain, drained);
    return counted({ ...result, seconds: result.seconds + drained });
  };
  try {
    ctx.progress("orders: upsertOrder, recordClick and Shopify webhooks through the gateway, warm-up");
    const runs = {
      orders: [await load("orders", ctx.warmUpSeconds)],
      clicks: [await load("clicks", ctx.warmUpSeconds)],
      webhooks: [await load("webhooks", ctx.warmUpSeconds)],
    };
    const measured = { orders: [] as LoadResult[], clicks: [] as LoadResult[], webhooks: [] as LoadResult[] };
    ctx.progress("orders: upsertOrder, recordClick and Shopify webhooks through the gateway, in turns");
    const turns = ctx.quick ? 1 : 3;
    const seconds = ctx.quick ? 2 : 10;
    for (let turn = 0; turn < turns; turn++)
      for (const kind of ["orders", "clicks", "webhooks"] as const) {
        const result = await load(kind, seconds / turns);
        runs[kind].push(result);
        measured[kind].push(result);
      }
    const rate = (results: LoadResult[]) =>
      results.reduce((sum, r) => sum + r.requests, 0) / results.reduce((sum, r) => sum + r.seconds, 0);
    const acknowledged = runs.orders.flatMap((run) =>
      run.answers.map(
        (answer) => (answer as { data: { upsertOrder: { orderId: string } } }).data.upsertOrder.orderId,
      ),
    );
    const stored = new Set(
      (await data.shop.sql<{ external_id: string }[]>`select external_id from orders`).map(
        (r) => r.external_id,
      ),
    );
    const acknowledgedDeliveries = runs.webhooks.reduce((sum, run) => sum + run.requests - run.errors, 0);
    const [delivered] = await data.shop.sql<{ recorded: number; orders: number }[]>`
      select count(*)::int as recorded,
        count(*) filter (where outcome like 'order %: CREATED')::int as orders
      from platform_deliveries`;
    const [lines] = await data.shop.sql<{ n: number }[]>`
      select count(*)::int as n from order_lines l join orders o on o.id = l.order_id
      where o.external_id ~ '^[0-9a-f-]{36}$'`;
    const errors = [...runs.orders, ...runs.clicks].reduce((sum, run) => sum + run.errors, 0);
    const webhookErrors = runs.webhooks.reduce((sum, run) => sum + run.errors, 0);
    return [
      {
        section,
        metric: "orders per second (in turns with clicks)",
        value: rate(measured.orders),
        unit: "orders/s",
      },
      {
        section,
        metric: "order lines per second",
        value: rate(measured.orders) * LINES_PER_ORDER,
        unit: "lines/s",
      },
      {
        section,
        metric: "orders p99 (worst turn)",
        value: Math.max(...measured.orders.map((r) => r.p99Ms)),
        unit: "ms",
      },
      {
        section,
        metric: "clicks per second (in turns with orders)",
        value: rate(measured.clicks),
        unit: "clicks/s",
      },
      {
        section,
        metric: "orders per second / clicks per second",
        value: rate(measured.orders) / rate(measured.clicks),
        unit: "ratio",
        target: ">= 0.5",
      },
      {
        section,
        metric: "signed Shopify webhooks per second, acknowledged and applied (in turns)",
        value: rate(measured.webhooks),
        unit: "deliveries/s",
      },
      {
        section,
        metric: "Shopify webhooks p99 (worst turn)",
        value: Math.max(...measured.webhooks.map((r) => r.p99Ms)),
        unit: "ms",
        target: "<= 1000",
      },
      {
        section,
        metric: "Shopify webhooks per second / orders per second",
        value: rate(measured.webhooks) / rate(measured.orders),
        unit: "ratio",
        target: ">= 0.5",
      },
      ...services.flatMap((name) =>
        (["orders", "webhooks"] as const).map((kind) => ({
          section,
          metric: `${name} CPU per ${kind === "orders" ? "upsertOrder" : "Shopify delivery, applied"}`,
          value: (1000 * cpu[kind][name]) / runs[kind].reduce((sum, run) => sum + run.requests, 0),
          unit: "ms",
        })),
      ),
      {
        section,
        metric: "seconds to apply a turn's acknowledged backlog after its load (worst turn)",
        value: worstDrain,
        unit: "s",
      },
      {
        section,
        metric: "acknowledged Shopify deliveries not applied as an order",
        value: acknowledgedDeliveries - (delivered?.orders ?? 0),
        unit: "deliveries",
        target: "<= 0",
      },
      { section, metric: "errors (orders and clicks)", value: errors, unit: "requests", target: "<= 0" },
      {
        section,
        metric: "errors (Shopify webhooks)",
        value: webhookErrors,
        unit: "requests",
        target: "<= 0",
      },
      {
        section,
        metric: "acknowledged orders not stored",
        value: acknowledged.filter((id) => !stored.has(id)).length,
        unit: "orders",
        target: "<= 0",
      },
      {
        section,
        metric: "order lines stored / acknowledged × 5",
        value: (lines?.n ?? 0) / (acknowledged.length * LINES_PER_ORDER),
        unit: "ratio",
        target: ">= 1",
      },
    ];
  } finally {
    await graph.stop();
    await data.close();
  }
}

/**
 * `npm run orders:import`'s path (the same `importOrders`) over an NDJSON file of a million order lines,
 * beside the floor for the same rows: the file read and parsed, and the rows streamed into both tables
 * with `COPY`, no checks and no upsert.
 */
async function benchImport(ctx: BenchContext): Promise<Figure[]> {
  const lineCount = ctx.quick ? 50_000 : 1_000_000;
  const orderCount = lineCount / LINES_PER_ORDER;
  const dir = await mkdtemp(join(tmpdir(), "ldi-bench-import-"));
  const file = join(dir, "orders.ndjson");
  const section = `order import (${lineCount.toLocaleString("en-US")} lines, ${orderCount.toLocaleString("en-US")} orders, NDJSON)`;
  const data = await catalogue(ctx, "import");
  const [storeId] = data.storeIds as [string];
  const products = data.productsOf.get(storeId) ?? [];
  try {
    ctx.progress(`orders: writing ${file}`);
    const placedAt = new Date(Date.now() - 86_400_000).toISOString();
    await pipeline(
      Readable.from(
        (function* () {
          for (let n = 0; n < orderCount; n++) {
            const { storeId: _, ...order } = newOrder(storeId, products, placedAt);
            yield `${JSON.stringify(order)}\n`;
          }
        })(),
      ),
      createWriteStream(file),
    );

    ctx.progress("orders: npm run orders:import's importOrders");
    const shopDb = connect(data.shop.url, shopSchema, { max: IMPORT_WRITERS });
    const importStarted = performance.now();
    const summary = await importOrders(shopDb.db, { storeId, path: file });
    const importSeconds = (performance.now() - importStarted) / 1000;
    await shopDb.close();
    const [imported] = await data.shop.sql<{ n: number }[]>`select count(*)::int as n from order_lines`;

    ctx.progress("orders: raw COPY of the same rows");
    await data.shop.sql`truncate order_lines, order_holdout_groups, orders`;
    const copyStarted = performance.now();
    await copyFile(data.shop.sql, file, storeId);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const [copied] = await data.shop.sql<{ n: number }[]>`select count(*)::int as n from order_lines`;
    return [
      {
        section,
        metric: `importOrders (batches of ${IMPORT_BATCH} upserted, ${IMPORT_WRITERS} at a time)`,
        value: importSeconds,
        unit: "s",
      },
      {
        section,
        metric: "order lines imported per second",
        value: lineCount / importSeconds,
        unit: "lines/s",
      },
      { section, metric: "raw COPY of the same rows", value: copySeconds, unit: "s" },
      {
        section,
        metric: "import / raw COPY",
        value: importSeconds / copySeconds,
        unit: "ratio",
        target: "<= 2",
      },
      {
        section,
        metric: "lines stored by the import, and by COPY, short of the file",
        value: 2 * lineCount - (imported?.n ?? 0) - (copied?.n ?? 0),
        unit: "lines",
        target: "<= 0",
      },
      { section, metric: "orders refused", value: summary.refused.length, unit: "orders", target: "<= 0" },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
    await data.close();
  }
}

/**
 * The floor: the NDJSON file parsed line by line, its orders streamed into `orders` by `COPY`, then its
 * lines into `order_lines` (after the orders they reference are committed).
 */
async function copyFile(
  sql: Awaited<ReturnType<typeof catalogue>>["shop"]["sql"],
  file: string,
  storeId: string,
) {
  const lineRows: string[] = [];
  const orderRows = async function* () {
    for await (const text of createInterface({ input: createReadStream(file) })) {
      const order = JSON.parse(text) as ReturnType<typeof newOrder>;
      const id = randomUUID();
      for (const line of order.lines)
        lineRows.push(`${id}\t${line.lineId}\t${line.productId}\t${line.quantity}\t${line.unitPrice}\n`);
      yield `${id}\t${storeId}\t${order.orderId}\t${order.status.toLowerCase()}\t${order.placedAt}\t${order.updatedAt}\n`;
    }
  };
  await pipeline(
    Readable.from(orderRows()),
    await sql`copy orders (id, store_id, external_id, status, placed_at, updated_at) from stdin`.writable(),
  );
  await pipeline(
    Readable.from(lineRows),
    await sql`copy order_lines (order_id, line_id, product_id, quantity, unit_price) from stdin`.writable(),
  );
}

/**
 * The attribution job over 100,000 claims (90% good, 10% naming clicks review never counted) through the
 * gateway, as the worker runs it: every claim decided, exactly the good ones credited.
 */
async function benchClaims(ctx: BenchContext): Promise<Figure[]> {
  const claims = ctx.quick ? 5_000 : 100_000;
  const section = `click attribution (${claims.toLocaleString("en-US")} claims)`;
  const data = await catalogue(ctx, "claims");
  const partitions = connect(data.review.url, reviewSchema, { max: 1 });
  await ensureClickPartitions(partitions.db, { now: new Date(), behind: 2, ahead: 1 });
  await partitions.close();
  // Claim i: order i/5 of store 1 + (i/5) % STORES, product 1 + i % PRODUCTS, clicked on widget
  // 1 + (i/50) % WIDGETS a day before the order; one claim in ten names a click that never happened.
  const store = SQL_IDS.store(`(1 + (i / 5) % ${STORES})`);
  const product = SQL_IDS.product(`(1 + (i / 5) % ${STORES})`, `(1 + i % ${PRODUCTS})`);
  const widget = SQL_IDS.widget(`(1 + (i / 5) % ${STORES})`, `(1 + (i / 50) % ${WIDGETS})`);
  ctx.progress(`orders: ${claims} clicks and claims`);
  await data.review.sql.unsafe(`
    insert into widget_clicks (click_id, widget_id, store_id, product_id, occurred_at)
    select md5('c:' || i)::uuid, ${widget}, ${store}, ${product}, now() - interval '2 days' + i * interval '1 ms'
    from generate_series(0, ${claims - 1}) i where i % 10 <> 9`);
  await data.shop.sql.unsafe(`
    insert into orders (id, store_id, status, placed_at)
    select md5('o:' || i)::uuid, ${store}, 'paid', now() - interval '1 day'
    from generate_series(0, ${claims - 1}, 5) i`);
  await data.shop.sql.unsafe(`
    insert into order_lines (order_id, line_id, product_id, quantity, unit_price, click_id)
    select md5('o:' || (i - i % 5))::uuid, (i % 5)::text, ${product}, 1, 10, md5('c:' || i)::uuid
    from generate_series(0, ${claims - 1}) i`);
  await data.shop.sql`vacuum analyze`;
  await data.review.sql`vacuum analyze`;
  const graph = await startGraph(ctx.secretsEnv, { shop: data.shop.url, review: data.review.url });
  try {
    ctx.progress("orders: the attribution job");
    const started = performance.now();
    const outcome = await attributeClaims(benchReportSettings(ctx, graph.gatewayUrl), { windowDays: 7, log });
    const seconds = (performance.now() - started) / 1000;
    const [pending] = await data.shop.sql<{ n: number }[]>`
      select count(*)::int as n from order_lines where click_id is not null and claim_checked_at is null`;
    return [
      { section, metric: "all claims verified and recorded", value: seconds, unit: "s", target: "<= 30" },
      { section, metric: "claims verified per second", value: outcome.checked / seconds, unit: "claims/s" },
      {
        section,
        metric: "claims left undecided",
        value: pending?.n ?? Number.NaN,
        unit: "claims",
        target: "<= 0",
      },
      {
        section,
        metric: "lines credited, off the 90% expected",
        value: Math.abs(outcome.credited - claims * 0.9),
        unit: "lines",
        target: "<= 0",
      },
    ];
  } finally {
    await graph.stop();
    await data.close();
  }
}
