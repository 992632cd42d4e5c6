import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESETS, resetConnection } from "../../test/helpers/reset.ts";
import { type Listening, serveApollo } from "./http-server.ts";

describe("serveApollo under connection resets", () => {
  let apollo: ApolloServer;
  let server: Listening;

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: "type Query { ok: Boolean }",
      resolvers: { Query: { ok: () => true } },
    });
    await apollo.start();
    server = await serveApollo(apollo, { host: "127.0.0.1", port: 0, context: async () => ({}) });
  });
  afterAll(async () => {
    await server?.close();
    await apollo.stop();
  });

  // An unhandled socket error here stopped the whole process (vitest reports it as an error of this file).
  it.each(RESETS)("keeps answering after a client resets its connection $name", async ({ first }) => {
    await resetConnection(Number(new URL(server.url).port), first);
    const answer = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ ok }" }),
    });
    expect(await answer.json()).toEqual({ data: { ok: true } });
  });
});

describe("serveApollo's bound on requests in flight", () => {
  it("answers 503 with Retry-After at once beyond it, and serves again as requests finish", async () => {
    const waiting: (() => void)[] = [];
    const apollo = new ApolloServer({
      typeDefs: "type Query { slow: Boolean }",
      resolvers: { Query: { slow: () => new Promise<boolean>((done) => waiting.push(() => done(true))) } },
    });
    await apollo.start();
    const server = await serveApollo(apollo, {
      host: "127.0.0.1",
      port: 0,
      maxInFlight: 2,
      context: async () => ({}),
    });
    const ask = () =>
      fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ slow }" }),
      });
    try {
      const held = [ask(), ask()];
      await expect.poll(() => waiting.length).toBe(2);
      const shed = await ask();
      expect(shed.status).toBe(503);
      expect(shed.headers.get("retry-after")).toBe("1");
      expect(await shed.json()).toMatchObject({ errors: [{ extensions: { code: "SERVICE_UNAVAILABLE" } }] });
      for (const release of waiting.splice(0)) release();
      expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200]);
      const after = ask();
      await expect.poll(() => waiting.length).toBe(1);
      waiting.shift()?.();
      expect((await after).status).toBe(200);
    } finally {
      await server.close();
      await apollo.stop();
    }
  });
});
