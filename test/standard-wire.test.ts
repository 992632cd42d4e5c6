import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "../gateway/server.ts";
import { WeeklyReportDocument } from "../jobs/generated/operations.ts";
import { createLogger } from "../lib/logger.ts";
import type { SubgraphTransport } from "../lib/subgraph-contract.ts";
import { composeSupergraph } from "../scripts/composition.ts";
import { buildDemoData, seedDemoData, stableId } from "../scripts/demo-data.ts";
import { startHiveGateway } from "../scripts/dev/hive-gateway.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { type GraphQLResult, startStack } from "./helpers/stack.ts";

/** Monday 00:20 in Berlin: the demo data's weeks are about this instant. */
const NOW = new Date("2026-11-29T23:20:00Z");
/**
 * The weekly report, whole. Shop's credited figures on review's `WidgetClicks` `@require` a plain field of
 * the figures (`storeId`): with a nested path (`widget { store { id } }`) Hive Gateway's delegation threw
 * "Object.defineProperties called on non-object" for some orders of the same selection (`clicks widget {
 * id } attributedSales` failed where `widget { id } clicks attributedSales` answered).
 */
const WEEKLY_REPORT = WeeklyReportDocument.toString();
const schemaOf = (subgraph: string) =>
  readFileSync(new URL(`../subgraphs/${subgraph}/schema.graphql`, import.meta.url), "utf8");

/** A subgraph another team might add: stock Apollo Server, knowing nothing of this project's transport. */
const STOCK_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Store @key(fields: "id") {
    id: ID!
    loyaltyTier: String!
  }
`;

describe("a standard wire between gateway and subgraphs", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let stock: { url: string; stop(): Promise<void> };
  const stockRequests: string[] = [];

  beforeAll(async () => {
    databases = await freshDatabases();
    await seedDemoData(databases.shop.db, databases.review.db, buildDemoData(NOW));
    stack = await startStack(databases.urls, { clock: () => NOW });
    const apollo = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: parse(STOCK_SDL),
        resolvers: {
          Store: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, loyaltyTier: "gold" }) },
        },
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(apollo, {
      listen: { port: 0, host: "127.0.0.1" },
      context: async ({ req }) => {
        stockRequests.push(String(req.headers["content-type"]));
        return {};
      },
    });
    stock = { url, stop: () => apollo.stop() };
  });
  afterAll(async () => {
    await stock?.stop();
    await stack?.close();
    await databases?.drop();
  });

  /** This project's gateway over its subgraphs and the stock one, the stock one reached by `transport`. */
  const gatewayWithStock = (transport: SubgraphTransport | undefined) =>
    startGateway({
      host: "127.0.0.1",
      port: 0,
      production: false,
      log: createLogger("test", "silent"),
      secrets: stack.secrets,
      supergraphSdl: composeSupergraph([
        { name: "shop", url: stack.shopUrl, typeDefs: schemaOf("shop") },
        { name: "review", url: stack.reviewUrl, typeDefs: schemaOf("review") },
        { name: "stock", url: stock.url, typeDefs: STOCK_SDL },
      ]),
      subgraphUrls: { shop: stack.shopUrl, review: stack.reviewUrl, stock: stock.url },
      subgraphTransports: { shop: "batch", review: "batch", ...(transport ? { stock: transport } : {}) },
    });

  async function ask<T>(url: string, query: string, variables: Record<string, unknown>, token: string) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as GraphQLResult<T>) };
  }

  const STORE_WITH_TIER = "query($id: ID!) { store(id: $id) { name loyaltyTier topWidgets { clicks } } }";

  it.each([
    ["declares nothing (plain HTTP/1.1)", undefined],
    ["is declared `batch` by mistake (refused, then sent one by one)", "batch" as const],
  ])(
    "answers 64 concurrent requests touching a stock subgraph that %s with 0 errors",
    async (_, transport) => {
      const gateway = await gatewayWithStock(transport);
      try {
        const token = await stack.token({ kind: "service" });
        const ids = ["store:seoul", "store:berlin", "store:brooklyn"].map(stableId);
        stockRequests.length = 0;
        const answers = await Promise.all(
          Array.from({ length: 64 }, (_, i) =>
            ask<{ store: { loyaltyTier: string } | null }>(
              gateway.url,
              STORE_WITH_TIER,
              { id: ids[i % 3] },
              token,
            ),
          ),
        );
        expect(answers.filter((answer) => answer.errors || answer.status !== 200)).toEqual([]);
        expect(answers.every((a) => a.data?.store?.loyaltyTier === "gold")).toBe(true);
        // Each request reached the stock subgraph as plain JSON; declared `batch`, only the batches of the
        // first turn (16 requests each) were tried before the gateway stopped batching to it.
        const plain = stockRequests.filter((type) => type === "application/json");
        expect(plain.length).toBeGreaterThanOrEqual(64);
        expect(stockRequests.length - plain.length).toBeLessThanOrEqual(transport === "batch" ? 4 : 0);
      } finally {
        await gateway.close();
      }
    },
  );

  it.each(["http1"] as const)(
    "answers the weekly report over the %s transport as over the batch format",
    async (transport) => {
      const other = await startGateway({
        host: "127.0.0.1",
        port: 0,
        production: false,
        log: createLogger("test", "silent"),
        secrets: stack.secrets,
        subgraphUrls: { shop: stack.shopUrl, review: stack.reviewUrl },
        subgraphTransports: { shop: transport, review: transport },
      });
      try {
        const token = await stack.token({ kind: "service" });
        const storeIds = ["store:seoul", "store:berlin", "store:brooklyn"].map(stableId);
        // Concurrent, so that several requests are in flight on the gateway's connections at once.
        const [ours, theirs] = await Promise.all(
          [stack.gatewayUrl, other.url].map((url) =>
            Promise.all(storeIds.map((storeId) => ask(url, WEEKLY_REPORT, { storeId }, token))),
          ),
        );
        expect(theirs?.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined]);
        expect(theirs?.map((answer) => answer.data)).toEqual(ours?.map((answer) => answer.data));
      } finally {
        await other.close();
      }
    },
  );

  it("serves the weekly report behind Hive Gateway exactly as this project's gateway does", async () => {
    const hive = await startHiveGateway({
      supergraphSdl: composeSupergraph([
        { name: "shop", url: stack.shopUrl, typeDefs: schemaOf("shop") },
        { name: "review", url: stack.reviewUrl, typeDefs: schemaOf("review") },
      ]),
      authSecret: stack.secrets.authSecret,
      linkSecret: stack.secrets.linkSecret,
      subgraphSecret: stack.secrets.subgraphSecret,
    });
    try {
      const ids = ["store:seoul", "store:berlin", "store:brooklyn"].map(stableId);
      for (const storeId of ids) {
        // The weekly job's own token, and a store owner's for their own store (the report names its
        // recipients, which a read-only dashboard link may not read).
        for (const token of [
          await stack.token({ kind: "service" }),
          await stack.token({ kind: "store", storeId }),
        ]) {
          const ours = await ask(stack.gatewayUrl, WEEKLY_REPORT, { storeId }, token);
          const theirs = await ask(hive.url, WEEKLY_REPORT, { storeId }, token);
          expect(ours.errors).toBeUndefined();
          expect(theirs.errors).toBeUndefined();
          expect(theirs.data).toEqual(ours.data);
        }
      }
      // The same rules keep a store's token to its own store behind Hive Gateway too.
      const other = await stack.token({ kind: "store", storeId: stableId("store:seoul"), readOnly: true });
      const refused = await ask<{ store: unknown }>(
        hive.url,
        WEEKLY_REPORT,
        { storeId: stableId("store:berlin") },
        other,
      );
      expect(refused.data?.store ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    } finally {
      await hive.close();
    }
  });
});
