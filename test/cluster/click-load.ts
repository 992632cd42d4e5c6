import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createHttpFetcher } from "../../lib/transport/http-fetcher.ts";
import { openLoop } from "../helpers/open-loop.ts";
import { BROWSER_UA } from "../helpers/stack.ts";

/**
 * Storefront clicks from the cluster's client host, run inside its namespace. Every click is a new visitor
 * (its own user agent, unique across runs) on one of the widgets in LOAD_WIDGETS (a JSON file of `{ id, products }`), sent once
 * to LOAD_URL from the source addresses LOAD_SOURCES in turn (comma-separated: the balancer keeps each
 * address on one gateway).
 *
 * - LOAD_RATE set: an open loop at that many clicks a second until SIGTERM. Each answer is one JSON line
 *   on stdout (`{ at, ms, status, id?, retryAfter?, why? }`: `at` the epoch ms it left, `id` when
 *   acknowledged, `retryAfter` whether a 503 said when to come back, `why` the error's code when not
 *   acknowledged), then `{ end }`.
 * - LOAD_CONCURRENCY set: that many clients, each sending its next click on the last one's answer, for
 *   LOAD_SECONDS; then one line `{ acknowledged, seconds, refused }`, `refused` counting the answers
 *   that were not acknowledgements by their `why`.
 */
const RECORD_CLICK =
  "mutation($input: RecordClickInput!) { recordClick(input: $input) { accepted duplicate } }";
const env = process.env;
const widgets = JSON.parse(readFileSync(env.LOAD_WIDGETS as string, "utf8")) as {
  id: string;
  products: string[];
}[];
const fetchers = (env.LOAD_SOURCES as string)
  .split(",")
  .map((localAddress) => createHttpFetcher({ localAddress, maxSockets: 256, timeoutMs: 20_000 }));
// Unique across load processes: a user agent seen before from the same address is the same visitor.
const run = randomUUID().slice(0, 8);
let serial = 0;

async function click(): Promise<{ status: number; id?: string; retryAfter?: boolean; why?: string }> {
  serial += 1;
  const widget = widgets[serial % widgets.length] as (typeof widgets)[number];
  const clickId = randomUUID();
  const fetcher = fetchers[serial % fetchers.length] as (typeof fetchers)[number];
  try {
    const response = await fetcher(env.LOAD_URL as string, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": `${BROWSER_UA} cluster/${run}-${serial}` },
      body: JSON.stringify({
        query: RECORD_CLICK,
        variables: {
          input: {
            widgetId: widget.id,
            productId: widget.products[serial % widget.products.length],
            clickId,
          },
        },
      }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: { recordClick?: { accepted: boolean } };
      errors?: { extensions?: { code?: string } }[];
    };
    const accepted = body.data?.recordClick?.accepted;
    return {
      status: response.status,
      ...(accepted
        ? { id: clickId }
        : { why: body.errors?.[0]?.extensions?.code ?? `accepted: ${accepted}` }),
      ...(response.status === 503 ? { retryAfter: response.headers.has("retry-after") } : {}),
    };
  } catch (error) {
    return {
      status: 0,
      why: ((error as Error).cause as { code?: string } | undefined)?.code ?? (error as Error).message,
    };
  }
}

const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (env.LOAD_RATE) {
  const load = openLoop(Number(env.LOAD_RATE), async () => {
    const at = Date.now();
    const answer = await click();
    print({ at, ms: Date.now() - at, ...answer });
    return { ok: answer.id !== undefined };
  });
  process.once(
    "SIGTERM",
    () =>
      void load.stop().then(() => {
        print({ end: true });
        process.exit(0);
      }),
  );
} else {
  const seconds = Number(env.LOAD_SECONDS ?? 10);
  const until = performance.now() + seconds * 1000;
  let acknowledged = 0;
  const refused: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: Number(env.LOAD_CONCURRENCY) }, async () => {
      while (performance.now() < until) {
        const answer = await click();
        if (answer.id) acknowledged += 1;
        else {
          const why = answer.why ?? String(answer.status);
          refused[why] = (refused[why] ?? 0) + 1;
        }
      }
    }),
  );
  print({ acknowledged, seconds, refused });
  process.exit(0);
}
