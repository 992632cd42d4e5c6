import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { apiSchemaSdl } from "../lib/supergraph.ts";
import { CLICK_MUTATION, IMPRESSIONS_MUTATION, SLOT_VIEWS_MUTATION } from "./operations.ts";

describe("the tracker's mutations", () => {
  const schema = buildSchema(
    apiSchemaSdl(readFileSync(new URL("../supergraph.graphql", import.meta.url), "utf8")),
  );

  it.each([
    ["recordImpressions", IMPRESSIONS_MUTATION],
    ["recordClick", CLICK_MUTATION],
    ["recordSlotViews", SLOT_VIEWS_MUTATION],
  ])("%s is valid against the API schema", (_, document) => {
    expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
  });
});
