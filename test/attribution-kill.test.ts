import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIMS_PER_BATCH } from "../jobs/attribution.ts";
import { type ServiceProcess, spawnService } from "../scripts/dev/processes.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeStores } from "./helpers/factories.ts";
import { eventually } from "./helpers/poll.ts";
import { startResendStandIn } from "./helpers/resend-stand-in.ts";
import { startStack } from "./helpers/stack.ts";

const NOW = new Date("2026-11-11T12:00:00Z");
const STORE = randomUUID();
const WIDGET = randomUUID();
const PRODUCT = randomUUID();
/** Enough batches that the worker is still verifying when the test sees its first verdicts. */
const CLAIMS = 30 * CLAIMS_PER_BATCH;

/**
 * The worker process SIGKILLed while it verifies claims, then started again: the verdicts written before
 * the kill stay, the rest are decided by the new worker (which runs the job at start), and each good
 * claim credits its widget once.
 */
describe("the attribution job in a worker killed midway", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let standIn: Awaited<ReturnType<typeof startResendStandIn>>;
  let worker: ServiceProcess | undefined;

  beforeAll(async () => {
    databases = await freshDatabases();
    stack = await startStack(databases.urls, { clock: () => NOW });
    standIn = await startResendStandIn();
    await makeStores(databases.shop.db, { id: STORE, name: "Kilo" });
    await makeCatalogue(databases.review.db, STORE, [{ id: PRODUCT, name: "P" }], {
      id: WIDGET,
      name: "Picks",
    });
    // Claim i names click i, which review counted two hours before the order, except every tenth.
    await databases.review.sql`
      insert into widget_clicks (click_id, widget_id, store_id, product_id, occurred_at)
      select md5('kill:' || i)::uuid, ${WIDGET}, ${STORE}, ${PRODUCT}, ${NOW.toISOString()}::timestamptz - interval '2 hours'
      from generate_series(1, ${CLAIMS}) i where i % 10 <> 0`;
    await databases.shop.sql`
      with o as (
        insert into orders (store_id, external_id, status, placed_at)
        values (${STORE}, 'big', 'paid', ${NOW.toISOString()}::timestamptz - interval '1 hour') returning id)
      insert into order_lines (order_id, line_id, product_id, quantity, unit_price, click_id)
      select o.id, i::text, ${PRODUCT}, 1, 2.50, md5('kill:' || i)::uuid from o, generate_series(1, ${CLAIMS}) i`;
  }, 60_000);
  afterAll(async () => {
    await worker?.kill("SIGKILL");
    await standIn?.close();
    await stack?.close();
    await databases?.drop();
  });

  const decided = async () => {
    const [row] = await databases.shop.sql<{ decided: number; credited: number; sales: string }[]>`
      select count(claim_checked_at)::int as decided, count(credited_widget_id)::int as credited,
             coalesce(sum(quantity * unit_price) filter (where credited_widget_id = ${WIDGET}), 0)::text as sales
      from order_lines where click_id is not null`;
    return row as { decided: number; credited: number; sales: string };
  };

  it("keeps every verdict written before the kill and credits each good claim once after the restart", {
    timeout: 120_000,
  }, async () => {
    const env = await stack.workerEnv(databases.urls.jobs, standIn.url, NOW);
    worker = spawnService("worker", env);
    const state = () => worker?.output() ?? "";
    // Killed while it is part-way through: some batches' verdicts written, not all.
    const before = await eventually(
      "the first verdicts",
      async () => {
        const now = await decided();
        return now.decided > 0 && now;
      },
      { intervalMs: 5, timeoutMs: 60_000, state },
    );
    await worker.kill("SIGKILL");
    const atKill = await decided();
    expect(atKill.decided).toBeGreaterThanOrEqual(before.decided);
    expect(atKill.decided, "the worker finished before it was killed").toBeLessThan(CLAIMS);
    expect(atKill.decided % CLAIMS_PER_BATCH).toBe(0); // whole batches, never part of one

    worker = spawnService("worker", env);
    const after = await eventually(
      "every claim decided",
      async () => {
        const now = await decided();
        return now.decided === CLAIMS && now;
      },
      { timeoutMs: 60_000, state },
    );
    expect(after.credited).toBe(CLAIMS * 0.9);
    expect(Number(after.sales)).toBe(CLAIMS * 0.9 * 2.5);
  });
});
