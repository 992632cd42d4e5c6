import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ensureDatabase, runMigrations } from "../../lib/database.ts";
import { type EmbeddedPostgres, freePort, startEmbeddedPostgres } from "../../lib/embedded-postgres.ts";
import { createHttpFetcher } from "../../lib/http-fetcher.ts";
import { createLogger } from "../../lib/logger.ts";
import { generateSecrets, secretsEnv } from "../../lib/secrets.ts";
import { startGraph } from "../../lib/services.ts";
import { reviewMigrations } from "../../subgraphs/review/db/index.ts";
import { shopMigrations } from "../../subgraphs/shop/db/index.ts";
import { BROWSER_UA } from "../helpers/stack.ts";
import { faultChecks } from "./record.ts";

const RECORD_CLICK =
  "mutation($input: RecordClickInput!) { recordClick(input: $input) { accepted duplicate } }";
const CLIENTS = 32;
const WIDGETS = 50;
const PRODUCTS_PER_WIDGET = 4;

interface Click {
  clickId: string;
  widgetId: string;
  productId: string;
  /** One visitor per click: a repeat within the window would rightly not be counted. */
  userAgent: string;
}

type Answer = { accepted: boolean; duplicate: boolean } | "error";

/**
 * Click ingestion under faults, through the gateway, with every service its own process and a database
 * server of this suite's own (so it can be crashed): the review subgraph SIGKILLed mid-run, then the
 * database stopped as a crash would under load. An acknowledged click must never be lost.
 */
describe("clicks under faults", () => {
  let server: EmbeddedPostgres;
  let folder: string;
  let port: number;
  let graph: Awaited<ReturnType<typeof startGraph>>;
  let sql: postgres.Sql;
  const widgets: { id: string; products: string[] }[] = [];
  const post = createHttpFetcher({ maxSockets: CLIENTS });
  const log = createLogger("fault-postgres", "warn");
  let serial = 0;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "ldi-faults-"));
    await chmod(folder, 0o755); // the postgres user must traverse it when tests run as root
    port = await freePort();
    server = await startEmbeddedPostgres({ dir: join(folder, "postgres"), port, log });
    const urls = {
      shop: await ensureDatabase(server.url("postgres"), "shop"),
      review: await ensureDatabase(server.url("postgres"), "review"),
    };
    await runMigrations(urls.shop, shopMigrations);
    await runMigrations(urls.review, reviewMigrations);
    sql = postgres(urls.review, { max: 2, onnotice: () => {} });
    for (let w = 0; w < WIDGETS; w++) {
      const widget = { id: randomUUID(), products: Array.from({ length: PRODUCTS_PER_WIDGET }, randomUUID) };
      const store = randomUUID();
      await sql`insert into widgets (id, store_id, name) values (${widget.id}, ${store}, 'Fault widget')`;
      for (const [position, product] of widget.products.entries()) {
        await sql`insert into products (id, store_id, name) values (${product}, ${store}, 'Fault product')`;
        await sql`insert into widget_products (widget_id, product_id, position) values (${widget.id}, ${product}, ${position})`;
      }
      widgets.push(widget);
    }
    const secrets = secretsEnv(generateSecrets());
    graph = await startGraph(secrets, urls, { LOG_LEVEL: "error" });
  });
  afterAll(async () => {
    await graph?.stop();
    await sql?.end({ timeout: 1 }).catch(() => {});
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const newClick = (): Click => {
    const widget = widgets[serial % widgets.length] as (typeof widgets)[number];
    serial += 1;
    return {
      clickId: randomUUID(),
      widgetId: widget.id,
      productId: widget.products[serial % PRODUCTS_PER_WIDGET] as string,
      userAgent: `${BROWSER_UA} fault/${serial}`,
    };
  };

  const send = async (click: Click): Promise<Answer> => {
    try {
      const response = await post(graph.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": click.userAgent },
        body: JSON.stringify({
          query: RECORD_CLICK,
          variables: {
            input: { widgetId: click.widgetId, productId: click.productId, clickId: click.clickId },
          },
        }),
      });
      const body = (await response.json()) as {
        data?: { recordClick?: { accepted: boolean; duplicate: boolean } };
      };
      return body.data?.recordClick ?? "error";
    } catch {
      return "error";
    }
  };

  /** Of these click ids, how many are stored (counted) and how many rows they have in all. */
  const stored = async (ids: string[]) => {
    const [row] = await sql<{ rows: number; distinct: number }[]>`
      select count(*)::int as rows, count(distinct c.click_id)::int as distinct
      from widget_clicks c
      where c.click_id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::text::json))`;
    return row ?? { rows: 0, distinct: 0 };
  };

  it("stores 100,000 clicks once each, with 10% retried and the review subgraph SIGKILLed mid-run", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "100,000 clicks, review SIGKILLed");
    const TOTAL = 100_000;
    const clicks = Array.from({ length: TOTAL }, newClick);
    const acknowledged = new Set<string>();
    let retriedAfterAnswer = 0;
    let retryAnsweredDuplicate = 0;
    let errors = 0;
    let killedAt = 0;
    let next = 0;

    const killer = (async () => {
      while (acknowledged.size < TOTAL * 0.4) await new Promise((done) => setTimeout(done, 20));
      killedAt = acknowledged.size;
      await graph.process("review").kill("SIGKILL");
      await graph.start("review");
    })();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < clicks.length) {
          const click = clicks[next++] as Click;
          // A storefront retries a click that got no answer (or an error) until it gets one.
          for (let answer = await send(click); ; answer = await send(click)) {
            if (answer !== "error") {
              if (answer.accepted) acknowledged.add(click.clickId);
              break;
            }
            errors++;
            await new Promise((done) => setTimeout(done, 50));
          }
          // One in ten is sent again after its answer, as when the answer was lost on the way.
          if (Math.random() < 0.1) {
            retriedAfterAnswer++;
            let again = await send(click);
            while (again === "error") again = await send(click);
            if (again.duplicate) retryAnsweredDuplicate++;
          }
        }
      }),
    );
    await killer;

    const ids = clicks.map((c) => c.clickId);
    const counts = await stored(ids);
    const lost = [...acknowledged].length - (await stored([...acknowledged])).distinct;
    check("100,000 distinct clicks", "all acknowledged", acknowledged.size, acknowledged.size === TOTAL);
    check(
      "review SIGKILLed and restarted",
      "killed mid-run",
      `after ${killedAt} acknowledged`,
      killedAt > 0 && killedAt < TOTAL,
    );
    check("the same", "clients saw errors, then succeeded", `${errors} errors retried`, errors > 0);
    check(
      "stored vs distinct",
      "one row per click",
      `${counts.rows} rows, ${counts.distinct} distinct`,
      counts.rows === TOTAL && counts.distinct === TOTAL,
    );
    check(
      `${retriedAfterAnswer} sent again after their answer`,
      "answered duplicate",
      `${retryAnsweredDuplicate} duplicate`,
      retryAnsweredDuplicate === retriedAfterAnswer && retriedAfterAnswer > TOTAL * 0.08,
    );
    check("acknowledged, then lost", "0", lost, lost === 0);
    assertAllHeld();
  });

  it("answers errors, never false acknowledgements, while the database crashes and restarts under load", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "database restarted under click load");
    const acknowledged: string[] = [];
    const sent: string[] = [];
    let errors = 0;
    let running = true;
    let restartedAt = 0;
    const clients = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (running) {
          const click = newClick();
          sent.push(click.clickId);
          const answer = await send(click);
          if (answer === "error") errors++;
          else if (answer.accepted) acknowledged.push(click.clickId);
        }
      }),
    );
    await new Promise((done) => setTimeout(done, 3_000));
    await server.stop("immediate"); // as a crash would: no checkpoint, recovery from the WAL at start
    await new Promise((done) => setTimeout(done, 2_000));
    const errorsDuringOutage = errors;
    server = await startEmbeddedPostgres({ dir: join(folder, "postgres"), port, log });
    restartedAt = acknowledged.length;
    await new Promise((done) => setTimeout(done, 5_000));
    running = false;
    await clients;
    // The suite's own connection died with the server; postgres.js reconnects on the next query.
    const lost = acknowledged.length - (await stored(acknowledged)).distinct;
    const afterRestart = acknowledged.length - restartedAt;
    check(
      `${sent.length} clicks, database stopped as if crashed for 2 s`,
      "errors during the outage",
      `${errorsDuringOutage} errors`,
      errorsDuringOutage > 0,
    );
    check(
      "after the restart",
      "clicks accepted again, no service restarted",
      `${afterRestart} acknowledged`,
      afterRestart > 0,
    );
    check("acknowledged, then lost", "0", lost, lost === 0);
    assertAllHeld();
  });
});
