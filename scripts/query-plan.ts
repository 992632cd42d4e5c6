// npm run plan -- <file.graphql>: prints the gateway's query plan for an operation against supergraph.graphql
// (default: the weekly report query), to see which subgraph answers what, in how many fetches.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { prettyFormatQueryPlan, QueryPlanner } from "@apollo/query-planner";
import { parse } from "graphql";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = process.argv[2] ?? `${root}jobs/weekly-report.graphql`;
const supergraph = Supergraph.build(readFileSync(`${root}supergraph.graphql`, "utf8"));
const operation = operationFromDocument(supergraph.schema, parse(readFileSync(file, "utf8")));
console.log(prettyFormatQueryPlan(new QueryPlanner(supergraph).buildQueryPlan(operation)));
