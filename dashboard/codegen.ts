import { readFileSync } from "node:fs";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { apiSchemaSdl } from "../lib/supergraph.ts";

const root = new URL("..", import.meta.url);

/**
 * Typed documents for every operation the dashboard sends (GraphQL Code Generator's client preset), from
 * the API schema of the committed supergraph. `npm run codegen` writes them; a test fails when they are
 * stale, as for supergraph.graphql.
 */
export const codegenConfig = {
  schema: apiSchemaSdl(readFileSync(new URL("supergraph.graphql", root), "utf8")),
  documents: ["dashboard/src/**/*.{ts,tsx}", "!dashboard/src/gql/**"],
  generates: {
    "dashboard/src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
  silent: true,
} satisfies CodegenConfig;
