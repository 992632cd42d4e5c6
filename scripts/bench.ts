import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { issueToken } from "../lib/auth.ts";
import { runMigrations } from "../lib/runtime/database.ts";
import { generateSecrets, secretsEnv as secretsOf } from "../lib/secrets.ts";
import { benchClicks } from "./bench/clicks.ts";
import type { BenchContext } from "./bench/context.ts";
import { benchDashboard } from "./bench/dashboard.ts";
import { benchDelivery } from "./bench/delivery.ts";
import { type Figure, formatTable } from "./bench/figures.ts";
import { cpuSeconds } from "./bench/load.ts";
import { benchOrders } from "./bench/orders.ts";
import { benchAttributionCost, benchReportGateways, benchReports } from "./bench/reports.ts";
import { generateWorkload, scaleClicks } from "./bench/workload.ts";
import { runCommand } from "./dev/command.ts";
import { startEmbeddedPostgres } from "./dev/embedded-postgres.ts";
import { startGraph } from "./dev/processes.ts";

await runCommand("bench", async (env, log) => {
  const { values } = parseArgs({
    options: { quick: { type: "boolean" }, only: { type: "string" }, profile: { type: "string" } },
  });
  if (values.profile) process.env.CPU_PROFILE_DIR = resolve(values.profile);
  const quick = values.quick ?? false;
  const sections = ["clicks", "orders", "reports", "delivery"];
  if (values.only && !sections.includes(values.only))
    throw new Error(`--only takes one of ${sections.join(", ")}`);
  const wanted = (section: string) => !values.only || values.only === section;
  const external = process.env.BENCH_DATABASE_URL;
  const embedded = external
    ? undefined
    : await startEmbeddedPostgres({ dir: join(env.DATA_DIR, "bench-postgres"), log: log.child("postgres") });
  const serverUrl = external ?? (embedded as NonNullable<typeof embedded>).url("postgres");
  const adminSql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  const secretsEnv = secretsOf(generateSecrets());
  const ctx: BenchContext = {
    quick,
    warmUpSeconds: quick ? 1 : 5,
    secretsEnv,
    serviceToken: await issueToken(secretsEnv.AUTH_SECRET, { kind: "service" }, 86_400),
    adminSql,
    async freshDatabase(name, migrations) {
      await adminSql`drop database if exists ${adminSql(name)} with (force)`;
      await adminSql`create database ${adminSql(name)}`;
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      await runMigrations(url.toString(), migrations);
      const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
      return { url: url.toString(), sql, close: () => sql.end({ timeout: 5 }) };
    },
    progress: (message) =>
      log.info(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${message}`),
  };

  try {
    const [version] = await adminSql<{ server_version: string }[]>`show server_version`;
    const machine = {
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
      memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      postgres: `${version?.server_version} (${external ? "BENCH_DATABASE_URL" : "embedded"})`,
    };
    const figures: Figure[] = [];
    if (wanted("clicks")) figures.push(...(await benchClicks(ctx)));
    if (wanted("orders")) figures.push(...(await benchOrders(ctx)));
    if (wanted("reports")) {
      const stores = quick ? 30 : 1_000;
      const workload = await generateWorkload(ctx, stores);
      const label = () =>
        `${stores} stores, ${(workload.clicks / 1e6).toFixed(1)}M clicks, ${(workload.orderLines / 1e6).toFixed(1)}M order lines`;
      const graph = await startGraph(secretsEnv, { shop: workload.shop.url, review: workload.review.url });
      try {
        const cpu = () =>
          Object.fromEntries(
            (["gateway", "shop", "review"] as const).map((name) => [
              name,
              cpuSeconds(graph.process(name).child.pid),
            ]),
          );
        const base = await benchReports(ctx, workload, label(), graph.gatewayUrl, cpu);
        figures.push(...base, ...(await benchAttributionCost(ctx, workload, label(), graph.gatewayUrl)));
        // This gateway over each transport first (batch, the default, leads), then Hive Gateway.
        const transports = ["batch", "http1"] as const;
        figures.push(
          ...(await benchReportGateways(ctx, workload, [
            ...transports.map((transport) => ({
              label: `gateway, ${transport} transport`,
              start: () => graph.extraGateway({ SUBGRAPH_TRANSPORT: transport }),
            })),
            { label: "Hive Gateway 2.15 (peer)", start: graph.peerGateway },
          ])),
        );
        figures.push(...(await benchDashboard(ctx, workload, graph.gatewayUrl, log)));
        // The same reports over ten times the clicks: the per-week counts must not grow with the table.
        await scaleClicks(ctx, workload, 10);
        const scaled = await benchReports(ctx, workload, label(), graph.gatewayUrl, cpu);
        const p95 = (run: Figure[]) => run.find((f) => f.metric.startsWith("report query p95"))?.value;
        figures.push(...scaled, {
          section: "weekly report",
          metric: "report query p95 at 10× the clicks / at 1×",
          value: (p95(scaled) ?? Number.NaN) / (p95(base) ?? Number.NaN),
          unit: "ratio",
          target: "<= 1.3",
        });
      } finally {
        await graph.stop();
        await Promise.all([workload.shop.close(), workload.review.close()]);
      }
    }
    if (wanted("delivery")) {
      // Twice the stores should take at most about twice the time: nothing in the run grows faster.
      const [small, large] = quick ? [100, 200] : [10_000, 20_000];
      const first = await benchDelivery(ctx, small);
      const second = await benchDelivery(ctx, large);
      figures.push(...first.figures, ...second.figures, {
        section: "weekly email",
        metric: `${large.toLocaleString("en-US")} stores / ${small.toLocaleString("en-US")} stores, run time`,
        value: second.seconds / first.seconds,
        unit: "ratio",
        target: "<= 2.1",
      });
    }
    const table = formatTable(figures);
    process.stdout.write(
      `\n${Object.entries(machine)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n")}\n\n${table}\n`,
    );
    mkdirSync("bench-results", { recursive: true });
    const report = { at: new Date().toISOString(), quick, machine, figures };
    const file = join("bench-results", `bench-${report.at.replaceAll(":", "-")}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join("bench-results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    log.info(`wrote ${file}`);
  } finally {
    await adminSql.end();
    await embedded?.stop();
  }
});
// Done: the in-process worker of the delivery bench leaves one Agenda timer per job that ran (half its
// lock lifetime, minutes), which must not hold the terminal.
process.exit();
