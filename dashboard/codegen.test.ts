import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../scripts/codegen.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("the dashboard's typed documents", () => {
  it("match what GraphQL Code Generator makes of the committed supergraph (run `npm run codegen`)", async () => {
    const files = await generatedFiles();
    expect(files.map((file) => file.filename).sort()).toEqual([
      "dashboard/src/gql/gql.ts",
      "dashboard/src/gql/graphql.ts",
      "dashboard/src/gql/index.ts",
    ]);
    for (const file of files) expect(file.content).toBe(readFileSync(join(root, file.filename), "utf8"));
  });
});
