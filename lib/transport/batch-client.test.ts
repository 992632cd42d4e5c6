import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchingFetcher, SEND_AT } from "./batch-client.ts";
import { BATCH_CONTENT_TYPE, MAX_BATCH_BYTES } from "./batch-format.ts";
import { createHttpFetcher } from "./http-fetcher.ts";
import { headerOf, type Listening, type RequestInfo, sendJson, serveApollo } from "./http-server.ts";

interface Context {
  caller: string | undefined;
}

/** A real server on loopback whose answers say which caller's headers reached each request's context. */
describe("subgraph request batching", () => {
  let listening: Listening;
  const exchanges: string[] = [];
  const fetcher = batchingFetcher(createHttpFetcher(), { sharedHeaders: ["x-secret"] });

  beforeAll(async () => {
    const apollo = new ApolloServer<Context>({
      typeDefs: "type Query { caller: String  fails: String }",
      resolvers: {
        Query: {
          caller: (_: unknown, __: unknown, context: Context) => context.caller,
          fails: () => {
            throw new Error("this field always fails");
          },
        },
      },
    });
    await apollo.start();
    listening = await serveApollo(apollo, {
      host: "127.0.0.1",
      port: 0,
      context: async (request: RequestInfo) => ({ caller: headerOf(request, "x-caller") }),
      maxBodyBytes: MAX_BATCH_BYTES, // as a subgraph reads them
      intercept: (req, res) => {
        if (headerOf(req, "x-secret") === "s3cret") return false;
        sendJson(res, 401, { errors: [{ message: "no", extensions: { code: "UNAUTHENTICATED" } }] });
        return true;
      },
      acceptBatches: true,
    });
    listening.server.on("request", (req) => exchanges.push(String(req.headers["content-type"])));
  });
  afterAll(() => listening?.close());

  const ask = (query: string, headers: Record<string, string>) =>
    fetcher(listening.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-secret": "s3cret", ...headers },
      body: JSON.stringify({ query }),
    });

  it("sends the requests of one turn as one exchange, each with its own headers and its own answer", async () => {
    exchanges.length = 0;
    const responses = await Promise.all([
      ask("{ caller }", { "x-caller": "first" }),
      ask("{ caller }", { "x-caller": "second" }),
      ask("{ nope }", { "x-caller": "third" }),
      ask("{ fails }", { "x-caller": "fourth" }),
    ]);
    expect(exchanges).toEqual([BATCH_CONTENT_TYPE]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 400, 200]);
    const [first, second, invalid, failing] = await Promise.all(responses.map((r) => r.json()));
    expect(first).toEqual({ data: { caller: "first" } });
    expect(second).toEqual({ data: { caller: "second" } });
    expect(invalid.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(failing.errors[0].message).toBe("this field always fails");
  });

  it("sends a busy turn in batches of 16 as they fill, and answers every request", async () => {
    exchanges.length = 0;
    const callers = Array.from({ length: 40 }, (_, n) => `c${n}`);
    const responses = await Promise.all(callers.map((caller) => ask("{ caller }", { "x-caller": caller })));
    expect(exchanges).toEqual(Array(Math.ceil(40 / SEND_AT)).fill(BATCH_CONTENT_TYPE));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.map((body) => body.data.caller)).toEqual(callers);
  });

  it("splits a turn whose requests together exceed what a subgraph reads, and answers them all", async () => {
    exchanges.length = 0;
    // Twelve requests of 9.5% of a batch each: more than one batch may carry.
    const padding = `# ${"x".repeat(MAX_BATCH_BYTES * 0.095)}\n`;
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, n) => ask(`${padding}{ caller }`, { "x-caller": `c${n}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(exchanges).toEqual([BATCH_CONTENT_TYPE, BATCH_CONTENT_TYPE]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.map((body) => body.data.caller)).toEqual(Array.from({ length: 12 }, (_, n) => `c${n}`));
  });

  it("counts each request's own headers: a neighbour's 14 kB user agent never fails the others", async () => {
    exchanges.length = 0;
    // Ten bodies of 9.9% of a batch fit one by their bodies alone; with their huge headers they do not.
    const padding = `# ${"x".repeat(MAX_BATCH_BYTES * 0.099)}\n`;
    const agent = "A".repeat(14_000);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        ask(`${padding}{ caller }`, { "x-caller": `c${n}`, "x-client-user-agent": agent }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(exchanges).toHaveLength(2); // nine in a batch, the tenth on its own
  });

  it("sends a request too large for any batch alone, where it fails alone", async () => {
    exchanges.length = 0;
    const huge = `# ${"x".repeat(MAX_BATCH_BYTES * 1.1)}\n`;
    const [big, small] = await Promise.all([
      ask(`${huge}{ caller }`, { "x-caller": "big" }),
      ask("{ caller }", { "x-caller": "small" }),
    ]);
    expect(big.status).toBe(413);
    expect(small.status).toBe(200);
    expect((await small.json()).data.caller).toBe("small");
  });

  it("sends a request alone in its turn as it is", async () => {
    exchanges.length = 0;
    const response = await ask("{ caller }", { "x-caller": "alone" });
    expect(await response.json()).toEqual({ data: { caller: "alone" } });
    expect(exchanges).toEqual(["application/json"]);
  });

  it("gives every request of a batch refused whole the answer it would have had alone", async () => {
    const responses = await Promise.all([
      ask("{ caller }", { "x-secret": "wrong" }),
      ask("{ caller }", { "x-secret": "wrong" }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 401]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.map((body) => body.errors[0].extensions.code)).toEqual([
      "UNAUTHENTICATED",
      "UNAUTHENTICATED",
    ]);
  });

  it("refuses a malformed batch with BAD_REQUEST", async () => {
    const response = await createHttpFetcher()(listening.url, {
      method: "POST",
      headers: { "content-type": BATCH_CONTENT_TYPE, "x-secret": "s3cret" },
      body: JSON.stringify({ requests: [{ headers: { "x-caller": 1 }, body: {} }] }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("is not accepted by a server that does not take batches (the public gateway)", async () => {
    const apollo = new ApolloServer({ typeDefs: "type Query { ok: Boolean }" });
    await apollo.start();
    const gateway = await serveApollo(apollo, { host: "127.0.0.1", port: 0, context: async () => ({}) });
    try {
      const response = await createHttpFetcher()(gateway.url, {
        method: "POST",
        headers: { "content-type": BATCH_CONTENT_TYPE },
        body: JSON.stringify({ requests: [{ headers: {}, body: { query: "{ ok }" } }] }),
      });
      expect(response.status).toBe(400);
    } finally {
      await gateway.close();
      await apollo.stop();
    }
  });
});
