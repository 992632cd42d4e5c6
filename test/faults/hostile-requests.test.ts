import { randomBytes, randomUUID } from "node:crypto";
import { request } from "node:http";
import { SignJWT } from "jose";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startGateway } from "../../gateway/server.ts";
import { WeeklyReportDocument } from "../../jobs/generated/operations.ts";
import { issueEmailLinkToken, issueToken } from "../../lib/auth.ts";
import { createLogger } from "../../lib/logger.ts";
import { generateSecrets, secretsEnv } from "../../lib/secrets.ts";
import { BATCH_CONTENT_TYPE } from "../../lib/transport/batch-format.ts";
import { freePort } from "../../scripts/dev/embedded-postgres.ts";
import { startGraph } from "../../scripts/dev/processes.ts";
import { createKey } from "../../subgraphs/shop/db/queries/keys.ts";
import { freshDatabases } from "../helpers/databases.ts";
import { makeCatalogue, makeStores } from "../helpers/factories.ts";
import { RESETS, resetConnection } from "../helpers/reset.ts";
import { BROWSER_UA } from "../helpers/stack.ts";
import { faultChecks } from "./record.ts";

const REPORT = WeeklyReportDocument.toString();
const UPSERT_ORDER = "mutation($input: OrderInput!) { upsertOrder(input: $input) { outcome } }";
const ADD_RECIPIENT =
  "mutation($id: ID!, $email: String!) { addReportRecipient(storeId: $id, email: $email) { id } }";
const RECORD_CLICK =
  "mutation($input: RecordClickInput!) { recordClick(input: $input) { accepted duplicate } }";
const A = { store: randomUUID(), widget: randomUUID(), product: randomUUID() };
const B = { store: randomUUID(), widget: randomUUID(), product: randomUUID() };

interface Answer {
  status: number;
  code: string;
}

interface Attempt {
  tried: string;
  /** What must come back: the HTTP status, and the GraphQL `extensions.code` of the first error if any. */
  expected: Answer;
  send(): Promise<Response>;
}

/**
 * Bad and hostile requests against the whole system running as in production (each service its own
 * process, NODE_ENV=production): every one must get its clear error, no service may crash, and nothing
 * may be written to any table.
 */
describe("hostile requests", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let graph: Awaited<ReturnType<typeof startGraph>>;
  const generated = generateSecrets();
  const secrets = secretsEnv(generated);
  const metricsPorts: Record<string, number> = {};

  /** A's checkout key, used a moment ago (so a use now records nothing), and an address asked to confirm. */
  let checkoutKey = "";
  const STRANGER = "stranger@elsewhere.example";
  const BOUNCED = "bounced@elsewhere.example";

  beforeAll(async () => {
    databases = await freshDatabases();
    for (const s of [A, B]) {
      await makeStores(databases.shop.db, {
        id: s.store,
        currency: "EUR",
        reportRecipients: ["owner@store.example"],
      });
      await makeCatalogue(databases.review.db, s.store, [{ id: s.product, name: "Tote" }], { id: s.widget });
    }
    for (const service of ["GATEWAY", "SHOP", "REVIEW"]) metricsPorts[service] = await freePort();
    graph = await startGraph(secrets, databases.urls, {
      NODE_ENV: "production",
      LOG_LEVEL: "error",
      ...Object.fromEntries(
        Object.entries(metricsPorts).map(([name, port]) => [`${name}_METRICS_PORT`, String(port)]),
      ),
    });
    // What the table's attempts find: A's checkout key, used a moment ago (a use now writes nothing), a
    // bounced address, and an address asked to confirm today.
    checkoutKey = (
      await createKey(databases.shop.db, { storeId: A.store, name: "checkout", scopes: ["orders:write"] })
    ).key;
    // On this process's clock, which is the services' (libfaketime moves both; PostgreSQL's stays real).
    await databases.shop.sql`update store_api_keys set last_used_at = ${new Date().toISOString()}`;
    await databases.shop
      .sql`insert into suppressed_recipients (store_id, email, reason, detail, suppressed_at)
      values (${A.store}, ${BOUNCED}, 'bounce', 'no such mailbox', ${new Date().toISOString()})`;
    const token = await issueToken(secrets.AUTH_SECRET, { kind: "store", storeId: A.store }, 600);
    const added = await fetch(graph.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation { addReportRecipient(storeId: "${A.store}", email: "${STRANGER}") { id } }`,
      }),
    });
    if ((await added.text()).includes("errors")) throw new Error("the first confirmation was not asked for");
  });
  afterAll(async () => {
    await graph?.stop();
    await databases?.drop();
  });

  it("get their error, crash nothing and write nothing", async (context) => {
    const { check, assertAllHeld } = faultChecks(context, "hostile requests");
    const gateway = graph.gatewayUrl;
    const origin = new URL(gateway).origin;
    const tokenA = await issueToken(secrets.AUTH_SECRET, { kind: "store", storeId: A.store }, 600);
    const expired = await issueToken(secrets.AUTH_SECRET, { kind: "store", storeId: A.store }, -60);
    const forged = await issueToken(randomBytes(32).toString("base64url"), { kind: "service" }, 600);
    const forgedUnsubscribe = await issueEmailLinkToken(
      randomBytes(32).toString("base64url"),
      "unsubscribe",
      {
        storeId: A.store,
        email: "owner@store.example",
      },
    );
    const post = (body: string, headers: Record<string, string> = {}, url = gateway) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": BROWSER_UA, ...headers },
        body,
      });
    const gql = (query: string, variables: unknown = {}, headers: Record<string, string> = {}) =>
      post(JSON.stringify({ query, variables }), headers);
    const click = (input: unknown, headers: Record<string, string> = {}) =>
      gql(RECORD_CLICK, { input }, headers);
    const validClick = { widgetId: A.widget, productId: A.product, clickId: randomUUID() };
    // The envelope the gateway uses to batch its requests to a subgraph (lib/transport/batch-format.ts).
    const clickBatch = JSON.stringify({
      requests: [{ headers: {}, body: { query: RECORD_CLICK, variables: { input: validClick } } }],
    });
    const asA = { authorization: `Bearer ${tokenA}` };
    const deep = `{ store(id: "${A.store}") { widgets { store { widgets { store { widgets { store { widgets { store { widgets { name } } } } } } } } } } }`;
    const wide = `{ ${Array.from({ length: 301 }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    const bomb = `query { ...F9 } ${Array.from({ length: 10 }, (_, i) => (i === 0 ? "fragment F0 on Query { __typename }" : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`)).join(" ")}`;

    const bad = (code: string): Answer => ({ status: 200, code });
    const asCheckout = { authorization: `Bearer ${checkoutKey}` };
    const order = (change: Record<string, unknown>) => ({
      storeId: A.store,
      orderId: "o-1",
      placedAt: "2026-11-18T12:00:00Z",
      updatedAt: "2026-11-18T12:00:00Z",
      status: "PAID",
      currency: "EUR",
      lines: [{ lineId: "l", productId: A.product, quantity: 1, unitPrice: "10.00" }],
      ...change,
    });
    const attempts: Attempt[] = [
      // Click input
      {
        tried: "click: malformed widget id",
        expected: bad("BAD_USER_INPUT"),
        send: () => click({ ...validClick, widgetId: "abc" }),
      },
      {
        tried: "click: malformed click id",
        expected: bad("BAD_USER_INPUT"),
        send: () => click({ ...validClick, clickId: "1 or 1=1" }),
      },
      {
        tried: "click: malformed product id",
        expected: bad("BAD_USER_INPUT"),
        send: () => click({ ...validClick, productId: "'; drop table widget_clicks; --" }),
      },
      {
        tried: "click: 10,000-character click id",
        expected: bad("BAD_USER_INPUT"),
        send: () => click({ ...validClick, clickId: "x".repeat(10_000) }),
      },
      {
        tried: "click: a number as widget id",
        expected: bad("BAD_USER_INPUT"),
        send: () => click({ ...validClick, widgetId: 12345 }),
      },
      {
        tried: "click: no click id",
        expected: { status: 400, code: "BAD_USER_INPUT" },
        send: () => click({ widgetId: A.widget }),
      },
      {
        tried: "click: unknown input field",
        expected: { status: 400, code: "BAD_USER_INPUT" },
        send: () => click({ ...validClick, admin: true }),
      },
      {
        tried: "click: huge list as widget id",
        expected: { status: 400, code: "BAD_USER_INPUT" },
        send: () => click({ ...validClick, widgetId: Array.from({ length: 2_000 }, () => A.widget) }),
      },
      {
        tried: "click: input null",
        expected: { status: 400, code: "BAD_USER_INPUT" },
        send: () => gql(RECORD_CLICK, { input: null }),
      },
      {
        tried: "click: unknown widget",
        expected: bad("NOT_FOUND"),
        send: () => click({ ...validClick, widgetId: randomUUID() }),
      },
      {
        tried: "click: product not in the widget",
        expected: bad("BAD_USER_INPUT"),
        send: () => click({ ...validClick, productId: B.product }),
      },
      // Query arguments
      {
        // Priced by @listSize before it is planned (it was BAD_USER_INPUT from the resolver before).
        tried: "report: first = 100,000 (huge list)",
        expected: { status: 400, code: "COST_LIMIT_EXCEEDED" },
        send: () => gql(`{ store(id: "${A.store}") { topWidgets(first: 100000) { clicks } } }`, {}, asA),
      },
      {
        tried: "report: week in the future",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(REPORT, { storeId: A.store, week: "2099-W01" }, asA),
      },
      {
        tried: "report: malformed week",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(REPORT, { storeId: A.store, week: "2026-W99" }, asA),
      },
      {
        tried: "clicks: range over 366 days",
        expected: bad("BAD_USER_INPUT"),
        send: () =>
          gql(`{ widget(id: "${A.widget}") { clicks(from: "2024-01-01", to: "2026-01-01") } }`, {}, asA),
      },
      {
        tried: "store: malformed id",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(`{ store(id: "../../etc/passwd") { name } }`, {}, asA),
      },
      // Query shape
      {
        tried: "query 11 levels deep",
        expected: { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
        send: () => gql(deep, {}, asA),
      },
      {
        tried: "query with 301 fields",
        expected: { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
        send: () => gql(wide),
      },
      {
        tried: "fragment bomb (2^9 expansions)",
        expected: { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
        send: () => gql(bomb),
      },
      {
        tried: "introspection in production",
        expected: { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
        send: () => gql("{ __schema { types { name } } }"),
      },
      {
        tried: "unparsable query",
        expected: { status: 400, code: "GRAPHQL_PARSE_FAILED" },
        send: () => gql("{ store(id: ".repeat(500)),
      },
      { tried: "empty query", expected: { status: 400, code: "BAD_REQUEST" }, send: () => gql("") },
      {
        tried: "variables as a string",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () => post(JSON.stringify({ query: RECORD_CLICK, variables: "input" })),
      },
      // Transport
      {
        tried: "1 MB body",
        expected: { status: 413, code: "PAYLOAD_TOO_LARGE" },
        send: () => post(JSON.stringify({ query: `{ __typename }`, padding: "x".repeat(1_000_000) })),
      },
      {
        tried: "batched array of operations",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () =>
          post(
            JSON.stringify(
              Array.from({ length: 3 }, () => ({ query: RECORD_CLICK, variables: { input: validClick } })),
            ),
          ),
      },
      {
        tried: "content-type text/plain",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () => post(JSON.stringify({ query: "{ __typename }" }), { "content-type": "text/plain" }),
      },
      {
        tried: "form post",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () => post("query=%7B__typename%7D", { "content-type": "application/x-www-form-urlencoded" }),
      },
      {
        tried: "broken JSON",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () => post('{"query": "{ __typename }"'),
      },
      {
        tried: "GET mutation without preflight header (CSRF)",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () => fetch(`${gateway}?query=${encodeURIComponent("mutation { __typename }")}`),
      },
      // Tokens
      {
        tried: "token signed with another secret",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () => gql(REPORT, { storeId: A.store }, { authorization: `Bearer ${forged}` }),
      },
      {
        tried: "expired token",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () => gql(REPORT, { storeId: A.store }, { authorization: `Bearer ${expired}` }),
      },
      {
        tried: "not a JWT",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () => gql(REPORT, { storeId: A.store }, { authorization: "Bearer not.a.jwt" }),
      },
      {
        tried: "alg none token",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () => gql(REPORT, { storeId: A.store }, { authorization: `Bearer ${unsignedToken()}` }),
      },
      {
        tried: "no token on a store",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () => gql(REPORT, { storeId: A.store }),
      },
      {
        tried: "store A's token on store B's report",
        expected: bad("FORBIDDEN"),
        send: () => gql(REPORT, { storeId: B.store }, asA),
      },
      {
        tried: "store A's token removing B's recipient",
        expected: bad("FORBIDDEN"),
        send: () =>
          gql(
            `mutation { removeReportRecipient(storeId: "${B.store}", email: "owner@store.example") { name } }`,
            {},
            asA,
          ),
      },
      {
        tried: "unsubscribe with a forged token",
        expected: { status: 400, code: "" },
        send: () => fetch(`${origin}/unsubscribe?token=${forgedUnsubscribe}`, { method: "POST" }),
      },
      {
        tried: "unsubscribe with an altered token",
        expected: { status: 400, code: "" },
        send: () =>
          fetch(`${origin}/unsubscribe?token=${forgedUnsubscribe.slice(0, -4)}AAAA`, { method: "POST" }),
      },
      // Around the gateway
      {
        tried: "review subgraph without the secret",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () =>
          post(
            JSON.stringify({ query: RECORD_CLICK, variables: { input: validClick } }),
            {},
            graph.urls.review,
          ),
      },
      {
        tried: "review subgraph: a batch of clicks without the secret",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () => post(clickBatch, { "content-type": BATCH_CONTENT_TYPE }, graph.urls.review),
      },
      {
        tried: "gateway: a subgraph batch of clicks",
        expected: { status: 400, code: "BAD_REQUEST" },
        send: () => post(clickBatch, { "content-type": BATCH_CONTENT_TYPE }),
      },
      {
        tried: "shop subgraph with a forged viewer",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () =>
          post(
            JSON.stringify({ query: `{ store(id: "${A.store}") { name } }` }),
            { "x-viewer": "service", "x-subgraph-secret": "guess" },
            graph.urls.shop,
          ),
      },
      // Costs, token lifetimes, long inputs, bodies that never end
      {
        tried: "145 aliased range sums under widgets.products",
        expected: { status: 400, code: "COST_LIMIT_EXCEEDED" },
        send: () =>
          gql(
            `{ store(id: "${A.store}") { widgets { products { ${Array.from({ length: 145 }, (_, i) => `s${i}: sales(from: "2025-01-01", to: "2025-12-31") { amount }`).join(" ")} } } } }`,
            {},
            asA,
          ),
      },
      {
        tried: "token without exp",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: async () =>
          gql(
            `{ store(id: "${A.store}") { name } }`,
            {},
            { authorization: `Bearer ${await tokenWithout(secrets.AUTH_SECRET)}` },
          ),
      },
      {
        tried: "a 90 kB week string (within the body limit)",
        expected: bad("BAD_USER_INPUT"),
        send: () =>
          gql(
            `query($w: String) { store(id: "${A.store}") { topWidgets(week: $w) { clicks } } }`,
            { w: `2026-W47${"x".repeat(90_000)}` },
            asA,
          ),
      },
      {
        tried: "year 0026 (read as 1926 before)",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(`{ store(id: "${A.store}") { topWidgets(week: "0026-W10") { clicks } } }`, {}, asA),
      },
      {
        tried: "a 2 MB chunked body (no length)",
        expected: { status: 413, code: "PAYLOAD_TOO_LARGE" },
        send: () => chunkedPost(gateway, 2 * 1024 * 1024),
      },
      // Aliases that multiply per-call limits, a negative size that would hide a cost
      {
        tried: "18 aliased recordImpressions × 50 fresh ids",
        expected: { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
        send: () =>
          gql(
            `mutation($i: RecordImpressionsInput!) { ${Array.from({ length: 18 }, (_, n) => `a${n}: recordImpressions(input: $i) { results { accepted } }`).join(" ")} }`,
            {
              i: {
                impressions: Array.from({ length: 50 }, () => ({
                  widgetId: A.widget,
                  impressionId: randomUUID(),
                })),
              },
            },
          ),
      },
      {
        tried: "20 aliased recordClicks",
        expected: { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
        send: () =>
          gql(
            `mutation { ${Array.from({ length: 20 }, (_, n) => `c${n}: recordClick(input: { widgetId: "${A.widget}", clickId: "${randomUUID()}" }) { accepted }`).join(" ")} }`,
          ),
      },
      {
        tried: "salesSeries(weeks: -2147483648) beside 72 aliased range sums",
        expected: { status: 400, code: "COST_LIMIT_EXCEEDED" },
        send: () =>
          gql(
            `{ store(id: "${A.store}") { x: salesSeries(weeks: -2147483648) { week } ${Array.from({ length: 72 }, (_, n) => `a${n}: widgets { products { sales(from: "2025-12-01", to: "2026-11-30") { amount } } }`).join(" ")} } }`,
            {},
            asA,
          ),
      },
      // One store's order, mail or credentials against every other store
      {
        tried: "upsertOrder: 100 lines × 10,000 units × 999999999999.00",
        expected: bad("BAD_USER_INPUT"),
        send: () =>
          gql(
            UPSERT_ORDER,
            {
              input: order({
                lines: Array.from({ length: 100 }, (_, i) => ({
                  lineId: `l${i}`,
                  productId: A.product,
                  quantity: 10_000,
                  unitPrice: "999999999999.00",
                })),
              }),
            },
            asCheckout,
          ),
      },
      {
        tried: "upsertOrder: placedAt 0000-06-01",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(UPSERT_ORDER, { input: order({ placedAt: "0000-06-01T00:00:00Z" }) }, asCheckout),
      },
      {
        tried: "upsertOrder: updatedAt 9999-12-31",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(UPSERT_ORDER, { input: order({ updatedAt: "9999-12-31T00:00:00Z" }) }, asCheckout),
      },
      {
        tried: "addReportRecipient: the same stranger again within the day",
        expected: bad("TOO_MANY_REQUESTS"),
        send: () => gql(ADD_RECIPIENT, { id: A.store, email: STRANGER.toUpperCase() }, asA),
      },
      {
        tried: "addReportRecipient: an address that bounced",
        expected: bad("BAD_USER_INPUT"),
        send: () => gql(ADD_RECIPIENT, { id: A.store, email: BOUNCED }, asA),
      },
      {
        tried: "a real key id with a wrong secret",
        expected: { status: 401, code: "UNAUTHENTICATED" },
        send: () =>
          gql(
            UPSERT_ORDER,
            { input: order({}) },
            {
              authorization: `Bearer ${checkoutKey.slice(0, -8)}AAAAAAAA`,
            },
          ),
      },
      // Bots: answered, not counted
      {
        tried: "click from Googlebot",
        expected: { status: 200, code: "" },
        send: () =>
          click(validClick, {
            "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          }),
      },
    ];

    const before = await rowsOfEveryTable(databases);
    for (const attempt of attempts) {
      let observed: Answer;
      try {
        const response = await attempt.send();
        const text = await response.text();
        observed = { status: response.status, code: firstErrorCode(text) };
      } catch (error) {
        observed = { status: 0, code: (error as Error).message };
      }
      const held = observed.status === attempt.expected.status && observed.code === attempt.expected.code;
      check(attempt.tried, describeAnswer(attempt.expected), describeAnswer(observed), held);
    }
    // What port scanners and balancers' TCP health checks do, on every port a service listens on.
    const ports = {
      ...Object.fromEntries(
        Object.entries(graph.urls).map(([name, url]) => [name, Number(new URL(url).port)]),
      ),
      ...Object.fromEntries(
        Object.entries(metricsPorts).map(([name, port]) => [`${name.toLowerCase()} metrics`, port]),
      ),
    };
    for (const reset of RESETS) {
      const outcomes = await Promise.all(
        Object.entries(ports).map(([name, port]) =>
          resetConnection(port, reset.first).then(
            () => `${name} ok`,
            (error: Error) => `${name}: ${error.message}`,
          ),
        ),
      );
      check(
        `TCP reset ${reset.name}, on all ${outcomes.length} ports`,
        "sent",
        outcomes.join(", "),
        outcomes.every((o) => o.endsWith(" ok")),
      );
    }
    // The floods go to a gateway with production's limits (20 a second an address, 20 a store's kind of
    // credential) over the same subgraphs; the table above ran with none.
    const limitedGateway = await startGateway({
      host: "127.0.0.1",
      port: 0,
      production: true,
      secrets: generated,
      subgraphUrls: { shop: graph.urls.shop, review: graph.urls.review },
      rateLimitPerSecond: 20,
      storeRateLimitPerSecond: 20,
      log: createLogger("test", "silent"),
    });
    const gqlLimited = (query: string, authorization: string, variables: unknown = {}) =>
      post(JSON.stringify({ query, variables }), { authorization }, limitedGateway.url);
    // The address's budget for credentials is per second, its first window opened by the first request
    // with one (the link reads below): a flood that runs into the next second meets a fresh budget.
    const budgetFrom = performance.now();
    // A forwarded dashboard link read 40 times at once spends the links' budget, not the checkout's.
    const link = await issueToken(
      secrets.AUTH_SECRET,
      { kind: "store", storeId: A.store, readOnly: true },
      600,
    );
    const reads = await Promise.all(
      Array.from({ length: 40 }, () =>
        gqlLimited(`{ store(id: "${A.store}") { name } }`, `Bearer ${link}`).then((r) => r.status),
      ),
    );
    const checkout = await gqlLimited(UPSERT_ORDER, asCheckout.authorization, {
      input: order({ currency: "USD" }),
    });
    const checkoutAnswer = { status: checkout.status, code: firstErrorCode(await checkout.text()) };
    check(
      "40 reads at once with a dashboard link, then the checkout's key",
      "some reads 429; the key answered (its input refused, not 429)",
      `${reads.filter((status) => status === 429).length} reads 429; key ${describeAnswer(checkoutAnswer)}`,
      reads.includes(429) && checkoutAnswer.status === 200 && checkoutAnswer.code === "BAD_USER_INPUT",
    );
    // Made-up keys from one address: refused ones spend its budget, then 429 before any lookup.
    const madeUp = await Promise.all(
      Array.from({ length: 300 }, () => {
        const key = `ldk_${randomBytes(8).toString("hex")}_${randomBytes(32).toString("base64url")}`;
        return gqlLimited("{ __typename }", `Bearer ${key}`).then((r) => r.status);
      }),
    );
    const seconds = Math.floor((performance.now() - budgetFrom) / 1_000) + 1;
    await limitedGateway.close();
    const refused = madeUp.filter((status) => status === 401).length;
    const limited = madeUp.filter((status) => status === 429).length;
    check(
      "300 made-up ldk_ keys at once from one address",
      "at most 20 × 401 a second, the rest 429",
      `${refused} × 401, ${limited} × 429 within ${seconds} s`,
      refused <= 20 * seconds && refused + limited === 300,
    );
    const after = await rowsOfEveryTable(databases);

    const alive = (["shop", "review", "gateway"] as const).filter((name) => {
      const { child } = graph.process(name);
      return child.exitCode === null && child.signalCode === null;
    });
    check("all of the above", "no service crashed", `${alive.length} of 3 services up`, alive.length === 3);
    const normal = (await (await click({ ...validClick, clickId: randomUUID() })).json()) as {
      data?: { recordClick?: { accepted: boolean } };
    };
    check(
      "a normal click afterwards",
      "accepted",
      JSON.stringify(normal),
      normal?.data?.recordClick?.accepted === true,
    );
    check(
      "all of the above",
      "0 rows written",
      describeChanges(before, after),
      describeChanges(before, after) === "none",
    );
    check("all of the above", "at least 30 attempts", attempts.length, attempts.length >= 30);
    assertAllHeld();
  });
});

function firstErrorCode(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.[0]?.extensions?.code ?? "";
  } catch {
    return ""; // an HTML page (unsubscribe) or plain text
  }
}

function describeAnswer({ status, code }: Answer): string {
  return code ? `${status} ${code}` : String(status);
}

/**
 * POSTs `bytes` of body in chunks with no length, stopping as soon as an answer comes (the gateway answers
 * 413 and closes the connection once the body passes its limit, without reading the rest).
 */
function chunkedPost(url: string, bytes: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 })));
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 32);
    const writeMore = (sent: number) => {
      if (answered || sent >= bytes) return void req.end();
      req.write(chunk, () => setImmediate(() => writeMore(sent + chunk.length)));
    };
    writeMore(0);
  });
}

/** A correctly signed graph token that never expires. */
function tokenWithout(secret: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("service")
    .setIssuer("listdesigner-insights")
    .setAudience("listdesigner-insights/graph")
    .setIssuedAt()
    .sign(new TextEncoder().encode(secret));
}

/** A JWT claiming to be the service with no signature at all (`alg: none`). */
function unsignedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: "service", kind: "service" })}.`;
}

/** Every table's row count, and a digest of every row, in shop and review. */
async function rowsOfEveryTable(databases: { shop: { sql: postgres.Sql }; review: { sql: postgres.Sql } }) {
  const state = new Map<string, string>();
  for (const [name, sql] of [
    ["shop", databases.shop.sql],
    ["review", databases.review.sql],
  ] as const) {
    const tables = await sql<{ table: string }[]>`
      select tablename as table from pg_tables where schemaname = 'public' order by tablename`;
    for (const { table } of tables) {
      const [row] = await sql<{ digest: string; n: number }[]>`
        select count(*)::int as n, coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as digest
        from ${sql(table)} t`;
      state.set(`${name}.${table}`, `${row?.n}:${row?.digest}`);
    }
  }
  return state;
}

function describeChanges(before: Map<string, string>, after: Map<string, string>): string {
  const changed = [...after].filter(([table, state]) => before.get(table) !== state).map(([table]) => table);
  return changed.length ? `changed: ${changed.join(", ")}` : "none";
}
