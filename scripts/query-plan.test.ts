import type { PlanNode, QueryPlan } from "@apollo/query-planner";
import { describe, expect, it } from "vitest";
import { WeeklyReportDocument, WeeklyReportsDocument } from "../jobs/generated/operations.ts";
import { queryPlan } from "./query-plan.ts";

/** The subgraph fetches of a plan, as `service` names in the order they appear. */
function fetches(plan: QueryPlan): string[] {
  const found: string[] = [];
  const walk = (node: PlanNode | undefined) => {
    if (!node) return;
    if (node.kind === "Fetch") found.push(node.serviceName);
    else if (node.kind === "Sequence" || node.kind === "Parallel") node.nodes.forEach(walk);
    else if (node.kind === "Flatten") walk(node.node);
  };
  // A query's plan has no subscription node.
  if (plan.node?.kind !== "Subscription") walk(plan.node);
  return found;
}

describe("the weekly report's query plan", () => {
  it("reads a page of stores in the six fetches of one store, the last two side by side", () => {
    const one = fetches(queryPlan(WeeklyReportDocument.toString()));
    // The last two, in parallel once review has answered: the top widgets' attributed sales, and the
    // running holdouts' latest looks (shop's orders beside review's visitors).
    expect(one).toEqual(["shop", "review", "shop", "review", "shop", "shop"]);
    expect(fetches(queryPlan(WeeklyReportsDocument.toString()))).toEqual(one);
  });
});
