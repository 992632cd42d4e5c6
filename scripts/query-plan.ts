// npm run plan -- <file.graphql>: prints the gateway's query plan for an operation against supergraph.graphql
// (default: the weekly reports of a page of stores), to see which subgraph answers what, in how many fetches.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { prettyFormatQueryPlan, QueryPlanner } from "@apollo/query-planner";
import { parse } from "graphql";
import { WeeklyReportsDocument } from "../jobs/generated/operations.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = process.argv[2];
const supergraph = Supergraph.build(readFileSync(`${root}supergraph.graphql`, "utf8"));
const operation = operationFromDocument(
  supergraph.schema,
  parse(file ? readFileSync(file, "utf8") : WeeklyReportsDocument.toString()),
);
console.log(prettyFormatQueryPlan(new QueryPlanner(supergraph).buildQueryPlan(operation)));
