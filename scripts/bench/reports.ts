import { Kind, parse, print, visit } from "graphql";
import { createRenderPool } from "../../emails/render-pool.ts";
import { WeeklyReportEmail, type WeeklyReportEmailProps } from "../../emails/weekly-report.tsx";
import type { WorkerSettings } from "../../jobs/config.ts";
import { WeeklyReportDocument, type WeeklyReportQuery } from "../../jobs/generated/operations.ts";
import { reportEmails } from "../../jobs/report-email.ts";
import { fetchReports, REPORTS_PER_QUERY } from "../../jobs/report-model.ts";
import { forEachConcurrently } from "../../lib/concurrency.ts";
import { createHttpFetcher } from "../../lib/transport/http-fetcher.ts";
import { lastCompletedWeek, weekStart } from "../../lib/week.ts";
import type { BenchContext } from "./context.ts";
import type { Figure } from "./figures.ts";
import { warmUp } from "./load.ts";
import type { Workload } from "./workload.ts";

/** Pages in flight in the bulk pass: one page's query overlaps another's rendering. */
const PAGES_IN_FLIGHT = 2;

interface TopLists {
  widgets: string[];
  products: string[];
}

/**
 * The weekly report through the gateway for every store of the workload: one store at a time for latency,
 * then all of them as the weekly job gets them (pages of 100 stores in one query each, every report
 * rendered into its email) beside one raw SQL pass that computes the same top-3 lists for all stores at
 * once. The two must agree store by store.
 */
export async function benchReports(
  ctx: BenchContext,
  workload: Workload,
  label: string,
  gatewayUrl: string,
  /** CPU seconds each service of the graph has used so far (reports per core-second of each). */
  cpu: () => Record<string, number>,
): Promise<Figure[]> {
  const stores = await workload.shop.sql<
    { id: string; timezone: string }[]
  >`select id, timezone from stores order by id`;
  const report = reportClient(ctx, gatewayUrl);

  ctx.progress(`reports (${label}): warm-up`);
  await warmUp(ctx.warmUpSeconds, (i) => report((stores[i % stores.length] as (typeof stores)[number]).id));

  ctx.progress(`reports (${label}): ${stores.length} one at a time`);
  const latencies: number[] = [];
  for (const store of stores) {
    const started = performance.now();
    await report(store.id);
    latencies.push(performance.now() - started);
  }
  const at = (q: number) => percentile(latencies, q);

  ctx.progress(`reports (${label}): ${stores.length} in pages of ${REPORTS_PER_QUERY}, rendered`);
  const settings = benchReportSettings(ctx, gatewayUrl);
  const now = new Date();
  // A page is one week: stores whose last completed week differs (near Monday) go in pages of their own.
  const pages: { week: string; storeIds: string[] }[] = [];
  for (const store of stores) {
    const week = lastCompletedWeek(store.timezone, now);
    const page = pages.findLast((p) => p.week === week);
    if (page && page.storeIds.length < REPORTS_PER_QUERY) page.storeIds.push(store.id);
    else pages.push({ week, storeIds: [store.id] });
  }
  const inBulk = new Map<string, TopLists>();
  // Rendered as the worker renders: on its render threads, a page's stores four at a time.
  const renderPool = createRenderPool();
  await renderPool.render(WeeklyReportEmail.PreviewProps as WeeklyReportEmailProps); // threads warm
  const cpuBefore = cpu();
  const allStarted = performance.now();
  try {
    await forEachConcurrently(pages, PAGES_IN_FLIGHT, async (page) => {
      const reports = [...(await fetchReports(settings, page.storeIds, page.week))];
      await forEachConcurrently(reports, 4, async ([storeId, result]) => {
        if (result instanceof Error) throw result;
        await reportEmails(settings, result, page.week, renderPool.render);
        inBulk.set(storeId, {
          widgets: result.widgets?.map((w) => w.id) ?? [],
          products: result.products?.map((p) => p.id) ?? [],
        });
      });
    });
  } finally {
    await renderPool.close();
  }
  const allSeconds = (performance.now() - allStarted) / 1000;
  const cpuAfter = cpu();

  ctx.progress(`reports (${label}): raw SQL pass`);
  const rawStarted = performance.now();
  const raw = await rawTopLists(workload, stores);
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  const disagreements = stores.filter(
    (s) => JSON.stringify(raw.get(s.id)) !== JSON.stringify(inBulk.get(s.id)),
  ).length;

  const section = `weekly report (${label})`;
  return [
    { section, metric: "report query p50 (one at a time)", value: at(0.5), unit: "ms" },
    { section, metric: "report query p95 (one at a time)", value: at(0.95), unit: "ms", target: "<= 15" },
    {
      section,
      metric: `all ${stores.length} reports in pages of ${REPORTS_PER_QUERY}, fetched and rendered`,
      value: allSeconds,
      unit: "s",
    },
    ...Object.entries(cpuAfter).map(([service, seconds]) => ({
      section,
      metric: `reports in pages per CPU-second of ${service}`,
      value: stores.length / (seconds - (cpuBefore[service] ?? Number.NaN)),
      unit: "reports/core-s",
    })),
    { section, metric: "raw SQL pass, same top-3 lists", value: rawSeconds, unit: "s" },
    {
      section,
      metric: "all reports in pages, rendered / raw SQL pass",
      value: allSeconds / rawSeconds,
      unit: "ratio",
      target: "<= 1.5",
    },
    {
      section,
      metric: "stores where the two disagree",
      value: disagreements,
      unit: "stores",
      target: "<= 0",
    },
  ];
}

/** What the weekly job's report and email code needs, for the bench's gateway and secrets. */
export function benchReportSettings(ctx: BenchContext, gatewayUrl: string): WorkerSettings {
  return {
    gatewayUrl,
    linkSecret: ctx.secretsEnv.LINK_SECRET,
    scopes: ["reports:read", "claims"],
    publicUrl: "http://127.0.0.1:4000",
    dashboardUrl: "https://dashboard.example",
    from: "List Designer <reports@listdesigner.example>",
  };
}

/**
 * Fetches one store's report through the gateway at `gatewayUrl` (the weekly job's query, or `query`) and
 * keeps its top-3 lists.
 */
function reportClient(
  ctx: BenchContext,
  gatewayUrl: string,
  sockets = 1,
  query = WeeklyReportDocument.toString(),
) {
  const post = createHttpFetcher({ maxSockets: sockets });
  return async (storeId: string): Promise<TopLists> => {
    const response = await post(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ctx.serviceToken}` },
      body: JSON.stringify({ query, variables: { storeId } }),
    });
    const body = (await response.json()) as { errors?: unknown[]; data?: WeeklyReportQuery };
    const store = body.data?.store;
    if (body.errors || !store)
      throw new Error(`report for ${storeId} failed: ${JSON.stringify(body.errors)}`);
    return {
      widgets: store.topWidgets.map((w) => w.widget.id),
      products: store.topProducts.map((p) => p.product.id),
    };
  };
}

/** The graph's fields that come from the attribution job's verdicts. */
const ATTRIBUTED = new Set(["attributedSales", "attributedOrders", "conversionRate"]);

/** An operation with those fields taken out: what it cost before sales were credited to widgets. */
export function withoutAttribution(operation: string): string {
  return print(
    visit(parse(operation), {
      enter: (node) => (node.kind === Kind.FIELD && ATTRIBUTED.has(node.name.value) ? null : undefined),
    }),
  );
}

/** The weekly job's report query without its attributed fields. */
const REPORT_WITHOUT_ATTRIBUTION = withoutAttribution(WeeklyReportDocument.toString());

/**
 * What crediting sales to widgets costs the report: every store's report one at a time with its attributed
 * fields and without them (the same query with those fields taken out), the two alternating store by
 * store so that both see the same machine.
 */
export async function benchAttributionCost(
  ctx: BenchContext,
  workload: Workload,
  label: string,
  gatewayUrl: string,
): Promise<Figure[]> {
  const stores = await workload.shop.sql<{ id: string }[]>`select id from stores order by id`;
  const variants = [
    { name: "with", report: reportClient(ctx, gatewayUrl), latencies: [] as number[] },
    {
      name: "without",
      report: reportClient(ctx, gatewayUrl, 1, REPORT_WITHOUT_ATTRIBUTION),
      latencies: [] as number[],
    },
  ];
  ctx.progress(`reports (${label}): with and without attribution, warm-up`);
  await warmUp(ctx.warmUpSeconds, (i) =>
    (variants[i % 2] as (typeof variants)[number]).report((stores[i % stores.length] as { id: string }).id),
  );
  ctx.progress(`reports (${label}): ${stores.length} with and without attribution, alternating`);
  for (const [i, store] of stores.entries())
    for (const variant of i % 2 ? [...variants].reverse() : variants) {
      const started = performance.now();
      await variant.report(store.id);
      variant.latencies.push(performance.now() - started);
    }
  const [withIt, withoutIt] = variants.map((v) => percentile(v.latencies, 0.95)) as [number, number];
  const section = `weekly report (${label})`;
  return [
    { section, metric: "report query p95 with attribution (alternating)", value: withIt, unit: "ms" },
    { section, metric: "report query p95 without attribution (alternating)", value: withoutIt, unit: "ms" },
    {
      section,
      metric: "report query p95, with attribution / without",
      value: withIt / withoutIt,
      unit: "ratio",
      target: "<= 1.15",
    },
  ];
}

/** Clients of the gateways' side-by-side turns: enough to keep both cores busy. */
const CLIENTS = 8;

/**
 * Report throughput through gateways side by side on the same subgraphs (this gateway over each transport,
 * and Hive Gateway), the whole weekly report: each started and warmed up, then every store's report by {@link CLIENTS} clients at
 * once, in turns (a third of the stores a turn), so that a slow moment of the machine falls on all of
 * them alike. One report alone spends most of its time in the subgraphs, which the gateways share; under
 * load, what each gateway costs per report decides how many the machine answers.
 */
export async function benchReportGateways(
  ctx: BenchContext,
  workload: Workload,
  variants: { label: string; start(): Promise<{ url: string; stop(): Promise<void> }> }[],
): Promise<Figure[]> {
  const stores = await workload.shop.sql<{ id: string }[]>`select id from stores order by id`;
  const gateways: {
    label: string;
    stop(): Promise<void>;
    report: ReturnType<typeof reportClient>;
    latencies: number[];
    seconds: number;
  }[] = [];
  try {
    for (const { label, start } of variants) {
      const gateway = await start();
      gateways.push({
        label,
        stop: gateway.stop,
        report: reportClient(ctx, gateway.url, CLIENTS),
        latencies: [],
        seconds: 0,
      });
    }
    ctx.progress(`reports: ${variants.map((v) => v.label).join(", ")} in turns, ${CLIENTS} clients`);
    for (const { report } of gateways)
      await warmUp(ctx.warmUpSeconds, (i) =>
        report((stores[i % stores.length] as (typeof stores)[number]).id),
      );
    const turns = 3;
    for (let turn = 0; turn < turns; turn++)
      for (const gateway of gateways) {
        const share = stores.filter((_, i) => i % turns === turn);
        const started = performance.now();
        await forEachConcurrently(share, CLIENTS, async (store) => {
          const sent = performance.now();
          await gateway.report(store.id);
          gateway.latencies.push(performance.now() - sent);
        });
        gateway.seconds += (performance.now() - started) / 1000;
      }
  } finally {
    for (const gateway of gateways) await gateway.stop();
  }
  const section = `weekly report through each gateway (${CLIENTS} clients, in turns)`;
  const rate = (gateway: (typeof gateways)[number] | undefined) =>
    gateway ? gateway.latencies.length / gateway.seconds : Number.NaN;
  const [ours] = gateways;
  const peer = gateways.at(-1);
  return [
    ...gateways.flatMap((gateway) => [
      { section, metric: `${gateway.label}: reports/s`, value: rate(gateway), unit: "reports/s" },
      {
        section,
        metric: `${gateway.label}: report p95`,
        value: percentile(gateway.latencies, 0.95),
        unit: "ms",
      },
    ]),
    {
      section,
      metric: `${ours?.label} / ${peer?.label}, reports/s`,
      value: rate(ours) / rate(peer),
      unit: "ratio",
      target: ">= 1.5",
    },
  ];
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * The same top-3 lists for every store, computed directly with window functions: one statement on review
 * for widgets and widget products, one on shop for products. Week bounds come from the stores' timezones.
 */
async function rawTopLists(
  workload: Workload,
  stores: { id: string; timezone: string }[],
): Promise<Map<string, TopLists>> {
  const now = new Date();
  const weeks = stores.map((s) => ({
    store_id: s.id,
    tz: s.timezone,
    start: weekStart(lastCompletedWeek(s.timezone, now)),
  }));
  const review = workload.review.sql;
  const widgetRows = await review<{ store_id: string; top_widgets: string[]; product_ids: string[] }[]>`
    with s as (select * from jsonb_to_recordset(${review.json(weeks)}) as s(store_id uuid, tz text, start date)),
    b as (select store_id, (start::timestamp at time zone tz) as cur_from, ((start + 7)::timestamp at time zone tz) as cur_to from s),
    counts as (
      select w.store_id, w.id as widget_id, count(*) as clicks
      from b join widgets w on w.store_id = b.store_id
      join widget_clicks c on c.widget_id = w.id and c.occurred_at >= b.cur_from and c.occurred_at < b.cur_to
      group by w.store_id, w.id),
    ranked as (select *, row_number() over (partition by store_id order by clicks desc, widget_id) as rank from counts)
    select b.store_id,
      coalesce((select array_agg(widget_id order by rank) from ranked r where r.store_id = b.store_id and rank <= 3), '{}') as top_widgets,
      coalesce((select array_agg(distinct wp.product_id) from widgets w join widget_products wp on wp.widget_id = w.id
                where w.store_id = b.store_id and w.active), '{}') as product_ids
    from b`;
  const shop = workload.shop.sql;
  const candidates = widgetRows.map((row) => ({
    store_id: row.store_id,
    product_ids: row.product_ids,
    start: weeks.find((w) => w.store_id === row.store_id)?.start,
  }));
  const productRows = await shop<{ store_id: string; top_products: string[] }[]>`
    with s as (select * from jsonb_to_recordset(${shop.json(candidates)}) as s(store_id uuid, product_ids uuid[], start date)),
    b as (select s.store_id, s.product_ids, (s.start::timestamp at time zone st.timezone) as cur_from,
                 ((s.start + 7)::timestamp at time zone st.timezone) as cur_to
          from s join stores st on st.id = s.store_id),
    sums as (
      select o.store_id, ol.product_id, sum(ol.quantity * ol.unit_price) as sales, sum(ol.quantity) as units
      from b join orders o on o.store_id = b.store_id and o.placed_at >= b.cur_from and o.placed_at < b.cur_to
        and o.status in ('paid', 'fulfilled')
      join order_lines ol on ol.order_id = o.id and ol.product_id = any(b.product_ids)
      group by o.store_id, ol.product_id),
    ranked as (select *, row_number() over (partition by store_id order by sales desc, units desc, product_id) as rank from sums)
    select b.store_id,
      coalesce((select array_agg(product_id order by rank) from ranked r where r.store_id = b.store_id and rank <= 3), '{}') as top_products
    from b`;
  const products = new Map(productRows.map((row) => [row.store_id, row.top_products]));
  return new Map(
    widgetRows.map((row) => [
      row.store_id,
      { widgets: row.top_widgets, products: products.get(row.store_id) ?? [] },
    ]),
  );
}
