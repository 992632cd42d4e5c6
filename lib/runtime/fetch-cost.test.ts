import { buildASTSchema, type GraphQLObjectType, graphql, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { chargeCostlyFields } from "./fetch-cost.ts";

const built = buildASTSchema(
  parse(`
    directive @cost(weight: Int!) on FIELD_DEFINITION
    type Query { items(n: Int!): [Item!]! }
    type Item { id: Int!  price: Int @cost(weight: 10) }
  `),
);
const price = (built.getType("Item") as GraphQLObjectType).getFields().price;
if (price) price.resolve = ({ id }: { id: number }) => id * 2;
const schema = chargeCostlyFields(built, 100);
const rootValue = { items: ({ n }: { n: number }) => Array.from({ length: n }, (_, id) => ({ id })) };
const run = (query: string) => graphql({ schema, source: query, rootValue, contextValue: {} });

describe("chargeCostlyFields", () => {
  it("answers a request within its budget in full", async () => {
    const answer = await run("{ items(n: 10) { price } }");
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.items).toHaveLength(10);
  });

  it("stops resolving costly fields once a request's real cost passes the budget, however long the list", async () => {
    const answer = await run("{ items(n: 30) { id price } }");
    expect(answer.errors?.[0]?.originalError).toMatchObject({ code: "COST_LIMIT_EXCEEDED" });
    // The first 10 prices (10 × 10 = 100) fit; each one after is an error of its own.
    expect(answer.errors).toHaveLength(20);
  });

  it("gives every request its own budget", async () => {
    for (let i = 0; i < 3; i++) expect((await run("{ items(n: 10) { price } }")).errors).toBeUndefined();
  });
});
