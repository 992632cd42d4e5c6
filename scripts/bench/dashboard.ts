import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { print } from "graphql";
import { buildDashboard, DIST } from "../../dashboard/server.ts";
import {
  StoreHeaderDocument,
  StoreHoldoutsDocument,
  WeekOverviewDocument,
} from "../../dashboard/src/gql/graphql.ts";
import { issueToken } from "../../lib/auth.ts";
import type { Logger } from "../../lib/logger.ts";
import { createHttpFetcher } from "../../lib/transport/http-fetcher.ts";
import { lastCompletedWeek } from "../../lib/week.ts";
import type { BenchContext } from "./context.ts";
import type { Figure } from "./figures.ts";
import { warmUp } from "./load.ts";
import { percentile, withoutAttribution } from "./reports.ts";
import type { Workload } from "./workload.ts";

/**
 * The dashboard's overview as a store owner opens it: its two requests (the store, then the week's
 * totals, 12 weeks of trends, widgets and products) through the gateway with each store's own read-only
 * link token, one store at a time; and the size of the built app as a browser downloads it.
 */
export async function benchDashboard(
  ctx: BenchContext,
  workload: Workload,
  gatewayUrl: string,
  log: Logger,
): Promise<Figure[]> {
  const stores = await workload.shop.sql<
    { id: string; timezone: string }[]
  >`select id, timezone from stores order by id`;
  const post = createHttpFetcher({ maxSockets: 1 });
  const [header, overview] = [print(StoreHeaderDocument), print(WeekOverviewDocument)];
  const overviewWithout = withoutAttribution(overview);
  const ask = async (token: string, query: string, variables: object) => {
    const response = await post(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`dashboard query failed: ${JSON.stringify(body.errors)}`);
  };
  const open = async (store: { id: string; timezone: string }, token: string, query = overview) => {
    await ask(token, header, { storeId: store.id });
    const week = lastCompletedWeek(store.timezone, new Date());
    await ask(token, query, { storeId: store.id, week, weeks: 12 });
  };
  const tokens = await Promise.all(
    stores.map((s) =>
      issueToken(ctx.secretsEnv.AUTH_SECRET, { kind: "store", storeId: s.id, readOnly: true }, 3_600),
    ),
  );

  ctx.progress("dashboard: warm-up");
  await warmUp(ctx.warmUpSeconds, (i) =>
    open(stores[i % stores.length] as (typeof stores)[number], tokens[i % stores.length] as string),
  );
  ctx.progress(`dashboard: ${stores.length} overviews one at a time`);
  const latencies: number[] = [];
  for (const [i, store] of stores.entries()) {
    const started = performance.now();
    await open(store, tokens[i] as string);
    latencies.push(performance.now() - started);
  }
  // The same overviews with and without their attributed fields, alternating store by store.
  ctx.progress(`dashboard: ${stores.length} overviews with and without attribution, alternating`);
  const paired = { with: [] as number[], without: [] as number[] };
  for (const [i, store] of stores.entries())
    for (const kind of i % 2 ? (["without", "with"] as const) : (["with", "without"] as const)) {
      const started = performance.now();
      await open(store, tokens[i] as string, kind === "with" ? overview : overviewWithout);
      paired[kind].push(performance.now() - started);
    }
  const at = (q: number) => percentile(latencies, q);

  // The holdouts panel of a store with a running holdout: eight weeks of it, each week a look.
  ctx.progress(`dashboard: ${stores.length} holdout panels, each of a store with a running holdout`);
  await runningHoldouts(workload);
  const holdouts = print(StoreHoldoutsDocument);
  const holdoutLatencies: number[] = [];
  for (const [i, store] of stores.entries()) {
    const started = performance.now();
    await ask(tokens[i] as string, holdouts, { storeId: store.id });
    holdoutLatencies.push(performance.now() - started);
  }
  // Stopped again: the reports measured after this section (at ten times the clicks) must be the same
  // reports as before it, not reports that also carry a holdout's look (one more shop statement each).
  await workload.review
    .sql`update holdout_runs set stopped_at = now(), stopped_by = 'store_token' where stopped_at is null`;

  await buildDashboard(log);
  const assets = join(DIST, "assets");
  let scriptBytes = 0;
  for (const file of (await readdir(assets)).filter((name) => name.endsWith(".js")))
    scriptBytes += gzipSync(await readFile(join(assets, file)), { level: 9 }).length;

  const section = `dashboard (${stores.length} stores)`;
  return [
    { section, metric: "overview, 2 requests, p50", value: at(0.5), unit: "ms" },
    { section, metric: "overview, 2 requests, p95", value: at(0.95), unit: "ms", target: "<= 50" },
    {
      section,
      metric: "overview p95 with attribution / without (alternating)",
      value: percentile(paired.with, 0.95) / percentile(paired.without, 0.95),
      unit: "ratio",
    },
    {
      section,
      metric: "holdouts panel (8 weekly looks), p95",
      value: percentile(holdoutLatencies, 0.95),
      unit: "ms",
    },
    { section, metric: "built JavaScript, gzip", value: scriptBytes / 1024, unit: "kB", target: "<= 250" },
  ];
}

/**
 * A 10 % holdout on each store's oldest active widget, started eight weeks and an hour ago: its days'
 * visitors and slot views, and a tenth of the store's orders since then held out, the rest exposed.
 */
async function runningHoldouts(workload: Workload) {
  await workload.review.sql`
    insert into holdout_runs (store_id, widget_id, share, started_at, started_by)
    select distinct on (store_id) store_id, id, 10, now() - interval '8 weeks 1 hour', 'store_token'
    from widgets where active order by store_id, created_at
    on conflict do nothing`;
  await workload.review.sql`
    insert into holdout_days (run_id, held_out, day, slot_views, visitors)
    select r.id, g.held_out, d::date, case when g.held_out then 300 else 2700 end, case when g.held_out then 200 else 1800 end
    from holdout_runs r cross join (values (false), (true)) as g(held_out)
    cross join generate_series(r.started_at::date, r.started_at::date + 55, interval '1 day') as d
    on conflict do nothing`;
  const runs = await workload.review.sql<{ run_id: string; store_id: string; started_at: string }[]>`
    select id as run_id, store_id, started_at from holdout_runs where stopped_at is null`;
  await workload.shop.sql`
    insert into order_holdout_groups (order_id, run_id, held_out)
    select o.id, r.run_id, random() < 0.1
    from json_to_recordset(${JSON.stringify(runs)}::text::json) as r(run_id uuid, store_id uuid, started_at timestamptz)
    join orders o on o.store_id = r.store_id and o.placed_at >= r.started_at
    on conflict do nothing`;
}
