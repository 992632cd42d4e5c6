import { createHash, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETRY_AFTER_SECONDS } from "../gateway/server.ts";
import { KEY_CACHE_MS } from "../gateway/store-key-auth.ts";
import { attributeClaims, CLAIMS_PER_BATCH } from "../jobs/attribution.ts";
import { jobsMigrations, schema as jobsSchema } from "../jobs/db/index.ts";
import { deliveries, reportRuns } from "../jobs/db/schema.ts";
import { deliveryCounts } from "../jobs/ledger.ts";
import { sendWeeklyReports } from "../jobs/page-send.ts";
import { reportEmails } from "../jobs/report-email.ts";
import { fetchReport } from "../jobs/report-model.ts";
import { createLogger } from "../lib/logger.ts";
import { connect, runMigrations } from "../lib/runtime/database.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { createKey, revokeKey } from "../subgraphs/shop/db/queries/keys.ts";
import { upsertOrders } from "../subgraphs/shop/db/queries/orders.ts";
import type { OrderInput } from "../subgraphs/shop/generated/resolvers.ts";
import { validOrder } from "../subgraphs/shop/orders/order-input.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeStores } from "./helpers/factories.ts";
import { mailWeeklyReports } from "./helpers/outbox.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

/** Store A (USD) and store B (KRW), a widget each; A's widget shows P1 and P2, B's shows Q. */
const A = { store: randomUUID(), widget: randomUUID(), p1: randomUUID(), p2: randomUUID() };
const B = { store: randomUUID(), widget: randomUUID(), q: randomUUID() };
/** The clicks happen on Wednesday 2026-W46 (UTC); the too-old one 8 days earlier. */
const NOW = new Date("2026-11-11T12:00:00Z");
const EIGHT_DAYS_BEFORE = new Date(NOW.getTime() - 8 * 86_400_000);
const log = createLogger("test", "silent");

const UPSERT = /* GraphQL */ `
  mutation Upsert($input: OrderInput!) {
    upsertOrder(input: $input) { orderId outcome status updatedAt }
  }
`;
const CLICK = /* GraphQL */ `
  mutation Click($input: RecordClickInput!) { recordClick(input: $input) { accepted } }
`;
const FIGURES = /* GraphQL */ `
  query Figures($storeId: ID!, $widgetId: ID!) {
    store(id: $storeId) {
      salesSeries(toWeek: "2026-W46", weeks: 1) { sales { amount } unitsSold attributedSales { amount } attributedOrders }
    }
    widget(id: $widgetId) {
      week(week: "2026-W46") { clicks attributedSales { amount currency } attributedOrders conversionRate }
      range(from: "2026-11-09", to: "2026-11-15") { clicks attributedSales { amount } attributedOrders conversionRate }
    }
  }
`;

interface Line {
  lineId: string;
  productId: string;
  quantity: number;
  unitPrice: string;
  clickId?: string | null;
}

describe("orders in and click attribution", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let shop: ReturnType<typeof connect<typeof shopSchema>>;
  const clock = movableClock(EIGHT_DAYS_BEFORE);
  let keyA: string;
  let keyB: string;
  const clicks: Record<string, string> = {};
  const logged: string[] = [];
  /** Every key this file uses, so the last test can look for each in the logs. */
  const keys: string[] = [];

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeStores(
      databases.shop.db,
      { id: A.store, name: "Alpha", listDesignerEnabled: true },
      { id: B.store, name: "Bravo", locale: "ko", currency: "KRW", listDesignerEnabled: true },
    );
    for (const [store, widget, products] of [
      [A.store, A.widget, [A.p1, A.p2]],
      [B.store, B.widget, [B.q]],
    ] as const) {
      await makeCatalogue(
        databases.review.db,
        store,
        products.map((id, i) => ({ id, name: `P${i}` })),
        { id: widget, name: "Picks" },
      );
    }
    // Every service's log lines, at debug, so the test below can look for keys in them.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    stack = await startStack(databases.urls, { clock: clock.now, log: createLogger("stack", "debug", sink) });
    shop = connect(databases.urls.shop, shopSchema, { max: 1 });
    keyA = (
      await createKey(shop.db, {
        storeId: A.store,
        name: "checkout",
        scopes: ["orders:write", "reports:read"],
      })
    ).key;
    keyB = (await createKey(shop.db, { storeId: B.store, name: "checkout", scopes: ["orders:write"] })).key;
    keys.push(keyA, keyB);

    const click = async (name: string, widgetId: string, productId: string, headers = newVisitor()) => {
      clicks[name] = randomUUID();
      const result = await stack.query(
        CLICK,
        { input: { widgetId, productId, clickId: clicks[name] } },
        headers,
      );
      expect(result.errors).toBeUndefined();
    };
    await click("old", A.widget, A.p1);
    clock.advance(NOW.getTime() - EIGHT_DAYS_BEFORE.getTime());
    await click("p1", A.widget, A.p1);
    await click("p1Again", A.widget, A.p1);
    await click("p2", A.widget, A.p2);
    await click("b", B.widget, B.q);
    await click("bot", A.widget, A.p1, {
      "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      authorization: "",
    });
  });
  afterAll(async () => {
    await shop?.close();
    await stack?.close();
    await databases?.drop();
  });

  const asKey = (key: string) => ({ authorization: `Bearer ${key}` });
  const order = (orderId: string, lines: Line[], extra: Record<string, unknown> = {}) => ({
    storeId: A.store,
    orderId,
    placedAt: "2026-11-11T13:00:00Z",
    updatedAt: "2026-11-11T13:00:00Z",
    status: "PAID",
    currency: "USD",
    lines,
    ...extra,
  });
  const upsert = (input: unknown, key = keyA) =>
    stack.query<{ upsertOrder: { outcome: string; status: string } }>(UPSERT, { input }, asKey(key));
  const ordersOfA = async () =>
    Number(
      (await databases.shop.sql`select count(*)::int as n from orders where store_id = ${A.store}`)[0]?.n,
    );

  it("stores an order once however often it is sent, and only a later version replaces it", async () => {
    const first = order("1001", [{ lineId: "a", productId: A.p2, quantity: 2, unitPrice: "10.00" }]);
    const created = await upsert(first);
    expect(created.errors).toBeUndefined();
    expect(created.data?.upsertOrder).toMatchObject({ outcome: "CREATED", status: "PAID" });
    expect((await upsert(first)).data?.upsertOrder).toMatchObject({ outcome: "UNCHANGED" });
    const cancelled = { ...first, status: "CANCELLED", updatedAt: "2026-11-11T15:00:00Z" };
    expect((await upsert(cancelled)).data?.upsertOrder).toMatchObject({
      outcome: "UPDATED",
      status: "CANCELLED",
    });
    // The paid version again, arriving late: older than the stored one, it changes nothing.
    const late = { ...first, updatedAt: "2026-11-11T14:00:00Z" };
    expect((await upsert(late)).data?.upsertOrder).toMatchObject({
      outcome: "UNCHANGED",
      status: "CANCELLED",
    });
  });

  it("creates an order sent many times at once exactly once, and answers every send", async () => {
    const racing = order("1002", [{ lineId: "a", productId: A.p1, quantity: 1, unitPrice: "3.00" }], {
      placedAt: "2026-10-01T12:00:00Z",
      updatedAt: "2026-10-01T12:00:00Z",
    });
    const answers = await Promise.all(Array.from({ length: 40 }, () => upsert(racing)));
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    const outcomes = answers.map((answer) => answer.data?.upsertOrder.outcome);
    expect(outcomes.filter((outcome) => outcome === "CREATED")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "UNCHANGED")).toHaveLength(39);
    const [lines] = await databases.shop.sql`
      select count(*)::int as n from order_lines l join orders o on o.id = l.order_id
      where o.store_id = ${A.store} and o.external_id = '1002'`;
    expect(lines?.n).toBe(1);

    // Two shop processes writing the same new order at once: one creates it, the other reads it back.
    const pool = connect(databases.urls.shop, shopSchema, { max: 8 });
    try {
      const fresh = validOrder({ ...racing, orderId: "1003" } as OrderInput, "USD", NOW);
      const stored = await Promise.all(Array.from({ length: 8 }, () => upsertOrders(pool.db, [fresh])));
      expect(stored.map((one) => one[0]?.outcome).sort()).toEqual(["CREATED", ...Array(7).fill("UNCHANGED")]);
    } finally {
      await pool.close();
    }
  });

  it("refuses malformed orders whole, naming the field, and writes nothing", async () => {
    const before = await ordersOfA();
    const line = { lineId: "x", productId: A.p1, quantity: 1, unitPrice: "5.00" };
    for (const [input, field] of [
      [order("bad-1", [{ ...line, unitPrice: "5.001" }]), "lines[0].unitPrice"],
      [order("bad-2", [line], { currency: "EUR" }), "currency"],
      [order("bad-3", [{ ...line, quantity: 0 }]), "lines[0].quantity"],
      [
        order("bad-4", [line], { refunds: [{ lineId: "x", quantity: 2, amount: "1.00" }] }),
        "refunds[0].quantity",
      ],
      [
        order("bad-5", [line], { refunds: [{ lineId: "x", quantity: 0, amount: "5.01" }] }),
        "refunds[0].amount",
      ],
      [order("bad-6", [line], { placedAt: "yesterday" }), "placedAt"],
      [order("bad-7", [line, line]), "lineId"],
      [order("bad-8", [{ ...line, clickId: "not-a-uuid" }]), "lines[0].clickId"],
      [order("", [line]), "orderId"],
    ] as const) {
      const result = await upsert(input);
      expect(result.errors?.[0]?.extensions?.code, field).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toContain(field);
    }
    expect(await ordersOfA()).toBe(before);
  });

  it("takes amounts in the currency's own digits (KRW none)", async () => {
    const krw = {
      ...order("k-1", [{ lineId: "a", productId: B.q, quantity: 1, unitPrice: "12500" }]),
      storeId: B.store,
      currency: "KRW",
    };
    expect((await upsert(krw, keyB)).data?.upsertOrder).toMatchObject({ outcome: "CREATED" });
    const cents = { ...krw, orderId: "k-2", lines: [{ ...krw.lines[0], unitPrice: "12500.5" }] };
    expect((await upsert(cents, keyB)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("lets a key write only its own store's orders, and a revoked key nothing", async () => {
    const line = { lineId: "a", productId: A.p1, quantity: 1, unitPrice: "5.00" };
    expect((await upsert(order("2001", [line]), keyB)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // An owner's dashboard token reads the store but does not write orders.
    const owner = await stack.token({ kind: "store", storeId: A.store });
    expect((await upsert(order("2001", [line]), owner)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // A key without reports:read writes orders but reads no report.
    const read = await stack.query(FIGURES, { storeId: B.store, widgetId: B.widget }, asKey(keyB));
    expect(read.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const doomed = await createKey(shop.db, {
      storeId: A.store,
      name: "old checkout",
      scopes: ["orders:write"],
    });
    keys.push(doomed.key);
    expect((await upsert(order("2002", [line]), doomed.key)).data?.upsertOrder.outcome).toBe("CREATED");
    expect(await revokeKey(shop.db, doomed.keyId)).toBe(true);
    // The gateway that saw it trusts its answer for 30 s (on the stack's clock, moved, not waited for).
    const again = (orderId: string) => upsert(order(orderId, [line]), doomed.key);
    clock.advance(KEY_CACHE_MS - 1_000);
    expect((await again("2002")).data?.upsertOrder.outcome).toBe("UNCHANGED");
    clock.advance(1_000);
    const refused = await stack.query(UPSERT, { input: order("2003", [line]) }, asKey(doomed.key));
    expect(refused.status).toBe(401);
    // A gateway that has not seen the key since refuses it at once.
    const gateway = await stack.extraGateway({});
    try {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...asKey(doomed.key) },
        body: JSON.stringify({ query: UPSERT, variables: { input: order("2003", [line]) } }),
      });
      expect(response.status).toBe(401);
      const forged = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...asKey(`${doomed.key.slice(0, -4)}AAAA`) },
        body: JSON.stringify({ query: UPSERT, variables: { input: order("2003", [line]) } }),
      });
      expect(forged.status).toBe(401);
    } finally {
      await gateway.close();
    }
  });

  it("credits a line only to a click counted on that widget, for that product, of that store, within the window", async () => {
    const line = (
      lineId: string,
      productId: string,
      clickId: string | null,
      quantity = 1,
      unitPrice = "20.00",
    ) => ({
      lineId,
      productId,
      quantity,
      unitPrice,
      clickId,
    });
    const lines = [
      line("credited", A.p1, clicks.p1 ?? null, 3, "20.00"), // 60.00, 20.00 of it refunded below
      line("forged", A.p1, randomUUID()),
      line("other-store", A.p1, clicks.b ?? null),
      line("other-product", A.p1, clicks.p2 ?? null),
      line("bot", A.p1, clicks.bot ?? null),
      line("too-old", A.p1, clicks.old ?? null),
      line("no-claim", A.p2, null),
    ];
    const refunds = [{ lineId: "credited", quantity: 1, amount: "20.00" }];
    expect((await upsert(order("3001", lines, { refunds }))).data?.upsertOrder.outcome).toBe("CREATED");
    // A cancelled order's line with a good click credits nothing either.
    const cancelled = order("3002", [line("c", A.p1, clicks.p1Again ?? null)], { status: "CANCELLED" });
    expect((await upsert(cancelled)).data?.upsertOrder.outcome).toBe("CREATED");

    const settings = stack.workerSettings();
    // A worker that read the claims and the clicks and died before writing a verdict decided nothing...
    const pending = await stack.query<{ pendingClickClaims: unknown[] }>(
      "{ pendingClickClaims(first: 1000) { lineRef } }",
    );
    expect(pending.data?.pendingClickClaims).toHaveLength(7);
    // ...so the next run decides every claim once, and a run after it finds nothing left. Two verdicts
    // credit the widget: the good line's and the cancelled order's (whose sales count nothing).
    expect(await attributeClaims(settings, { windowDays: 7, log, batch: 3 })).toEqual({
      checked: 7,
      credited: 2,
    });
    expect(await attributeClaims(settings, { windowDays: 7, log })).toEqual({ checked: 0, credited: 0 });

    const figures = await stack.query(FIGURES, { storeId: A.store, widgetId: A.widget }, asKey(keyA));
    expect(figures.errors).toBeUndefined();
    // Sales of widget products (P1, P2) net of refunds, never the cancelled orders: order 2002 (5.00) and
    // 3001 (40.00 credited, 5 × 20.00 uncredited, 20.00 unclaimed).
    expect(figures.data?.store).toEqual({
      salesSeries: [
        {
          sales: { amount: "165.00" },
          unitsSold: 9,
          attributedSales: { amount: "40.00" },
          attributedOrders: 1,
        },
      ],
    });
    // Clicks counted in W46: p1, p1Again, p2 (the bot's is not, the old one is in W45).
    expect(figures.data?.widget).toEqual({
      week: {
        clicks: 3,
        attributedSales: { amount: "40.00", currency: "USD" },
        attributedOrders: 1,
        conversionRate: 1 / 3,
      },
      range: { clicks: 3, attributedSales: { amount: "40.00" }, attributedOrders: 1, conversionRate: 1 / 3 },
    });
  });

  it("leads the weekly email with the sales the widget clicks drove", async () => {
    await databases.shop
      .sql`update stores set report_recipients = '{owner@alpha.example}' where id = ${A.store}`;
    const report = await fetchReport(stack.workerSettings(), A.store, "2026-W46");
    expect(report.totals).toMatchObject({
      attributedSales: "40.00",
      previousAttributedSales: "0.00",
      attributedOrders: 1,
    });
    expect(report.widgets).toEqual([
      expect.objectContaining({ id: A.widget, clicks: 3, attributedSales: "40.00" }),
    ]);
    const { emails } = await reportEmails(stack.workerSettings(), report, "2026-W46");
    const text = emails[0]?.email.text ?? "";
    expect(text).toMatch(/Sales from widget clicks\s+\$40\.00/);
    expect(text).toContain("$40.00 from clicks");
  });

  it("decides the week's claims before its email is rendered, and says so when it cannot", async () => {
    // An order of the week whose claim no attribution run has decided yet.
    const late = order(
      "3003",
      [{ lineId: "l", productId: A.p2, quantity: 1, unitPrice: "7.00", clickId: clicks.p2 ?? null }],
      {
        placedAt: "2026-11-11T12:30:00Z",
        updatedAt: "2026-11-11T12:30:00Z",
      },
    );
    expect((await upsert(late)).data?.upsertOrder.outcome).toBe("CREATED");
    const settings = stack.workerSettings();
    await runMigrations(databases.urls.jobs, jobsMigrations);
    const jobs = connect(databases.urls.jobs, jobsSchema, { max: 1 });
    try {
      // Deciding fails (the gateway away): the run fails, to be retried, and queues nothing; on its last
      // attempt the email goes out saying credited sales may still grow.
      const away = () => Promise.reject(new Error("gateway away"));
      const run = { storeIds: [A.store], week: "2026-W46" };
      const deps = { db: jobs.db, settings, decideClaims: away };
      await expect(sendWeeklyReports(deps, run, { lastAttempt: false })).rejects.toThrow("gateway away");
      expect(await deliveryCounts(jobs.db, "2026-W46")).toMatchObject({ queued: 0 });
      expect((await sendWeeklyReports(deps, run, { lastAttempt: true })).queued).toBe(1);
      const [queued] = await jobs.db.select().from(deliveries).where(eq(deliveries.storeId, A.store));
      expect(queued?.email?.text).toMatch(/Sales from widget clicks\s+\$40\.00/);
      expect(queued?.email?.text).toContain("still being matched to widget clicks");
      // Forgotten, so the worker's normal run below mails the week again.
      await jobs.db.delete(deliveries);
      await jobs.db.delete(reportRuns);
    } finally {
      await jobs.close();
    }
    // Sent half an hour after that order, as the worker does: claims of orders placed until its clock.
    clock.advance(3_600_000);
    const decide = () => attributeClaims(settings, { windowDays: 7, log, placedBefore: clock.now() });
    const mailed = await mailWeeklyReports(databases.urls.jobs, settings, [A.store], "2026-W46", log, decide);
    clock.advance(-3_600_000);
    // 40.00 credited before, and the late order's 7.00 now that its claim is decided.
    expect(mailed.get(A.store)?.html).toContain("$47.00");
    expect(mailed.get(A.store)?.html).not.toContain("still being matched");
  });

  it("verifies more claims than one batch holds, each request within the gateway's body limit", async () => {
    const claims = 3 * CLAIMS_PER_BATCH + 7;
    await databases.shop.sql`
      with o as (
        insert into orders (store_id, external_id, status, placed_at)
        values (${A.store}, 'many-claims', 'paid', '2026-10-01T12:00:00Z') returning id)
      insert into order_lines (order_id, line_id, product_id, quantity, unit_price, click_id)
      select o.id, n::text, ${A.p1}, 1, 1, gen_random_uuid() from o, generate_series(1, ${claims}) n`;
    expect(await attributeClaims(stack.workerSettings(), { windowDays: 7, log })).toEqual({
      checked: claims,
      credited: 0,
    });
  });

  it("never writes a key, its secret or the secret's hash to a log, even when the lookup fails", async () => {
    // Shop unreachable: the lookup of a key no gateway has cached fails (503, to be retried), and is logged.
    const unreachable = await stack.extraGateway({
      subgraphUrls: { shop: "http://127.0.0.1:9/graphql", review: stack.reviewUrl },
    });
    const fresh = (await createKey(shop.db, { storeId: A.store, name: "unlucky", scopes: ["orders:write"] }))
      .key;
    keys.push(fresh);
    try {
      const response = await fetch(unreachable.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...asKey(fresh) },
        body: JSON.stringify({ query: UPSERT, variables: { input: order("4001", []) } }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
      expect((await response.json()).errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await unreachable.close();
    }
    const text = logged.join("");
    expect(text).toMatch(/store key lookup failed/); // the failure is there, the key is not
    for (const key of keys) {
      const secret = key.slice("ldk_".length + 16 + 1); // the secret may hold underscores itself
      const hash = createHash("sha256").update(secret).digest("hex");
      for (const part of [key, secret, hash]) expect(text).not.toContain(part);
    }
  });
});
