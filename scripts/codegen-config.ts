import { readFileSync } from "node:fs";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { apiSchemaSdl } from "../lib/supergraph.ts";

const root = new URL("..", import.meta.url);
/** The schema clients see, from the committed supergraph: what every operation is checked against. */
const apiSchema = apiSchemaSdl(readFileSync(new URL("supergraph.graphql", root), "utf8"));

/**
 * Typed documents of the operations in `documents`, in one module: each a TypedDocumentString (the
 * operation's text, typed by its result and variables), checked against the API schema.
 */
const typedOperations = (documents: string[]) => ({
  schema: apiSchema,
  documents,
  plugins: ["typescript-operations", "typed-document-node"],
  config: { useTypeImports: true, enumsAsTypes: true, documentMode: "string" },
});

/**
 * A subgraph's resolver types, from its own schema (federation: `__resolveReference` and the fields
 * `@requires` adds to a representation). `mappers` name what its resolvers hand on as each type's parent:
 * a drizzle row, or the row plus what the gateway supplied.
 */
const subgraphResolvers = (subgraph: string, context: string, mappers: Record<string, string>) => ({
  schema: `subgraphs/${subgraph}/schema.graphql`,
  plugins: ["typescript", "typescript-resolvers"],
  config: {
    federation: true,
    useTypeImports: true,
    enumsAsTypes: true,
    contextType: `../context.ts#${context}`,
    mappers,
    mapperTypeSuffix: "Model",
    // Resolvers may answer a promise or a value, as graphql-js allows; no index signature is added.
    useIndexSignature: false,
  },
});

/**
 * Everything GraphQL Code Generator writes for this project; `npm run codegen` writes it, and a test fails
 * when the committed output is stale, as for supergraph.graphql. Each target names its own schema: the
 * subgraphs' resolvers are typed by their own SDL, every operation sent by the API schema.
 */
export const codegenConfig = {
  generates: {
    "subgraphs/review/generated/resolvers.ts": subgraphResolvers("review", "ReviewContext", {
      Widget: "../resolvers/Widget.ts#WidgetParent",
      Product: "../db/schema.ts#Product",
      Store: "../resolvers/Store.ts#StoreRef",
      WidgetClicks: "../db/queries/clicks.ts#WidgetClickFigures",
      WidgetRange: "../resolvers/Widget.ts#WidgetRangeFigures",
      Click: "../db/queries/clicks.ts#CountedClick",
      HoldoutRun: "../db/schema.ts#HoldoutRun",
    }),
    "subgraphs/shop/generated/resolvers.ts": subgraphResolvers("shop", "ShopContext", {
      Store: "../resolvers/Store.ts#StoreParent",
      Product: "../resolvers/Product.ts#ProductRef",
      WidgetClicks: "../resolvers/WidgetFigures.ts#WidgetWeekRef",
      WidgetRange: "../resolvers/WidgetFigures.ts#WidgetRangeRef",
      WidgetActivity: "../resolvers/WidgetFigures.ts#WidgetActivityRef",
      HoldoutRun: "../resolvers/HoldoutRun.ts#HoldoutRunRef",
    }),
    "jobs/generated/operations.ts": typedOperations(["jobs/*.graphql"]),
    "scripts/bench/generated/operations.ts": typedOperations(["scripts/bench/*.graphql"]),
    // The dashboard writes its operations inline with `graphql(...)`, and urql takes parsed documents.
    "dashboard/src/gql/": {
      schema: apiSchema,
      documents: ["dashboard/src/**/*.{ts,tsx}", "!dashboard/src/gql/**"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
  silent: true,
} satisfies CodegenConfig;
