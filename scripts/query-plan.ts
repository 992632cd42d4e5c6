// npm run plan -- <file.graphql>: prints the gateway's query plan for an operation against supergraph.graphql
// (default: the weekly reports of a page of stores), to see which subgraph answers what, in how many fetches.
import { readFileSync } from "node:fs";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { prettyFormatQueryPlan, type QueryPlan, QueryPlanner } from "@apollo/query-planner";
import { parse } from "graphql";
import { WeeklyReportsDocument } from "../jobs/generated/operations.ts";
import { isMain } from "../lib/runtime/service-runner.ts";

/** The plan the gateway makes for `document` (one operation) over the committed supergraph. */
export function queryPlan(document: string): QueryPlan {
  const supergraph = Supergraph.build(
    readFileSync(new URL("../supergraph.graphql", import.meta.url), "utf8"),
  );
  const operation = operationFromDocument(supergraph.schema, parse(document));
  return new QueryPlanner(supergraph).buildQueryPlan(operation);
}

if (isMain(import.meta.url)) {
  const file = process.argv[2];
  console.log(
    prettyFormatQueryPlan(queryPlan(file ? readFileSync(file, "utf8") : WeeklyReportsDocument.toString())),
  );
}
