import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsMigrations, schema as jobsSchema } from "../jobs/db/index.ts";
import { STORES_PER_SEND_JOB } from "../jobs/dispatch.ts";
import { WeeklyReportDocument } from "../jobs/generated/operations.ts";
import { deliveryCounts } from "../jobs/ledger.ts";
import { resendProvider } from "../jobs/mail-provider.ts";
import { startWorker } from "../jobs/worker.ts";
import { createLogger } from "../lib/logger.ts";
import { connect, ensureDatabase, runMigrations } from "../lib/runtime/database.ts";
import { buildDemoData, seedDemoData, stableId } from "../scripts/demo-data.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { eventually } from "./helpers/poll.ts";
import { startResendStandIn } from "./helpers/resend-stand-in.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";

/** Tuesday 2026-12-01 12:00 UTC: every demo store's Monday 09:00 has passed, 2026-W48 is due. */
const NOW = new Date("2026-12-01T12:00:00Z");
const RECORD_CLICK = /* GraphQL */ `
  mutation RecordClick($input: RecordClickInput!) { recordClick(input: $input) { accepted duplicate } }
`;
const WEEKLY_REPORT = WeeklyReportDocument.toString();

/** A metrics endpoint's samples, as `name{labels}` (labels sorted as served) to value. */
async function scrape(url: string | undefined): Promise<Map<string, number>> {
  if (!url) throw new Error("no metrics endpoint");
  const text = await (await fetch(url)).text();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** The value of the sample named `name` whose labels include all of `labels` (0 when none). */
function sample(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [series, value] of samples) {
    if (series !== name && !series.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([key, wanted]) => series.includes(`${key}="${wanted}"`)))
      total += value;
  }
  return total;
}

describe("what operators see: metrics, logs and the Grafana dashboard", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const data = buildDemoData(NOW);
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    databases = await freshDatabases();
    await seedDemoData(databases.shop.db, databases.review.db, data);
    // The services' log lines, as pino writes them, parsed.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n")) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    stack = await startStack(databases.urls, {
      clock: () => NOW,
      metrics: true,
      log: createLogger("stack", "info", sink),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const brooklyn = stableId("store:brooklyn");
  const widget = data.widgets.find((w) => w.storeId === brooklyn && w.active !== false)?.id as string;

  it("counts clicks by result, write batches, requests by operation and subgraph fetches", async () => {
    const [review, gateway] = [
      await scrape(stack.metricsUrls.review),
      await scrape(stack.metricsUrls.gateway),
    ];
    const visitors = Array.from({ length: 20 }, () => newVisitor());
    const clickIds = visitors.map(() => randomUUID());
    const answers = await Promise.all(
      visitors.map((visitor, i) =>
        stack.query(RECORD_CLICK, { input: { widgetId: widget, clickId: clickIds[i] } }, visitor),
      ),
    );
    expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
    // A retry of the first click, and a bot.
    await stack.query(RECORD_CLICK, { input: { widgetId: widget, clickId: clickIds[0] } }, visitors[0]);
    await stack.query(
      RECORD_CLICK,
      { input: { widgetId: widget, clickId: randomUUID() } },
      { "user-agent": "Googlebot/2.1", authorization: "" },
    );
    const report = await stack.query(WEEKLY_REPORT, { storeId: brooklyn });
    expect(report.errors).toBeUndefined();

    const [reviewAfter, gatewayAfter] = [
      await scrape(stack.metricsUrls.review),
      await scrape(stack.metricsUrls.gateway),
    ];
    const moved = (before: Map<string, number>, after: Map<string, number>, name: string, labels = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    // One address for all 20 visitors: 10 count, the rest pass the address's cap (CLICK_MAX_PER_ADDRESS).
    expect(moved(review, reviewAfter, "review_events_total", { kind: "click", result: "counted" })).toBe(10);
    expect(moved(review, reviewAfter, "review_events_total", { kind: "click", result: "not_counted" })).toBe(
      10,
    );
    expect(moved(review, reviewAfter, "review_events_total", { kind: "click", result: "duplicate" })).toBe(1);
    expect(moved(review, reviewAfter, "review_events_total", { kind: "click", result: "bot" })).toBe(1);
    // Every click that reached the database went in a batch: 21 in all, in at most 21 statements.
    expect(moved(review, reviewAfter, "review_write_batch_size_sum", { kind: "click" })).toBe(21);
    const batches = moved(review, reviewAfter, "review_write_batch_size_count", { kind: "click" });
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(21);
    expect(sample(reviewAfter, "review_write_queue_depth", { kind: "click" })).toBe(0);
    expect(
      moved(gateway, gatewayAfter, "gateway_graphql_requests_total", {
        operation: "RecordClick",
        outcome: "ok",
      }),
    ).toBe(22);
    expect(
      moved(gateway, gatewayAfter, "gateway_graphql_requests_total", {
        operation: "WeeklyReport",
        outcome: "ok",
      }),
    ).toBe(1);
    expect(
      moved(gateway, gatewayAfter, "gateway_graphql_request_duration_seconds_count", {
        operation: "WeeklyReport",
      }),
    ).toBe(1);
    // The report asks shop, then review, then shop again: at least one fetch each, all ok.
    for (const subgraph of ["shop", "review"])
      expect(
        moved(gateway, gatewayAfter, "gateway_subgraph_fetch_duration_seconds_count", {
          subgraph,
          outcome: "ok",
        }),
      ).toBeGreaterThanOrEqual(1);
    // Node's own process metrics, labelled with the service.
    expect(sample(gatewayAfter, "process_cpu_seconds_total", { service: "gateway" })).toBeGreaterThan(0);
  });

  it("counts a weekly run: send jobs, provider answers, stores by stage and emails by state", {
    timeout: 60_000,
  }, async () => {
    const jobsUrl = await ensureDatabase(databases.urls.jobs, `t_jobs_${randomBytes(4).toString("hex")}`);
    await runMigrations(jobsUrl, jobsMigrations);
    const standIn = await startResendStandIn({});
    const worker = await startWorker({
      databaseUrl: jobsUrl,
      settings: stack.workerSettings(),
      provider: resendProvider("re_test_key", standIn.url),
      requestsPerSecond: 50,
      processEveryMs: 200,
      dispatchOnStart: false,
      metricsPort: 0,
      log: createLogger("worker", "silent"),
    });
    const jobs = connect(jobsUrl, jobsSchema, { max: 1 });
    try {
      const enabled = data.stores.filter((store) => store.listDesignerEnabled);
      const recipients = enabled.reduce((sum, store) => sum + (store.reportRecipients?.length ?? 0), 0);
      expect(enabled.length).toBeGreaterThan(0);
      await worker.dispatch(NOW);
      await eventually("every email sent", async () => (await deliveryCounts(jobs.db)).sent >= recipients, {
        timeoutMs: 45_000,
      });
      const metrics = await scrape(worker.metricsUrl);
      // One send job per page of stores.
      expect(sample(metrics, "weekly_send_jobs_total", { result: "succeeded" })).toBe(
        Math.ceil(enabled.length / STORES_PER_SEND_JOB),
      );
      expect(sample(metrics, "weekly_send_jobs_total", { result: "failed" })).toBe(0);
      expect(sample(metrics, "mail_provider_answers_total", { class: "accepted" })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, "weekly_run_stores", { period: "2026-W48", stage: "due" })).toBe(enabled.length);
      expect(sample(metrics, "weekly_run_stores", { period: "2026-W48", stage: "queued" })).toBe(
        enabled.length,
      );
      expect(sample(metrics, "weekly_run_emails", { period: "2026-W48", state: "sent" })).toBe(recipients);
      expect(sample(metrics, "weekly_run_emails", { period: "2026-W48", state: "failed" })).toBe(0);
      expect(sample(metrics, "mail_sending_paused")).toBe(0);
    } finally {
      await worker.close();
      await jobs.close();
      await standIn.close();
    }
  });

  it("logs an unexpected resolver error with its stack and the request's trace id, and answers without internals", async () => {
    // Shop loses a table it reads: an error nobody planned for, not a client's mistake nor an outage.
    await databases.shop.sql`alter table order_lines rename to order_lines_gone`;
    try {
      const traceId = randomBytes(16).toString("hex");
      const answer = await stack.query(
        WEEKLY_REPORT,
        { storeId: brooklyn },
        { traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` },
      );
      const messages = (answer.errors ?? []).map((error) => error.message);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((message) => message === "Internal server error")).toBe(true);
      expect(JSON.stringify(answer)).not.toMatch(/order_lines|relation|postgres|at .*\.ts/);
      const logged = lines.filter((line) => line.msg === "unexpected error" && line.traceId === traceId);
      // Logged where it happened (shop), with the SQL error's stack, under the caller's trace id.
      const shop = logged.find(
        (line) => line.name === "stack" && JSON.stringify(line).includes("order_lines"),
      );
      expect(shop).toBeDefined();
      const error = shop?.error as { message: string; stack: string };
      expect(error.message).toMatch(/order_lines/);
      expect(error.stack).toMatch(/\n\s+at /);
      expect(shop?.level).toBe("error");
    } finally {
      await databases.shop.sql`alter table order_lines_gone rename to order_lines`;
    }
  });

  it("keeps tokens and addresses out of the log, even of a request that failed unexpectedly", async () => {
    // A request carrying a store token and an address, failing inside shop's SQL: what gets logged then
    // (the error, its causes, the operation) must hold neither.
    const token = await stack.token({ kind: "store", storeId: brooklyn });
    const address = "colleague.private@brooklyn.example";
    const before = lines.length;
    await databases.shop.sql`alter table pending_recipients rename to pending_recipients_gone`;
    try {
      const answer = await stack.query(
        `mutation AddColleague($id: ID!, $email: String!) { addReportRecipient(storeId: $id, email: $email) { id } }`,
        { id: brooklyn, email: address },
        { authorization: `Bearer ${token}` },
      );
      expect(answer.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await databases.shop.sql`alter table pending_recipients_gone rename to pending_recipients`;
    }
    const logged = lines.slice(before);
    expect(logged.some((line) => line.msg === "unexpected error" && line.operation === "AddColleague")).toBe(
      true,
    );
    const text = lines.map((line) => JSON.stringify(line)).join("\n");
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/Bearer [\w-]+\.[\w-]+/);
    expect(text).not.toContain(address);
    expect(text).not.toMatch(/owner@brooklyn\.example/);
    expect(text).not.toContain(stack.secrets.subgraphSecret);
  });

  it("has a Grafana dashboard whose every metric the services serve", async () => {
    const dashboard = JSON.parse(
      readFileSync(new URL("../docs/grafana-dashboard.json", import.meta.url), "utf8"),
    );
    const exprs: string[] = dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) =>
      panel.targets.map((target) => target.expr),
    );
    expect(exprs.length).toBeGreaterThan(10);
    const served = new Set<string>();
    for (const url of Object.values(stack.metricsUrls))
      for (const series of (await scrape(url)).keys()) served.add(series.split("{")[0] as string);
    // The worker's metrics, from a worker that has not run anything yet.
    const jobsUrl = await ensureDatabase(databases.urls.jobs, `t_jobs_${randomBytes(4).toString("hex")}`);
    await runMigrations(jobsUrl, jobsMigrations);
    const worker = await startWorker({
      databaseUrl: jobsUrl,
      settings: stack.workerSettings(),
      provider: resendProvider("re_test_key", "http://127.0.0.1:9"),
      requestsPerSecond: 1,
      dispatchOnStart: false,
      metricsPort: 0,
      log: createLogger("worker", "silent"),
    });
    try {
      for (const series of (await scrape(worker.metricsUrl)).keys())
        served.add(series.split("{")[0] as string);
      // Declared but not yet observed (no labels seen): named in the exposition's HELP lines.
      const help = await (await fetch(worker.metricsUrl as string)).text();
      for (const match of help.matchAll(/^# HELP (\w+)/gm)) served.add(match[1] as string);
      for (const url of Object.values(stack.metricsUrls))
        for (const match of (await (await fetch(url as string)).text()).matchAll(/^# HELP (\w+)/gm)) {
          served.add(match[1] as string);
          for (const suffix of ["_bucket", "_sum", "_count"]) served.add(`${match[1]}${suffix}`);
        }
    } finally {
      await worker.close();
    }
    const functions = new Set(["sum", "by", "rate", "max", "histogram_quantile", "increase", "le"]);
    const named = new Set(
      exprs.flatMap((expr) =>
        [...expr.replace(/\{[^}]*\}|\[[^\]]*\]|"[^"]*"/g, " ").matchAll(/(?<![\w.])[a-z_][a-z0-9_]*/g)]
          .map((match) => match[0])
          .filter(
            (word) =>
              !functions.has(word) &&
              !/^(kind|stage|state|class|service|subgraph|operation|outcome|result)$/.test(word),
          ),
      ),
    );
    expect([...named].filter((name) => !served.has(name))).toEqual([]);
  });
});
