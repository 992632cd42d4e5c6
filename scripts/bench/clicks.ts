import { randomUUID } from "node:crypto";
import { SECRET_HEADER, SUBGRAPH_TRANSPORTS } from "../../lib/subgraph-contract.ts";
import { reviewMigrations } from "../../subgraphs/review/db/index.ts";
import { bundleTracker } from "../../tracker/bundle.ts";
import { freePort } from "../dev/embedded-postgres.ts";
import {
  HIVE_GATEWAY_FILE,
  type ServiceProcess,
  spawnScript,
  spawnService,
  waitForGraphQL,
} from "../dev/processes.ts";
import type { BenchContext } from "./context.ts";
import type { Figure } from "./figures.ts";
import {
  RecordClickDocument,
  RecordImpressionsDocument,
  RecordSlotViewsDocument,
} from "./generated/operations.ts";
import { closedLoop, cpuSeconds, type LoadResult } from "./load.ts";

const CONCURRENCY = 64;
/** The peer gateway measured beside this one. */
const PEER = "Hive Gateway 2.15 (peer)";
/** The telemetry settings whose cost the bench measures, the first being the reference. */
const TELEMETRY_VARIANTS = [
  { label: "telemetry off", env: { GATEWAY_METRICS_PORT: "off", REVIEW_METRICS_PORT: "off" } },
  { label: "metrics on", env: {} },
  { label: "metrics and tracing on, no exporter", env: { OTEL_TRACES_EXPORTER: "none" } },
];
const WIDGETS = 200;
const PRODUCTS_PER_WIDGET = 5;
/** A storefront visitor's browser (node's own user agent is rightly taken for a bot). */
export const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** Impressions per request, as the tracker sends a page's batch. */
const IMPRESSION_BATCH = 10;

/**
 * Click ingestion at 64 concurrent clients: through the gateway and straight to the review subgraph (both
 * with group commit), and the same subgraph writing each click on its own (CLICK_BATCH_MAX=1) as the
 * baseline, all in one run on one database. Then every acknowledged click is looked for in the table.
 * Between them, impressions through the gateway in batches of 10, each acknowledged one looked for in the
 * rollup.
 */
export async function benchClicks(ctx: BenchContext): Promise<Figure[]> {
  const database = await ctx.freshDatabase("bench_clicks_review", reviewMigrations);
  const widgets = await seedWidgets(database.sql);
  const seconds = ctx.quick ? 2 : 10;
  let visitor = 0;
  const body = () => {
    const widget = widgets[Math.floor(Math.random() * widgets.length)] as (typeof widgets)[number];
    const productId = widget.products[Math.floor(Math.random() * widget.products.length)];
    visitor += 1;
    return {
      payload: JSON.stringify({
        query: RecordClickDocument.toString(),
        variables: { input: { widgetId: widget.id, productId, clickId: randomUUID() } },
      }),
      headers: { "user-agent": `${BROWSER} bench/${visitor}` },
    };
  };
  const ports = { review: await freePort(), gateway: await freePort(), shop: await freePort() };
  const reviewUrl = `http://127.0.0.1:${ports.review}/graphql`;
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  // A gateway for each transport to the subgraphs, measured in the same run (see below).
  const transportPorts = await Promise.all(SUBGRAPH_TRANSPORTS.map(() => freePort()));
  const common = {
    LOG_LEVEL: "warn",
    REVIEW_PORT: String(ports.review),
    SHOP_PORT: String(ports.shop),
    // Every storefront of the load generator shares one address.
    RATE_LIMIT_PER_SECOND: "0",
    CLICK_MAX_PER_ADDRESS: "0",
    ...ctx.secretsEnv,
  };
  // Straight to the review subgraph means calling it as the gateway does: with the shared secret, and the
  // storefront's user agent passed on as x-client-user-agent.
  const asGateway = { [SECRET_HEADER]: ctx.secretsEnv.SUBGRAPH_SECRET };
  const load = (url: string, duration = seconds) =>
    closedLoop(url, {
      concurrency: CONCURRENCY,
      seconds: duration,
      body: () => {
        const { payload, headers } = body();
        return {
          payload,
          headers:
            url === reviewUrl ? { ...asGateway, "x-client-user-agent": headers["user-agent"] } : headers,
        };
      },
    });
  const startReview = async (extra: Record<string, string> = {}) => {
    const env = { ...common, REVIEW_DATABASE_URL: database.url, ...extra };
    const service = spawnService("review", env);
    await waitForGraphQL(reviewUrl, service, { headers: asGateway });
    return service;
  };
  const runs: LoadResult[] = [];
  const measured = async (url: string) => {
    runs.push(await load(url, ctx.warmUpSeconds)); // warm-up: answers checked, not measured
    const result = await load(url);
    runs.push(result);
    return result;
  };

  /**
   * Variants of the click path measured side by side: each started, warmed up, then loaded in turns, a
   * third of the time each turn, so that a slow moment of the machine falls on all of them alike.
   */
  const inTurns = async (variants: { label: string; start(): Promise<string> }[]) => {
    const started = [];
    for (const variant of variants)
      started.push({ ...variant, url: await variant.start(), results: [] as LoadResult[] });
    ctx.progress(`clicks: ${variants.map((v) => v.label).join(", ")} in turns`);
    for (const { url } of started) runs.push(await load(url, ctx.warmUpSeconds));
    const turns = ctx.quick ? 1 : 3;
    for (let turn = 0; turn < turns; turn++)
      for (const { url, results } of started) {
        const result = await load(url, seconds / turns);
        runs.push(result);
        results.push(result);
      }
    return started.map(({ label, results }) => ({
      label,
      perSecond:
        results.reduce((sum, r) => sum + r.requests, 0) / results.reduce((sum, r) => sum + r.seconds, 0),
      p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    }));
  };

  let review: ServiceProcess | undefined;
  let gateway: ServiceProcess | undefined;
  const extraServices: ServiceProcess[] = [];
  try {
    review = await startReview();
    gateway = spawnService("gateway", { ...common, GATEWAY_PORT: String(ports.gateway) });
    await waitForGraphQL(gatewayUrl, gateway);
    ctx.progress("clicks: through the gateway");
    const cpuBefore = { gateway: cpuSeconds(gateway.child.pid), review: cpuSeconds(review.child.pid) };
    const viaGateway = await measured(gatewayUrl);
    // CPU per click of each service over the measured run (and its warm-up): what one core of each handles.
    const clicksMeasured = viaGateway.requests + (runs.at(-2)?.requests ?? 0);
    const clicksPerCoreSecond = {
      gateway: clicksMeasured / (cpuSeconds(gateway.child.pid) - cpuBefore.gateway),
      review: clicksMeasured / (cpuSeconds(review.child.pid) - cpuBefore.review),
    };
    // The transports side by side: a gateway each on the same review service; and Hive Gateway, a stock
    // federation gateway, on the same review service with the header rules (scripts/dev/hive-gateway.ts).
    const byTransport = await inTurns([
      ...SUBGRAPH_TRANSPORTS.map((transport, index) => ({
        label: `gateway, ${transport} transport`,
        start: async () => {
          const port = String(transportPorts[index]);
          const service = spawnService("gateway", {
            ...common,
            GATEWAY_PORT: port,
            SUBGRAPH_TRANSPORT: transport,
          });
          extraServices.push(service);
          const url = `http://127.0.0.1:${port}/graphql`;
          await waitForGraphQL(url, service);
          return url;
        },
      })),
      {
        label: PEER,
        start: async () => {
          const port = String(await freePort());
          const service = spawnScript("hive", HIVE_GATEWAY_FILE, { ...common, HIVE_PORT: port });
          extraServices.push(service);
          const url = `http://127.0.0.1:${port}/graphql`;
          await waitForGraphQL(url, service);
          return url;
        },
      },
    ]);
    const peer = byTransport.find(({ label }) => label === PEER);
    // Telemetry's cost: a gateway and a review service each, with metrics and tracing off, with metrics
    // on (the default), and with metrics on and tracing on with no exporter (spans made, then dropped).
    const telemetry = await inTurns(
      TELEMETRY_VARIANTS.map(({ label, env }) => ({
        label,
        start: async () => {
          const pair = { REVIEW_PORT: String(await freePort()), GATEWAY_PORT: String(await freePort()) };
          const reviewService = spawnService("review", {
            ...common,
            ...pair,
            ...env,
            REVIEW_DATABASE_URL: database.url,
          });
          extraServices.push(reviewService);
          await waitForGraphQL(`http://127.0.0.1:${pair.REVIEW_PORT}/graphql`, reviewService, {
            headers: asGateway,
          });
          const gatewayService = spawnService("gateway", { ...common, ...pair, ...env });
          extraServices.push(gatewayService);
          const url = `http://127.0.0.1:${pair.GATEWAY_PORT}/graphql`;
          await waitForGraphQL(url, gatewayService);
          return url;
        },
      })),
    );
    // Impressions and holdout slot views take turns through the same gateway: the two rates side by side.
    ctx.progress("impressions and holdout slot views: through the gateway, batches of 10, in turns");
    const heldWidgets = await holdoutRuns(database.sql, widgets);
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
    const pageEvents = (kind: "impressions" | "slotViews") =>
      closedLoop(gatewayUrl, {
        concurrency: CONCURRENCY,
        seconds: ctx.warmUpSeconds,
        body: () => ({ payload: pageEventsPayload(kind), headers: { "user-agent": BROWSER } }),
      });
    const pageEventsPayload = (kind: "impressions" | "slotViews") =>
      kind === "impressions"
        ? JSON.stringify({
            query: RecordImpressionsDocument.toString(),
            variables: {
              input: {
                impressions: Array.from({ length: IMPRESSION_BATCH }, () => ({
                  widgetId: pick(widgets).id,
                  impressionId: randomUUID(),
                })),
              },
            },
          })
        : JSON.stringify({
            query: RecordSlotViewsDocument.toString(),
            variables: {
              input: {
                slotViews: Array.from({ length: IMPRESSION_BATCH }, () => {
                  const run = pick(heldWidgets);
                  return {
                    runId: run.runId,
                    slotViewId: randomUUID(),
                    group: Math.random() < 0.1 ? "HELD_OUT" : "EXPOSED",
                    firstInRun: Math.random() < 0.2,
                  };
                }),
              },
            },
          });
    const impressionRuns: LoadResult[] = [await pageEvents("impressions")];
    const slotViewRuns: LoadResult[] = [await pageEvents("slotViews")];
    const turns = 2;
    for (let turn = 0; turn < turns; turn++)
      for (const [kind, runsOfKind] of [
        ["impressions", impressionRuns],
        ["slotViews", slotViewRuns],
      ] as const)
        runsOfKind.push(
          await closedLoop(gatewayUrl, {
            concurrency: CONCURRENCY,
            seconds: seconds / turns,
            body: () => ({ payload: pageEventsPayload(kind), headers: { "user-agent": BROWSER } }),
          }),
        );
    const measuredRate = (results: LoadResult[]) =>
      results.slice(1).reduce((sum, r) => sum + r.requests, 0) /
      results.slice(1).reduce((sum, r) => sum + r.seconds, 0);
    const slotViewsAcknowledged = slotViewRuns
      .flatMap((run) => run.answers)
      .reduce<number>((sum, answer) => sum + acceptedSlotViews(answer), 0);
    const [slotViewsStored] = await database.sql<
      { n: number }[]
    >`select coalesce(sum(slot_views), 0)::int as n from holdout_days`;
    const impressions = {
      perSecond: measuredRate(impressionRuns),
      p99Ms: Math.max(...impressionRuns.slice(1).map((run) => run.p99Ms)),
    };
    const impressionsAcknowledged = impressionRuns
      .flatMap((run) => run.answers)
      .reduce<number>((sum, answer) => sum + acceptedImpressions(answer), 0);
    const [impressionsStored] = await database.sql<
      { n: number }[]
    >`select coalesce(sum(impressions), 0)::int as n from widget_impressions`;
    ctx.progress("clicks: straight to the review subgraph");
    const direct = await measured(reviewUrl);
    await review.kill("SIGTERM");
    // Each click its own statement and commit, as many at once as the connection pool allows.
    review = await startReview({ CLICK_BATCH_MAX: "1", CLICK_CONCURRENT_WRITES: "10" });
    ctx.progress("clicks: row-per-request baseline");
    const baseline = await measured(reviewUrl);

    const acknowledged = runs.flatMap((run) => run.answers).filter(isAccepted).length;
    const [stored] = await database.sql<{ n: number }[]>`select count(*)::int as n from widget_clicks`;
    const errors = runs.reduce((sum, run) => sum + run.errors, 0);
    const section = "click ingestion (64 clients)";
    return [
      {
        section,
        metric: "through gateway",
        value: viaGateway.perSecond,
        unit: "clicks/s",
        target: ">= 1500",
      },
      { section, metric: "through gateway p50", value: viaGateway.p50Ms, unit: "ms" },
      {
        section,
        metric: "clicks per CPU-second of the gateway",
        value: clicksPerCoreSecond.gateway,
        unit: "clicks/core-s",
      },
      {
        section,
        metric: "clicks per CPU-second of review",
        value: clicksPerCoreSecond.review,
        unit: "clicks/core-s",
      },
      { section, metric: "through gateway p99", value: viaGateway.p99Ms, unit: "ms", target: "<= 50" },
      ...byTransport.flatMap(({ label, perSecond, p99Ms }) => [
        { section, metric: `${label} (in turns)`, value: perSecond, unit: "clicks/s" },
        { section, metric: `${label} p99 (worst turn)`, value: p99Ms, unit: "ms" },
      ]),
      {
        section,
        metric: `gateway, batch transport / ${PEER}`,
        value:
          (byTransport.find(({ label }) => label === "gateway, batch transport")?.perSecond ?? 0) /
          (peer?.perSecond ?? Number.NaN),
        unit: "ratio",
        target: ">= 3",
      },
      ...telemetry.flatMap(({ label, perSecond, p99Ms }) => [
        { section, metric: `gateway + review, ${label} (in turns)`, value: perSecond, unit: "clicks/s" },
        { section, metric: `gateway + review, ${label} p99 (worst turn)`, value: p99Ms, unit: "ms" },
      ]),
      ...telemetry.slice(1).map(({ label, perSecond }) => ({
        section,
        metric: `${label} / telemetry off`,
        value: perSecond / (telemetry[0]?.perSecond ?? Number.NaN),
        unit: "ratio",
      })),
      { section, metric: "direct to review", value: direct.perSecond, unit: "clicks/s" },
      { section, metric: "direct to review p50", value: direct.p50Ms, unit: "ms" },
      { section, metric: "direct to review p99", value: direct.p99Ms, unit: "ms" },
      { section, metric: "row-per-request baseline", value: baseline.perSecond, unit: "clicks/s" },
      { section, metric: "row-per-request baseline p50", value: baseline.p50Ms, unit: "ms" },
      { section, metric: "row-per-request baseline p99", value: baseline.p99Ms, unit: "ms" },
      {
        section,
        metric: "gateway / direct",
        value: viaGateway.perSecond / direct.perSecond,
        unit: "ratio",
        target: ">= 0.5",
      },
      {
        section,
        // Information only, no target: PostgreSQL already groups concurrent commits' WAL flushes.
        metric: "gateway / baseline",
        value: viaGateway.perSecond / baseline.perSecond,
        unit: "ratio",
      },
      { section, metric: "acknowledged clicks", value: acknowledged, unit: "clicks" },
      {
        section,
        metric: "acknowledged but not stored",
        value: acknowledged - (stored?.n ?? 0),
        unit: "clicks",
        target: "<= 0",
      },
      { section, metric: "errors", value: errors, unit: "requests", target: "<= 0" },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "through gateway",
        value: impressions.perSecond * IMPRESSION_BATCH,
        unit: "impressions/s",
        target: ">= 15000",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "through gateway p99 (a batch)",
        value: impressions.p99Ms,
        unit: "ms",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "acknowledged but not in the rollup",
        value: impressionsAcknowledged - (impressionsStored?.n ?? 0),
        unit: "impressions",
        target: "<= 0",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "errors",
        value: impressionRuns.reduce((sum, run) => sum + run.errors, 0),
        unit: "requests",
        target: "<= 0",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "holdout slot views through gateway, in turns with impressions",
        value: measuredRate(slotViewRuns) * IMPRESSION_BATCH,
        unit: "slot views/s",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "slot views per second / impressions per second",
        value: measuredRate(slotViewRuns) / impressions.perSecond,
        unit: "ratio",
        target: ">= 0.9",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "slot views acknowledged but not in the rollup",
        value: slotViewsAcknowledged - (slotViewsStored?.n ?? 0),
        unit: "slot views",
        target: "<= 0",
      },
      {
        section: "impressions (64 clients, batches of 10)",
        metric: "tracker.js, minified and gzipped",
        value: (await bundleTracker("iife")).gzipBytes,
        unit: "bytes",
        target: "<= 3072",
      },
    ];
  } finally {
    for (const other of extraServices) await other.kill("SIGTERM");
    await gateway?.kill("SIGTERM");
    await review?.kill("SIGTERM");
    await database.close();
  }
}

function acceptedImpressions(answer: unknown): number {
  const results = (answer as { data?: { recordImpressions?: { results?: { accepted: boolean }[] } } }).data
    ?.recordImpressions?.results;
  return results?.filter((r) => r.accepted).length ?? 0;
}

function acceptedSlotViews(answer: unknown): number {
  const results = (answer as { data?: { recordSlotViews?: { results?: { accepted: boolean }[] } } }).data
    ?.recordSlotViews?.results;
  return results?.filter((result) => result.accepted).length ?? 0;
}

/** A running 10 % holdout on every bench widget. */
async function holdoutRuns(sql: BenchContext["adminSql"], widgets: { id: string; storeId: string }[]) {
  const rows = sql.json(widgets.map((w) => ({ widget_id: w.id, store_id: w.storeId })));
  return sql<{ runId: string; widgetId: string }[]>`
    insert into holdout_runs (store_id, widget_id, share, started_at, started_by)
    select store_id, widget_id, 10, now(), 'store_token' from jsonb_to_recordset(${rows}) as w(widget_id uuid, store_id uuid)
    returning id::text as "runId", widget_id::text as "widgetId"`;
}

function isAccepted(answer: unknown): boolean {
  return (answer as { data?: { recordClick?: { accepted?: boolean } } }).data?.recordClick?.accepted === true;
}

async function seedWidgets(sql: BenchContext["adminSql"]) {
  const widgets = Array.from({ length: WIDGETS }, () => ({
    id: randomUUID(),
    storeId: randomUUID(),
    products: Array.from({ length: PRODUCTS_PER_WIDGET }, () => randomUUID()),
  }));
  const rows = sql.json(widgets.map((w) => ({ id: w.id, store_id: w.storeId, products: w.products })));
  await sql`insert into widgets (id, store_id, name)
    select id, store_id, 'Bench widget' from jsonb_to_recordset(${rows}) as w(id uuid, store_id uuid)`;
  await sql`insert into products (id, store_id, name)
    select p::uuid, store_id, 'Bench product' from jsonb_to_recordset(${rows}) as w(store_id uuid, products jsonb),
    jsonb_array_elements_text(products) as p`;
  await sql`insert into widget_products (widget_id, product_id, position)
    select id, p.value::uuid, p.ordinality::int from jsonb_to_recordset(${rows}) as w(id uuid, products jsonb),
    jsonb_array_elements_text(products) with ordinality as p(value, ordinality)`;
  return widgets;
}
