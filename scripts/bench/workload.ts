import type postgres from "postgres";
import { connect } from "../../lib/runtime/database.ts";
import { reviewMigrations, schema as reviewSchema } from "../../subgraphs/review/db/index.ts";
import { ensureClickPartitions } from "../../subgraphs/review/db/queries/partitions.ts";
import { shopMigrations } from "../../subgraphs/shop/db/index.ts";
import { progressBar } from "../dev/command.ts";
import type { BenchContext } from "./context.ts";

export interface Workload {
  stores: number;
  shop: { url: string; sql: postgres.Sql; close(): Promise<void> };
  review: { url: string; sql: postgres.Sql; close(): Promise<void> };
  clicks: number;
  orderLines: number;
}

const TIMEZONES = [
  ["Asia/Seoul", "ko", "KRW"],
  ["America/New_York", "en", "USD"],
  ["Europe/Berlin", "en", "EUR"],
  ["Pacific/Auckland", "en", "NZD"],
  ["America/Los_Angeles", "en", "USD"],
] as const;

/**
 * `stores` stores × 10 widgets (one inactive) × 20 products, 8 weeks of clicks (100 + 20·w a widget, about
 * 2,100 a store) and of orders (1,000 a store, 2 lines each, 1 in 10 cancelled or refunded, 1 line in 4
 * credited to a widget's click), all with
 * set-based SQL in chunks of stores, with a progress bar. Ids are md5-derived, so shop's order lines name
 * the products review made.
 */
export async function generateWorkload(ctx: BenchContext, stores: number): Promise<Workload> {
  const shop = await ctx.freshDatabase("bench_shop", shopMigrations);
  const review = await ctx.freshDatabase("bench_review", reviewMigrations);
  const now = new Date();
  const partitions = connect(review.url, reviewSchema, { max: 1 });
  await ensureClickPartitions(partitions.db, { now, behind: 10, ahead: 1 });
  await partitions.close();

  const timezones = ctx.adminSql.json(TIMEZONES.map(([tz, locale, currency]) => ({ tz, locale, currency })));
  await step(
    ctx,
    `${stores} stores`,
    () => shop.sql`
    insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
    select md5('s:' || s)::uuid, 'Store ' || s, z.tz, z.locale, z.currency, true, array['owner' || s || '@example.com']
    from generate_series(1, ${stores}) s
    join (select row_number() over () - 1 as i, * from jsonb_to_recordset(${timezones}) as z(tz text, locale text, currency text)) z
      on z.i = s % ${TIMEZONES.length}`,
  );
  await step(ctx, `${stores * 20} products, ${stores * 10} widgets`, async () => {
    await review.sql`
      insert into products (id, store_id, name, image_url, url)
      select md5('p:' || s || ':' || p)::uuid, md5('s:' || s)::uuid, 'Product ' || p,
             'https://img.example/' || s || '/' || p || '.jpg', 'https://shop.example/' || s || '/' || p
      from generate_series(1, ${stores}) s, generate_series(1, 20) p`;
    await review.sql`
      insert into widgets (id, store_id, name, active, created_at)
      select md5('w:' || s || ':' || w)::uuid, md5('s:' || s)::uuid, 'Widget ' || w, w < 10, now() - interval '1 year' + w * interval '1 minute'
      from generate_series(1, ${stores}) s, generate_series(1, 10) w`;
    await review.sql`
      insert into widget_products (widget_id, product_id, position)
      select md5('w:' || s || ':' || w)::uuid, md5('p:' || s || ':' || (((w - 1) * 2 + k) % 20 + 1))::uuid, k
      from generate_series(1, ${stores}) s, generate_series(1, 10) w, generate_series(0, 4) k`;
  });
  const chunks = chunksOf(stores);
  const bar = progressBar(chunks.length * 2, "workload: clicks, then orders");
  let clicks = 0;
  let orderLines = 0;
  await step(ctx, `about ${(stores * 2_100).toLocaleString("en-US")} clicks`, async () => {
    for (const [from, to] of chunks) {
      clicks += await insertClicks(review.sql, from, to, 1);
      bar.tick();
    }
  });
  await step(ctx, `${(stores * 1_000).toLocaleString("en-US")} orders, 2 lines each`, async () => {
    for (const [from, to] of chunks) {
      await shop.sql`
        insert into orders (id, store_id, status, placed_at)
        select md5('o:' || s || ':' || o)::uuid, md5('s:' || s)::uuid,
               (case when o % 20 = 0 then 'cancelled' when o % 20 = 1 then 'refunded' when o % 5 = 0 then 'fulfilled' else 'paid' end)::order_status,
               now() - random() * interval '56 days'
        from generate_series(${from}::int, ${to}::int) s, generate_series(1, 1000) o`;
      const [lines] = await shop.sql<{ n: number }[]>`
        with inserted as (
          insert into order_lines (order_id, line_id, product_id, quantity, unit_price, click_id, claim_checked_at, credited_widget_id)
          select md5('o:' || s || ':' || o)::uuid, l::text, md5('p:' || s || ':' || (1 + floor(random() * 20))::int)::uuid,
                 1 + floor(random() * 3)::int, round((5 + random() * 95)::numeric, 2),
                 -- One line in four came from a widget click, already credited to an active widget.
                 c.click_id, c.checked_at, c.widget_id
          from generate_series(${from}::int, ${to}::int) s, generate_series(1, 1000) o, generate_series(1, 2) l
          left join lateral (
            select gen_random_uuid() as click_id, now() as checked_at,
                   md5('w:' || s || ':' || (1 + floor(random() * 9))::int)::uuid as widget_id
            where random() < 0.25) c on true
          returning 1)
        select count(*)::int as n from inserted`;
      orderLines += lines?.n ?? 0;
      bar.tick();
    }
  });
  bar.done();
  await step(ctx, "vacuum analyze, checkpoint", async () => {
    await shop.sql`vacuum analyze`;
    await review.sql`vacuum analyze`;
    await checkpoint(ctx);
  });
  return { stores, shop, review, clicks, orderLines };
}

/**
 * Adds clicks to a workload until it holds `scale` times the base 2,100 a store (the report's cost at a
 * bigger click table), in chunks with a progress bar.
 */
export async function scaleClicks(ctx: BenchContext, workload: Workload, scale: number): Promise<void> {
  const chunks = chunksOf(workload.stores);
  const bar = progressBar(chunks.length, `workload: clicks ×${scale}`);
  await step(ctx, `${scale - 1} more times the clicks`, async () => {
    for (const [from, to] of chunks) {
      workload.clicks += await insertClicks(workload.review.sql, from, to, scale - 1);
      bar.tick();
    }
    bar.done();
    await workload.review.sql`vacuum analyze widget_clicks`;
    await checkpoint(ctx);
  });
}

/**
 * Writes out what loading the workload dirtied, so that a checkpoint does not do it in the background
 * while reports are measured. Needs superuser (or pg_checkpoint) on a BENCH_DATABASE_URL server.
 */
async function checkpoint(ctx: BenchContext): Promise<void> {
  try {
    await ctx.adminSql`checkpoint`;
  } catch (error) {
    ctx.progress(`no checkpoint before measuring (${(error as Error).message}): figures may include one`);
  }
}

/** 8 weeks of clicks for stores `from`..`to`: (100 + 20·w) × `scale` on widget w, at random instants. */
async function insertClicks(sql: postgres.Sql, from: number, to: number, scale: number): Promise<number> {
  const [inserted] = await sql<{ n: number }[]>`
    with inserted as (
      insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
      select gen_random_uuid(), md5('w:' || s || ':' || w)::uuid, md5('s:' || s)::uuid,
             now() - random() * interval '56 days'
      from generate_series(${from}::int, ${to}::int) s, generate_series(1, 10) w,
           lateral generate_series(1, (100 + 20 * w) * ${scale}::int) c
      returning 1)
    select count(*)::int as n from inserted`;
  return inserted?.n ?? 0;
}

/** Store ranges of about 5% each: set-based inserts, with progress between them. */
function chunksOf(stores: number): [number, number][] {
  const size = Math.max(1, Math.ceil(stores / 20));
  const chunks: [number, number][] = [];
  for (let from = 1; from <= stores; from += size) chunks.push([from, Math.min(stores, from + size - 1)]);
  return chunks;
}

async function step<T>(ctx: BenchContext, what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  ctx.progress(`workload: ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}
