import type { WorkerSettings } from "../../jobs/config.ts";
import { jobsMigrations, schema as jobsSchema } from "../../jobs/db/index.ts";
import { deliveryCounts } from "../../jobs/ledger.ts";
import { resendProvider } from "../../jobs/mail-provider.ts";
import { reportEmails } from "../../jobs/report-email.ts";
import { fetchReports } from "../../jobs/report-model.ts";
import { startWorker } from "../../jobs/worker.ts";
import { createLogger } from "../../lib/logger.ts";
import { connect } from "../../lib/runtime/database.ts";
import { reviewMigrations } from "../../subgraphs/review/db/index.ts";
import { shopMigrations } from "../../subgraphs/shop/db/index.ts";
import { startResendStandIn } from "../../test/helpers/resend-stand-in.ts";
import { startGraph } from "../dev/processes.ts";
import type { BenchContext } from "./context.ts";
import type { Figure } from "./figures.ts";
import { benchReportSettings } from "./reports.ts";

/** Tuesday noon UTC: every timezone is past its Monday 09:00, and 2026-W47 is the last completed week. */
const TUESDAY = new Date("2026-11-24T12:00:00Z");

/** The provider's floor: at 2 requests/s of 100 emails each, 200 emails a second at most. */
const PROVIDER_EMAILS_PER_SECOND = 200;

/**
 * The weekly run end to end for `stores` stores (one recipient each): dispatch, send jobs (a page of
 * stores each: one gateway query, then one render per store), and delivery to a Resend stand-in that
 * allows 2 requests per second, with the time of each stage.
 */
export async function benchDelivery(
  ctx: BenchContext,
  stores: number,
): Promise<{ seconds: number; figures: Figure[] }> {
  const shop = await ctx.freshDatabase("bench_mail_shop", shopMigrations);
  const review = await ctx.freshDatabase("bench_mail_review", reviewMigrations);
  const jobsDb = await ctx.freshDatabase("bench_mail_jobs", jobsMigrations);
  ctx.progress(`delivery: ${stores} stores`);
  const storeIds = await shop.sql<{ id: string }[]>`
    insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
    select md5('m:' || s)::uuid, 'Store ' || s, (array['Asia/Seoul','Europe/Berlin','America/New_York','Pacific/Auckland'])[1 + s % 4],
           (array['ko','en','en','en'])[1 + s % 4], (array['KRW','EUR','USD','NZD'])[1 + s % 4], true, array['owner' || s || '@store.example']
    from generate_series(1, ${stores}) s
    returning id`;
  await review.sql`insert into widgets (id, store_id, name) select md5('mw:' || s)::uuid, md5('m:' || s)::uuid, 'Best sellers' from generate_series(1, ${stores}) s`;
  await review.sql`insert into products (id, store_id, name) select md5('mp:' || s || ':' || p)::uuid, md5('m:' || s)::uuid, 'Product ' || p from generate_series(1, ${stores}) s, generate_series(1, 3) p`;
  await review.sql`insert into widget_products (widget_id, product_id, position) select md5('mw:' || s)::uuid, md5('mp:' || s || ':' || p)::uuid, p from generate_series(1, ${stores}) s, generate_series(1, 3) p`;
  await review.sql`insert into widget_clicks (click_id, widget_id, store_id, occurred_at)
    select gen_random_uuid(), md5('mw:' || s)::uuid, md5('m:' || s)::uuid, '2026-11-18T12:00:00Z' from generate_series(1, ${stores}) s, generate_series(1, 5)`;
  await shop.sql`insert into orders (id, store_id, status, placed_at) select md5('mo:' || s)::uuid, md5('m:' || s)::uuid, 'paid', '2026-11-18T12:00:00Z' from generate_series(1, ${stores}) s`;
  await shop.sql`insert into order_lines (order_id, product_id, quantity, unit_price)
    select md5('mo:' || s)::uuid, md5('mp:' || s || ':' || p)::uuid, p, 9.99 from generate_series(1, ${stores}) s, generate_series(1, 3) p`;
  // Planner statistics, as a database that has lived would have them (autovacuum may not have run yet).
  await shop.sql`vacuum analyze`;
  await review.sql`vacuum analyze`;

  const standIn = await startResendStandIn({ requestsPerSecond: 2 });
  const jobs = connect(jobsDb.url, jobsSchema, { max: 2 });
  const graph = await startGraph(ctx.secretsEnv, { shop: shop.url, review: review.url });
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  const settings = benchReportSettings(ctx, graph.gatewayUrl);
  try {
    const started = performance.now();
    worker = await startWorker({
      databaseUrl: jobsDb.url,
      settings,
      provider: resendProvider("re_bench", standIn.url),
      requestsPerSecond: 2,
      clock: () => TUESDAY,
      processEveryMs: 1_000,
      log: createLogger("bench-worker", "warn"),
    });
    // Stage by stage: the dispatcher's send jobs all enqueued; every report fetched, rendered and in the
    // ledger; every email accepted by the provider.
    const stages = { dispatched: 0, rendered: 0 };
    for (let lastReport = 0; ; ) {
      const counts = await deliveryCounts(jobs.db);
      const elapsed = (performance.now() - started) / 1000;
      if (!stages.dispatched) {
        const [jobsRow] = await jobsDb.sql<{ n: number }[]>`
          select coalesce(sum(jsonb_array_length(data->'storeIds')), 0)::int as n
          from agenda_jobs where name = 'send-weekly-report'`;
        if ((jobsRow?.n ?? 0) >= stores) stages.dispatched = elapsed;
      }
      if (!stages.rendered && counts.queued + counts.sending + counts.sent + counts.failed >= stores)
        stages.rendered = elapsed;
      if (counts.sent + counts.failed >= stores) break;
      if (elapsed > 900) throw new Error(`delivery did not finish in 15 minutes: ${JSON.stringify(counts)}`);
      if (elapsed - lastReport >= 15) {
        lastReport = elapsed;
        ctx.progress(
          `delivery: ${counts.sent}/${stores} sent, ${counts.queued} queued after ${elapsed.toFixed(0)} s`,
        );
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    const total = (performance.now() - started) / 1000;
    const counts = await deliveryCounts(jobs.db);
    const distinct = new Set(standIn.sent.map((email) => email.to)).size;
    const section = `weekly email (${stores.toLocaleString("en-US")} stores, provider at 2 requests/s)`;
    const floor = stores / PROVIDER_EMAILS_PER_SECOND;
    const figures: Figure[] = [
      {
        section,
        metric: "dispatch to every email sent",
        value: total,
        unit: "s",
        target: stores === 10_000 ? `<= ${1.3 * floor}` : undefined,
      },
      { section, metric: "the provider's floor (2 requests/s × 100 emails)", value: floor, unit: "s" },
      { section, metric: "run / provider's floor", value: total / floor, unit: "ratio" },
      { section, metric: "stage: all send jobs dispatched by", value: stages.dispatched || total, unit: "s" },
      {
        section,
        metric: "stage: all reports fetched, rendered, in the ledger by",
        value: stages.rendered || total,
        unit: "s",
      },
      ...(await perStoreCosts(
        settings,
        storeIds.slice(0, 100).map((row) => row.id),
      ).then((cost) => [
        {
          section,
          metric: "per store: report query in a page of 100 (alone)",
          value: cost.queryMs,
          unit: "ms",
        },
        { section, metric: "per store: render HTML and text (alone)", value: cost.renderMs, unit: "ms" },
      ])),
      { section, metric: "emails sent", value: counts.sent, unit: "emails" },
      {
        section,
        metric: "provider requests (batches of up to 100)",
        value: standIn.stats.requests,
        unit: "requests",
      },
      {
        section,
        metric: "answered 429 by the provider's limit",
        value: standIn.stats.rateLimited,
        unit: "requests",
      },
      {
        section,
        metric: "duplicate emails",
        value: standIn.sent.length - distinct,
        unit: "emails",
        target: "<= 0",
      },
    ];
    return { seconds: total, figures };
  } finally {
    await worker?.close();
    await graph.stop();
    await standIn.close();
    await jobs.close();
    await Promise.all([shop.close(), review.close(), jobsDb.close()]);
  }
}

/**
 * What one store costs in the send job's two stages, measured alone (after the run) on a sample page: its
 * share of the page's report query through the gateway, and rendering its email.
 */
async function perStoreCosts(settings: WorkerSettings, storeIds: string[]) {
  const queried = performance.now();
  const reports = await fetchReports(settings, storeIds, "2026-W47");
  const rendering = performance.now();
  for (const report of reports.values()) {
    if (report instanceof Error) throw report;
    await reportEmails(settings, report, "2026-W47");
  }
  return {
    queryMs: (rendering - queried) / storeIds.length,
    renderMs: (performance.now() - rendering) / storeIds.length,
  };
}
