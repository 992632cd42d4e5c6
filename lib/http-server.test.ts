import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESETS, resetConnection } from "../test/helpers/reset.ts";
import { type Listening, serveApollo } from "./http-server.ts";

describe("serveApollo under connection resets", () => {
  let apollo: ApolloServer;
  const servers: Listening[] = [];

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: "type Query { ok: Boolean }",
      resolvers: { Query: { ok: () => true } },
    });
    await apollo.start();
    for (const h2c of [false, true])
      servers.push(await serveApollo(apollo, { host: "127.0.0.1", port: 0, h2c, context: async () => ({}) }));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await apollo.stop();
  });

  // An unhandled socket error here stopped the whole process (vitest reports it as an error of this file).
  it.each(RESETS)("keeps answering after a client resets its connection $name", async ({ first }) => {
    for (const server of servers) {
      await resetConnection(Number(new URL(server.url).port), first);
      const answer = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ ok }" }),
      });
      expect(await answer.json()).toEqual({ data: { ok: true } });
    }
  });
});
