import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CompositionError, composeFromConfig } from "./composition.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("supergraph composition", () => {
  it("matches the committed supergraph.graphql (run `npm run compose` after changing a subgraph schema)", () => {
    expect(composeFromConfig(join(root, "supergraph.yaml"))).toBe(
      readFileSync(join(root, "supergraph.graphql"), "utf8"),
    );
  });

  it("reports a composition error with the subgraph and field", () => {
    const folder = mkdtempSync(join(tmpdir(), "compose-"));
    const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])`;
    writeFileSync(
      join(folder, "a.graphql"),
      `${link}\ntype Query { a: Thing }\ntype Thing @key(fields: "id") { id: ID! size: Int }`,
    );
    writeFileSync(
      join(folder, "b.graphql"),
      `${link}\ntype Query { b: Thing }\ntype Thing @key(fields: "id") { id: ID! size: String }`,
    );
    writeFileSync(
      join(folder, "supergraph.yaml"),
      "federation_version: =2.14.4\nsubgraphs:\n  a: { routing_url: 'http://a/graphql', schema: { file: ./a.graphql } }\n  b: { routing_url: 'http://b/graphql', schema: { file: ./b.graphql } }\n",
    );
    const attempt = () => composeFromConfig(join(folder, "supergraph.yaml"));
    expect(attempt).toThrow(CompositionError);
    expect(attempt).toThrow(
      /FIELD_TYPE_MISMATCH: Type of field "Thing.size" .* in subgraph "a" but type "String" in subgraph "b"/,
    );
  });
});
