import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "./codegen.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("generated resolver types and typed documents", () => {
  it("match what GraphQL Code Generator makes of the committed supergraph (run `npm run codegen`)", async () => {
    const files = await generatedFiles();
    expect(files.map((file) => file.filename).sort()).toEqual([
      "dashboard/src/gql/gql.ts",
      "dashboard/src/gql/graphql.ts",
      "dashboard/src/gql/index.ts",
      "jobs/generated/operations.ts",
      "scripts/bench/generated/operations.ts",
      "subgraphs/review/generated/resolvers.ts",
      "subgraphs/shop/generated/resolvers.ts",
    ]);
    for (const file of files) expect(file.content).toBe(readFileSync(join(root, file.filename), "utf8"));
  });
});
