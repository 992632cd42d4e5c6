// npm run orders:import -- --store <id> <file.ndjson | file.csv>
// Imports a store's past orders under upsertOrder's rules (docs/orders-and-attribution.md has the
// formats). Ctrl-C stops after the batch in flight; running the same command again goes on from there.
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { assertId } from "../lib/errors.ts";
import { connect } from "../lib/runtime/database.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { IMPORT_WRITERS, importOrders } from "../subgraphs/shop/orders/import.ts";
import { progressBar, runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { provisionDatabases } from "./dev/provision.ts";

/** Lines in the file, for the progress bar. */
async function lineCount(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>)
    for (const byte of chunk) if (byte === 10) lines += 1;
  return lines;
}

await runCommand("orders:import", async (env, log) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { store: { type: "string" } },
  });
  const storeId = assertId(values.store ?? "", "--store");
  const [path] = positionals;
  if (!path) throw new Error("Say which file: npm run orders:import -- --store <id> <file.ndjson|file.csv>");
  const total = await lineCount(path);
  const databases = await provisionDatabases(env, log, projectMigrations);
  const shop = connect(databases.urls.shop, shopSchema, { max: IMPORT_WRITERS });
  let stopping = false;
  process.once("SIGINT", () => {
    stopping = true;
    process.stderr.write("\nstopping after this batch; run the same command again to go on\n");
  });
  try {
    const bar = progressBar(total, "orders");
    let done = 0;
    const summary = await importOrders(shop.db, {
      storeId,
      path,
      shouldStop: () => stopping,
      onProgress: (line) => {
        const reached = Math.min(Number.isFinite(line) ? line - 1 : total, total);
        bar.tick(Math.max(0, reached - done));
        done = Math.max(done, reached);
      },
    });
    bar.done();
    const resumed = summary.resumedFrom > 0 ? ` (resumed at line ${summary.resumedFrom})` : "";
    process.stdout.write(
      `${summary.complete ? "imported" : "stopped"}${resumed}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused.length} refused\n`,
    );
    for (const refusal of summary.refused)
      process.stdout.write(`  line ${refusal.line}: ${refusal.reason}\n`);
  } finally {
    await shop.close();
    await databases.stop();
  }
});
