import { Agent, request } from "node:http";
import { ApolloServer, type ApolloServerOptions, type BaseContext } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RESETS, resetConnection } from "../../test/helpers/reset.ts";
import { type Listening, type ServeOptions, serveApollo } from "./http-server.ts";

/** An Apollo server of `config` served on a free loopback port, and what stops both. */
async function serve(
  config: ApolloServerOptions<BaseContext>,
  options: Partial<ServeOptions<BaseContext>> = {},
): Promise<{ server: Listening; stop(): Promise<void> }> {
  const apollo = new ApolloServer(config);
  await apollo.start();
  const server = await serveApollo(apollo, {
    host: "127.0.0.1",
    port: 0,
    context: async () => ({}),
    ...options,
  });
  return {
    server,
    async stop() {
      await server.close();
      await apollo.stop();
    },
  };
}

describe("serveApollo under connection resets", () => {
  let served: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    served = await serve({
      typeDefs: "type Query { ok: Boolean }",
      resolvers: { Query: { ok: () => true } },
    });
  });
  afterAll(() => served?.stop());

  // An unhandled socket error here stopped the whole process (vitest reports it as an error of this file).
  it.each(RESETS)("keeps answering after a client resets its connection $name", async ({ first }) => {
    await resetConnection(Number(new URL(served.server.url).port), first);
    const answer = await fetch(served.server.url, {
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
    const { server, stop } = await serve(
      {
        typeDefs: "type Query { slow: Boolean }",
        resolvers: { Query: { slow: () => new Promise<boolean>((done) => waiting.push(() => done(true))) } },
      },
      { maxInFlight: 2 },
    );
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
      await stop();
    }
  });
});

describe("serveApollo's answer to a body over its limit", () => {
  it("is a 413, and a connection whose body arrived in full stays open for the client's next request", async () => {
    const { server, stop } = await serve(
      { typeDefs: "type Query { ok: Boolean }", resolvers: { Query: { ok: () => true } } },
      { maxBodyBytes: 1_000 },
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) =>
      new Promise<{ status: number; localPort: number }>((answer, fail) => {
        const sent = request(server.url, {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        });
        sent.on("response", (response) => {
          response.resume();
          response.on("end", () =>
            answer({ status: response.statusCode ?? 0, localPort: sent.socket?.localPort ?? 0 }),
          );
        });
        sent.on("error", fail);
        sent.end(body);
      });
    // The server's one-second bound on discarding the rest of a body, moved past by the test.
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      const refused = await post(JSON.stringify({ query: "{ ok }", variables: { pad: "x".repeat(5_000) } }));
      expect(refused.status).toBe(413);
      vi.advanceTimersByTime(1_000);
      const next = await post(JSON.stringify({ query: "{ ok }" }));
      expect(next).toEqual({ status: 200, localPort: refused.localPort });
    } finally {
      vi.useRealTimers();
      agent.destroy();
      await stop();
    }
  });
});
