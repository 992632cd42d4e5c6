import type { PlanNode, QueryPlan } from "@apollo/query-planner";
import { print } from "graphql";
import { describe, expect, it } from "vitest";
import { RangeOverviewDocument, WeekOverviewDocument } from "../dashboard/src/gql/graphql.ts";
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

/** The fetches a plan's answer waits for one after another: its longest chain of sequential fetches. */
function chain(plan: QueryPlan): number {
  const longest = (node: PlanNode | undefined): number => {
    if (!node) return 0;
    if (node.kind === "Fetch") return 1;
    if (node.kind === "Flatten") return longest(node.node);
    if (node.kind === "Sequence") return node.nodes.reduce((sum, next) => sum + longest(next), 0);
    if (node.kind === "Parallel") return Math.max(0, ...node.nodes.map(longest));
    return Number.POSITIVE_INFINITY; // a node this project's queries never plan: fail loudly
  };
  return plan.node?.kind === "Subscription" ? 0 : longest(plan.node);
}

describe("the dashboard's query plans", () => {
  // A store's widgets' figures: the store (shop, with its timezone), the figures of the week or range
  // (review, in the timezone the store brought), their credited sales (shop). Asked per widget through
  // `Widget.week` or `Widget.range`, the gateway must fetch each widget's store's timezone from shop
  // again first: five fetches in a row.
  it("answers a date range's overview in three fetches, one after another", () => {
    expect(chain(queryPlan(print(RangeOverviewDocument)))).toBe(3);
  });

  it("answers a week's overview in three: its products are ranked by shop beside the credited sales", () => {
    // shop (the store), review (the widgets and their product ids), shop (the products' sales and the
    // credited sales). The products' names come with the widgets: asked under `topProducts`, they would
    // be a fourth fetch, back to review.
    expect(chain(queryPlan(print(WeekOverviewDocument)))).toBe(3);
  });
});

describe("the weekly report's query plan", () => {
  it("reads a page of stores in the six fetches of one store, the last two side by side", () => {
    const one = fetches(queryPlan(WeeklyReportDocument.toString()));
    // The last two, in parallel once review has answered: the top widgets' attributed sales, and the
    // running holdouts' latest looks (shop's orders beside review's visitors).
    expect(one).toEqual(["shop", "review", "shop", "review", "shop", "shop"]);
    expect(fetches(queryPlan(WeeklyReportsDocument.toString()))).toEqual(one);
  });
});
