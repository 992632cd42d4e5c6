import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "../gateway/server.ts";
import { WeeklyReportDocument } from "../jobs/generated/operations.ts";
import { issueToken, issueWorkerToken, type ServiceScope } from "../lib/auth.ts";
import { createLogger } from "../lib/logger.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeOrder, makeStores } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";

const REPORT = WeeklyReportDocument.toString();
const read = (storeId: string) => `{ store(id: "${storeId}") { name } }`;

/** Two stores with a widget, a product and an order each; B's names are what must never leak to A. */
const A = { store: randomUUID(), widget: randomUUID(), product: randomUUID(), name: "Alpha Store" };
const B = { store: randomUUID(), widget: randomUUID(), product: randomUUID(), name: "Bravo Store" };
const B_SECRETS = ["Bravo Store", "Bravo widget", "Bravo product", B.store, B.widget, B.product];
/** The stack's "now", a Wednesday in 2026-W46: each store's order falls in the report's week, 2026-W45. */
const NOW = new Date("2026-11-11T12:00:00Z");

describe("the gateway's security", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tokenA: string;

  beforeAll(async () => {
    databases = await freshDatabases();
    for (const [s, label] of [
      [A, "Alpha"],
      [B, "Bravo"],
    ] as const) {
      await makeStores(databases.shop.db, { id: s.store, name: s.name, currency: "EUR" });
      await makeOrder(
        databases.shop.db,
        { storeId: s.store, placedAt: new Date("2026-11-04T12:00:00Z") },
        { productId: s.product, quantity: 2, unitPrice: "10" },
      );
      await makeCatalogue(databases.review.db, s.store, [{ id: s.product, name: `${label} product` }], {
        id: s.widget,
        name: `${label} widget`,
      });
    }
    // A row that links store A's widget to store B's product (bad data, or an attack on the catalogue):
    // A must still see nothing of B through it. Raw: no factory makes a row that crosses stores.
    await databases.review
      .sql`insert into widget_products (widget_id, product_id, position) values (${A.widget}, ${B.product}, 1)`;
    stack = await startStack(databases.urls, { clock: () => NOW });
    tokenA = await stack.token({ kind: "store", storeId: A.store });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const asA = () => ({ authorization: `Bearer ${tokenA}` });

  describe("store A's token", () => {
    it("reads store A, its widgets, products and report", async () => {
      const report = await stack.query<{ store: { name: string; topProducts: unknown[] } }>(
        REPORT,
        { storeId: A.store },
        asA(),
      );
      expect(report.errors).toBeUndefined();
      expect(report.data?.store.name).toBe("Alpha Store");
      expect(report.data?.store.topProducts).toHaveLength(1);
      const widget = await stack.query(
        `{ widget(id: "${A.widget}") { name products { name weeklySales { amount } } } }`,
        {},
        asA(),
      );
      expect(widget.errors).toBeUndefined();
      const text = JSON.stringify([report, widget]);
      for (const secret of B_SECRETS) expect(text).not.toContain(secret);
    });

    it.each([
      ["B's store", `{ store(id: "${B.store}") { name currency reportRecipients } }`],
      ["B's widgets through B's store", `{ store(id: "${B.store}") { widgets { name products { name } } } }`],
      ["B's widget", `{ widget(id: "${B.widget}") { name products { name weeklySales { amount } } } }`],
      [
        "B's widget clicks",
        `{ widget(id: "${B.widget}") { weeklyClicks clicks(from: "2026-01-01", to: "2026-01-31") } }`,
      ],
      ["B's report", REPORT],
      [
        "B's weekly series",
        `{ store(id: "${B.store}") { clickSeries(weeks: 53) { clicks } salesSeries(weeks: 53) { sales { amount } } } }`,
      ],
      ["all stores", `{ stores(first: 10) { edges { node { name } } } }`],
      [
        "B's store in a page with A's",
        `{ storesByIds(ids: ["${A.store}", "${B.store}"]) { name reportRecipients } }`,
      ],
    ])("is FORBIDDEN %s, and the answer holds nothing of B", async (_what, document) => {
      const result = await stack.query(document, { storeId: B.store }, asA());
      expect(result.errors?.map((e) => e.extensions?.code)).toContain("FORBIDDEN");
      const text = JSON.stringify(result);
      for (const secret of B_SECRETS) expect(text).not.toContain(secret);
    });
  });

  it("lets a dashboard link's read-only token read its store and change nothing", async () => {
    const link = await stack.token({ kind: "store", storeId: A.store, readOnly: true });
    const asLink = { authorization: `Bearer ${link}` };
    const read = await stack.query<{ store: { name: string } }>(
      `{ store(id: "${A.store}") { name clickSeries(weeks: 2) { clicks } } }`,
      {},
      asLink,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.store.name).toBe("Alpha Store");
    const write = await stack.query(
      `mutation { removeReportRecipient(storeId: "${A.store}", email: "owner@alpha.example") { id } }`,
      {},
      asLink,
    );
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(write.errors?.[0]?.message).toBe("A dashboard link is read-only");
  });

  it("lets the service token read every store", async () => {
    const result = await stack.query<{
      stores: { edges: { node: { name: string; widgets: { name: string }[] } }[] };
    }>(`{ stores(first: 10) { edges { node { name widgets { name } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.stores.edges.map((e) => e.node.name).sort()).toEqual(["Alpha Store", "Bravo Store"]);
  });

  describe("tokens", () => {
    const storeQuery = `{ store(id: "${A.store}") { name } }`;

    it("answers a protected field without a token with UNAUTHENTICATED and HTTP 401", async () => {
      const result = await stack.query(storeQuery, {}, { authorization: "" });
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(result.data?.store ?? null).toBeNull();
    });

    it.each([
      ["a malformed header", "Token abc"],
      ["garbage", "Bearer not.a.jwt"],
      ["a token signed with another secret", "SIGNED_ELSEWHERE"],
      ["an expired token", "EXPIRED"],
    ])("answers %s with UNAUTHENTICATED and HTTP 401", async (_what, header) => {
      const authorization =
        header === "SIGNED_ELSEWHERE"
          ? `Bearer ${await issueToken("x".repeat(43), { kind: "service" }, 60)}`
          : header === "EXPIRED"
            ? `Bearer ${await stack.token({ kind: "store", storeId: A.store }, -60)}`
            : header;
      const result = await stack.query(storeQuery, {}, { authorization });
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(JSON.stringify(result)).not.toContain("Alpha Store");
    });

    it("needs no token for recordClick", async () => {
      const result = await stack.query(
        `mutation($input: RecordClickInput!) { recordClick(input: $input) { accepted } }`,
        { input: { widgetId: A.widget, clickId: randomUUID() } },
        { authorization: "" },
      );
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ recordClick: { accepted: true } });
    });
  });

  describe("closed subgraphs", () => {
    it.each(["shop", "review"] as const)(
      "%s refuses a direct call without the gateway's secret",
      async (name) => {
        const url = name === "shop" ? stack.shopUrl : stack.reviewUrl;
        const attempts: Record<string, string>[] = [
          {},
          { "x-subgraph-secret": "guess" },
          { "x-viewer": "service" },
        ];
        for (const headers of attempts) {
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers },
            body: JSON.stringify({
              query: `{ _entities(representations: [{ __typename: "Store", id: "${B.store}" }]) { __typename } }`,
            }),
          });
          expect(response.status).toBe(401);
          const text = await response.text();
          expect(text).toContain("answers only the gateway");
          for (const secret of B_SECRETS) expect(text).not.toContain(secret);
        }
      },
    );

    it("passes only allow-listed headers to a subgraph", async () => {
      const received: IncomingHttpHeaders[] = [];
      const fake = createServer(async (req, res) => {
        let body = "";
        for await (const chunk of req) body += chunk;
        // The gateway's own requests (its sweep of platform deliveries at start) are not the caller's.
        if (body.includes("recordClick")) received.push(req.headers);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ data: { recordClick: { accepted: true, duplicate: false } } }));
      });
      await new Promise<void>((done) => fake.listen(0, "127.0.0.1", done));
      const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`;
      const gateway = await startGateway({
        host: "127.0.0.1",
        port: 0,
        subgraphUrls: { review: fakeUrl, shop: fakeUrl },
        secrets: stack.secrets,
        production: false,
        log: createLogger("test", "silent"),
      });
      try {
        await fetch(gateway.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${tokenA}`,
            cookie: "session=s3cr3t",
            "x-evil": "1",
            "x-viewer": "service",
            "user-agent": "Mozilla/5.0 test",
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          },
          body: JSON.stringify({
            query: `mutation { recordClick(input: { widgetId: "${A.widget}", clickId: "${randomUUID()}" }) { accepted } }`,
          }),
        });
        expect(received).toHaveLength(1);
        const headers = received[0] ?? {};
        expect(headers["x-subgraph-secret"]).toBe(stack.secrets.subgraphSecret);
        expect(headers["x-viewer"]).toBe(`store:${A.store}`); // the verified viewer, not the caller's claim
        expect(headers["x-client-user-agent"]).toBe("Mozilla/5.0 test");
        expect(headers["x-client-address"]).toBe("127.0.0.1");
        // The caller's trace, continued by the gateway's own call (a span id of its own).
        expect(headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
        for (const dropped of ["authorization", "cookie", "x-evil"]) expect(headers[dropped]).toBeUndefined();
      } finally {
        await gateway.close();
        fake.close();
      }
    });
  });

  describe("limits", () => {
    const stillServes = async () => {
      const result = await stack.query(`{ store(id: "${A.store}") { name } }`);
      expect(result.data).toEqual({ store: { name: "Alpha Store" } });
    };

    it("refuses a query deeper than 10 levels", async () => {
      const deep = `{ widget(id: "${A.widget}") { ${"store { widgets { ".repeat(5)} id ${"} } ".repeat(5)} } }`;
      const result = await stack.query(deep);
      expect(result.errors?.[0]?.message).toMatch(/levels deep; at most 10/);
      expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      await stillServes();
    });

    it("refuses a query selecting more than 300 fields, aliases and fragments counted", async () => {
      const aliases = Array.from({ length: 301 }, (_, i) => `a${i}: __typename`).join(" ");
      const wide = await stack.query(`{ ${aliases} }`);
      expect(wide.errors?.[0]?.message).toMatch(/selects 301 fields/);
      // Each fragment level doubles the fields: 2^10 selections from a few lines.
      const levels = Array.from(
        { length: 10 },
        (_, i) => `fragment F${i} on Query { a: __typename ...F${i + 1} b: __typename ...F${i + 1} }`,
      );
      const bomb = `{ ...F0 } ${levels.join(" ")} fragment F10 on Query { __typename }`;
      const exploded = await stack.query(bomb);
      expect(exploded.errors?.[0]?.message).toMatch(/fields; at most 300/);
      await stillServes();
    });

    it("answers a 1 MB body with 413", async () => {
      const response = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(1_000_000) } }),
      });
      expect(response.status).toBe(413);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions
          .code,
      ).toBe("PAYLOAD_TOO_LARGE");
      await stillServes();
    });

    it.each([
      [
        "a batch of operations",
        "application/json",
        JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
        400,
      ],
      ["a form post (CSRF)", "application/x-www-form-urlencoded", "query={__typename}", 400],
      ["plain text (CSRF)", "text/plain", JSON.stringify({ query: "{ __typename }" }), 400],
      ["broken JSON", "application/json", '{"query": "{ __typename }"', 400],
    ])("refuses %s", async (_what, contentType, body, status) => {
      const response = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      });
      expect(response.status).toBe(status);
      await stillServes();
    });

    it("refuses a GET query without a preflight header (CSRF)", async () => {
      const response = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent("{ __typename }")}`);
      expect(response.status).toBe(400);
    });
  });

  describe("CORS", () => {
    const preflight = (origin: string) =>
      fetch(stack.gatewayUrl, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });

    it("lets any storefront post without credentials", async () => {
      const response = await preflight("https://shop.example");
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-headers")).not.toContain("authorization");
    });

    it("lets configured dashboards send Authorization", async () => {
      const response = await preflight("https://dashboard.example");
      expect(response.headers.get("access-control-allow-origin")).toBe("https://dashboard.example");
      expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
    });
  });

  it("shows a read-only dashboard link the figures but not the report's recipients", async () => {
    const link = await stack.token({ kind: "store", storeId: A.store, readOnly: true });
    const asLink = await stack.query(
      `{ store(id: "${A.store}") { name reportRecipients } }`,
      {},
      { authorization: `Bearer ${link}` },
    );
    expect(asLink.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const asOwner = await stack.query(`{ store(id: "${A.store}") { reportRecipients } }`, {}, asA());
    expect(asOwner.errors).toBeUndefined();
  });

  it("reports health and readiness", async () => {
    const base = new URL(stack.gatewayUrl);
    expect((await fetch(new URL("/healthz", base))).status).toBe(200);
    const ready = await fetch(new URL("/readyz", base));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", subgraphs: { shop: "ok", review: "ok" } });

    const lonely = await stack.gatewayWithoutReview();
    try {
      const notReady = await fetch(new URL("/readyz", new URL(lonely.url)));
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ subgraphs: { shop: "ok", review: "unavailable" } });
    } finally {
      await lonely.close();
    }
  });

  it("asks the subgraphs' readiness at most once a second, however often its public /readyz is hit", async () => {
    let asked = 0;
    const subgraph = createServer((req, res) => {
      if (req.url === "/readyz") asked++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ready"}');
    });
    await new Promise<void>((done) => subgraph.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    const gateway = await gatewayWith({ subgraphUrls: { shop: url, review: url } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => fetch(new URL("/readyz", gateway.url))),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
      expect(asked).toBe(2); // one call to each subgraph for all 50
    } finally {
      await gateway.close();
      subgraph.close();
    }
  });

  it("answers a subgraph's /readyz from one statement a second, however often it is hit", async () => {
    const before = stack.statements().shop;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => fetch(new URL("/readyz", stack.shopUrl))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(stack.statements().shop - before).toBeLessThanOrEqual(1);
  });

  describe("the worker's tokens", () => {
    const asWorker = async (scopes: ServiceScope[]) => ({
      authorization: `Bearer ${await issueWorkerToken(stack.secrets.linkSecret, scopes, 600)}`,
    });
    const codeOf = (result: { errors?: { extensions?: { code?: unknown } }[] }) =>
      result.errors?.[0]?.extensions?.code;

    it("let each job send only its own operations, and none what only the gateway does", async () => {
      const claims = await asWorker(["claims"]);
      const reports = await asWorker(["reports:read"]);
      const read = `{ store(id: "${A.store}") { name } }`;
      const pending = "{ pendingClickClaims(first: 1) { lineRef } }";
      expect(codeOf(await stack.query(read, {}, claims))).toBe("FORBIDDEN");
      expect((await stack.query(read, {}, reports)).errors).toBeUndefined();
      expect(codeOf(await stack.query(pending, {}, reports))).toBe("FORBIDDEN");
      expect((await stack.query(pending, {}, claims)).errors).toBeUndefined();
      const everyJob = await asWorker(["reports:read", "claims", "confirmations"]);
      for (const gatewayOnly of [
        `mutation { confirmReportRecipient(storeId: "${A.store}", email: "x@y.example", requestId: "${randomUUID()}") { id } }`,
        `mutation { authenticateStoreKey(keyId: "0123456789abcdef", secretHash: "00") { storeId } }`,
        `mutation { recordEmailEvent(input: { eventId: "e1", kind: COMPLAINT, storeId: "${A.store}", email: "owner@a.example", detail: "x", occurredAt: "2026-11-11T00:00:00Z" }) { suppressed } }`,
      ])
        expect(codeOf(await stack.query(gatewayOnly, {}, everyJob)), gatewayOnly).toBe("FORBIDDEN");
    });

    it("cannot pass off the worker's key ring as an owner's token or the whole service", async () => {
      const forge = (subject: string, audience: string) =>
        new SignJWT({})
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(subject)
          .setIssuer("listdesigner-insights")
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime("10m")
          .sign(new TextEncoder().encode(stack.secrets.linkSecret));
      for (const [subject, audience] of [
        [`store:${A.store}`, "listdesigner-insights/store-link"],
        ["service", "listdesigner-insights/worker"],
        [`store:${A.store}`, "listdesigner-insights/graph"],
      ] as const) {
        const answer = await stack.query(
          read(A.store),
          {},
          { authorization: `Bearer ${await forge(subject, audience)}` },
        );
        expect(codeOf(answer), `${subject} for ${audience}`).toBe("UNAUTHENTICATED");
      }
    });

    it("credits no widget without review's receipt of the claimed click", async () => {
      const order = await makeOrder(
        databases.shop.db,
        { storeId: A.store, placedAt: new Date("2026-11-10T12:00:00Z") },
        { productId: A.product, unitPrice: "10", clickId: randomUUID() },
      );
      const [line] = await databases.shop.sql<{ id: string }[]>`
        select id::text from order_lines where order_id = ${order.id}`;
      const record = `mutation($v: [ClaimVerdictInput!]!) { recordClaimVerdicts(verdicts: $v) }`;
      const claims = await asWorker(["claims"]);
      // Store B's widget, with no receipt, then with a receipt made up: refused whole, nothing written.
      for (const made of [{}, { clickedAt: "2026-11-10T11:00:00Z", receipt: "bm90IGEgcmVjZWlwdA" }]) {
        const verdicts = [{ lineRef: line?.id, creditedWidgetId: B.widget, ...made }];
        expect(codeOf(await stack.query(record, { v: verdicts }, claims))).toBe("BAD_USER_INPUT");
      }
      const [after] = await databases.shop.sql`
        select claim_checked_at, credited_widget_id from order_lines where id = ${line?.id ?? "0"}`;
      expect(after).toEqual({ claim_checked_at: null, credited_widget_id: null });
      // Deciding that it credits nothing needs no receipt.
      expect(
        (await stack.query(record, { v: [{ lineRef: line?.id, creditedWidgetId: null }] }, claims)).data,
      ).toEqual({
        recordClaimVerdicts: 1,
      });
    });
  });

  /** Another production gateway over this stack's subgraphs, with some of its options changed. */
  const gatewayWith = (options: Partial<Parameters<typeof startGateway>[0]>) =>
    startGateway({
      host: "127.0.0.1",
      port: 0,
      production: true,
      log: createLogger("test", "silent"),
      secrets: stack.secrets,
      subgraphUrls: { shop: stack.shopUrl, review: stack.reviewUrl },
      ...options,
    });
  /** A storefront's click on store A's widget, without a token. */
  const anonymousClick = (url: string) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131",
      },
      body: JSON.stringify({
        query: `mutation { recordClick(input: { widgetId: "${A.widget}", clickId: "${randomUUID()}" }) { accepted } }`,
      }),
    });

  it("refuses an expensive operation before planning it, with the limit's code", async () => {
    const aliases = Array.from(
      { length: 145 },
      (_, i) => `s${i}: sales(from: "2025-01-01", to: "2025-12-31") { amount }`,
    );
    const result = await stack.query(
      `{ store(id: "${A.store}") { widgets { products { ${aliases.join(" ")} } } } }`,
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("COST_LIMIT_EXCEEDED");
    expect(result.errors?.[0]?.message).toMatch(/estimated cost is \d+; at most 20000 is allowed/);
  });

  it("answers a flood from one address 429 with Retry-After, writing nothing, and leaves tokens to their own limit", async () => {
    const gateway = await gatewayWith({ rateLimitPerSecond: 3 });
    try {
      const [before] = await databases.review.sql`select count(*)::int as n from click_ids`;
      const answers = await Promise.all(Array.from({ length: 20 }, () => anonymousClick(gateway.url)));
      const limited = answers.filter((answer) => answer.status === 429);
      // 20 at once, 3 a second: most are refused (two windows at most, if the burst straddles one).
      expect(limited.length).toBeGreaterThanOrEqual(14);
      expect(limited[0]?.headers.get("retry-after")).toBe("1");
      expect(await limited[0]?.json()).toMatchObject({
        errors: [{ extensions: { code: "TOO_MANY_REQUESTS" } }],
      });
      const [after] = await databases.review.sql`select count(*)::int as n from click_ids`;
      // The refused wrote nothing: at most the admitted ones (a visitor's repeats are not kept either).
      expect((after?.n ?? 0) - (before?.n ?? 0)).toBeLessThanOrEqual(20 - limited.length);
      const token = await stack.token({ kind: "store", storeId: A.store });
      const withToken = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(gateway.url, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: `{ store(id: "${A.store}") { name } }` }),
          }),
        ),
      );
      expect(withToken.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    } finally {
      await gateway.close();
    }
  });

  it("counts GET queries in the anonymous limit, and an IPv6 client by its /64 behind a balancer", async () => {
    const gateway = await gatewayWith({ rateLimitPerSecond: 3, trustedProxies: ["127.0.0.1"] });
    try {
      const get = (forwardedFor: string) =>
        fetch(`${gateway.url}?query=${encodeURIComponent("{ __typename }")}`, {
          headers: { "x-forwarded-for": forwardedFor, "apollo-require-preflight": "1" },
        });
      // Ten addresses of one /64 (written with a port, as some balancers do) share one budget.
      const sameNetwork = await Promise.all(
        Array.from({ length: 10 }, (_, i) => get(`[2001:db8:aa:bb::${i + 1}]:443`)),
      );
      expect(sameNetwork.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(4);
      const otherNetwork = await get("2001:db8:aa:cc::1");
      expect(otherNetwork.status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it("limits the requests made with one store's tokens, but not the weekly job's service token", async () => {
    const gateway = await gatewayWith({ storeRateLimitPerSecond: 3 });
    try {
      const ask = (token: string) =>
        fetch(gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: `{ store(id: "${A.store}") { name } }` }),
        });
      // Two tokens of the same store and kind draw on one budget.
      const tokens = [tokenA, await stack.token({ kind: "store", storeId: A.store }, 600)];
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(tokens[i % 2] ?? "")));
      const limited = answers.filter((answer) => answer.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(14);
      expect(limited[0]?.headers.get("retry-after")).toBe("1");
      expect(await limited[0]?.json()).toMatchObject({
        errors: [{ extensions: { code: "TOO_MANY_REQUESTS" } }],
      });
      const service = await stack.token({ kind: "service" });
      const asService = await Promise.all(Array.from({ length: 20 }, () => ask(service)));
      expect(asService.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    } finally {
      await gateway.close();
    }
  });

  it("answers 503 with Retry-After, within its deadline, when a subgraph stalls", async () => {
    // A review subgraph that takes requests and never answers, as one whose database is frozen would.
    const stalled = createServer(() => {});
    await new Promise<void>((done) => stalled.listen(0, "127.0.0.1", done));
    const gateway = await gatewayWith({
      subgraphUrls: {
        shop: stack.shopUrl,
        review: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/graphql`,
      },
      subgraphTimeoutMs: 300, // a configured short deadline: the test waits that long
    });
    try {
      const started = performance.now();
      const response = await anonymousClick(gateway.url);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("2");
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe("SERVICE_UNAVAILABLE");
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      await gateway.close();
      stalled.closeAllConnections();
      stalled.close();
    }
  });

  it("never shows clients a subgraph's address or answer when the subgraph refuses the gateway", async () => {
    // A gateway deployed with the wrong subgraph secret: every subgraph answers it 401.
    const misconfigured = await gatewayWith({
      secrets: { ...stack.secrets, subgraphSecret: `wrong-${stack.secrets.subgraphSecret}` },
    });
    try {
      const token = await stack.token({ kind: "store", storeId: A.store });
      const response = await fetch(misconfigured.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ store(id: "${A.store}") { name } }` }),
      });
      const text = await response.text();
      expect(JSON.parse(text).errors[0]).toMatchObject({
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      expect(text).not.toContain(new URL(stack.shopUrl).host);
      expect(text).not.toContain("answers only the gateway");
    } finally {
      await misconfigured.close();
    }
  });
});

describe("production mode", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    databases = await freshDatabases();
    stack = await startStack(databases.urls, { production: true });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("refuses introspection and shows no stack traces", async () => {
    const introspection = await stack.query(`{ __schema { types { name } } }`);
    expect(introspection.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(introspection.data ?? null).toBeNull();
    const failing = await stack.query(`{ store(id: "not-an-id") { name } }`);
    expect(failing.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(failing)).not.toContain("stacktrace");
  });
});
