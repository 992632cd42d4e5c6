import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { print } from "graphql";
import { buildDashboard, DIST } from "../../dashboard/server.ts";
import { StoreHeaderDocument, WeekOverviewDocument } from "../../dashboard/src/gql/graphql.ts";
import { issueToken } from "../../lib/auth.ts";
import type { Logger } from "../../lib/logger.ts";
import { createHttpFetcher } from "../../lib/transport/http-fetcher.ts";
import { lastCompletedWeek, shiftWeek } from "../../lib/week.ts";
import type { BenchContext } from "../bench.ts";
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
    await ask(token, query, { storeId: store.id, week, previousWeek: shiftWeek(week, -1), weeks: 12 });
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
    { section, metric: "built JavaScript, gzip", value: scriptBytes / 1024, unit: "kB", target: "<= 250" },
  ];
}
