import { readFileSync } from "node:fs";
import { buildASTSchema, type OperationDefinitionNode, parse, print } from "graphql";
import { describe, expect, it } from "vitest";
import { RangeOverviewDocument, WeekOverviewDocument } from "../dashboard/src/gql/graphql.ts";
import {
  MonthlyReportsDocument,
  StoreActivityPageDocument,
  WeeklyReportDocument,
  WeeklyReportsDocument,
} from "../jobs/generated/operations.ts";
import { apiSchemaSdl } from "../lib/supergraph.ts";
import { costModelFrom, defaultCostLimits, estimateCost } from "./cost.ts";

const supergraph = readFileSync(new URL("../supergraph.graphql", import.meta.url), "utf8");
const schema = buildASTSchema(parse(apiSchemaSdl(supergraph)));
const model = costModelFrom(supergraph);
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = document.definitions.find(
    (d) => d.kind === "OperationDefinition",
  ) as OperationDefinitionNode;
  return estimateCost(schema, document, operation, variables, model, defaultCostLimits);
};
const REPORT = WeeklyReportDocument.toString();

describe("the estimated cost of an operation", () => {
  it("lets every operation this project sends through, with room to spare", () => {
    const figures = {
      report: cost(REPORT, { storeId: "x", week: "2026-W47" }),
      overview: cost(print(WeekOverviewDocument), { weeks: 12 }),
      range: cost(print(RangeOverviewDocument)),
      storeListing: cost(
        "query { stores(first: 200) { edges { node { id timezone listDesignerEnabled } } } }",
      ),
      click: cost('mutation { recordClick(input: { widgetId: "w", clickId: "c" }) { accepted } }'),
    };
    // The dashboard's range is the most expensive: about 11,600 (50 widgets of 20 products assumed).
    for (const value of Object.values(figures)) expect(value).toBeLessThan(defaultCostLimits.maxCost);
    expect(figures.report).toBeGreaterThan(0);
  });

  it("sizes storesByIds by the ids it is given, up to 100: a page of the worker's reports and alerts fits", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `store-${i}`);
    const weekly = (n: number) =>
      cost(WeeklyReportsDocument.toString(), { storeIds: ids(n), week: "2026-W47" });
    expect(weekly(10)).toBeLessThan(weekly(50));
    expect(weekly(500)).toBe(weekly(100));
    const month = {
      from: "2026-11-01",
      to: "2026-11-30",
      previousFrom: "2026-10-01",
      previousTo: "2026-10-31",
    };
    for (const figure of [
      weekly(50),
      cost(MonthlyReportsDocument.toString(), { storeIds: ids(50), ...month }),
      cost(StoreActivityPageDocument.toString(), { ids: ids(25), until: "2026-12-01T10:00:00Z" }),
    ])
      expect(figure).toBeLessThan(defaultCostLimits.maxCost);
  });

  it("counts list sizes from slicing arguments, variables included", () => {
    const few = cost('query($w: Int) { store(id: "s") { clickSeries(weeks: $w) { clicks } } }', { w: 2 });
    const many = cost('query($w: Int) { store(id: "s") { clickSeries(weeks: $w) { clicks } } }', { w: 50 });
    expect(many).toBeGreaterThan(few);
  });

  it("prices 145 aliased range sums under a store's widgets far above the limit", () => {
    const aliases = Array.from(
      { length: 145 },
      (_, i) => `s${i}: sales(from: "2025-01-01", to: "2025-12-31") { amount }`,
    );
    const query = `{ store(id: "s") { widgets { products { ${aliases.join(" ")} } } } }`;
    expect(cost(query)).toBeGreaterThan(defaultCostLimits.maxCost * 10);
  });

  it("never lets a negative slicing argument subtract what the rest of the operation costs", () => {
    const aliases = Array.from(
      { length: 72 },
      (_, i) => `a${i}: widgets { products { sales(from: "2025-12-01", to: "2026-11-30") { amount } } }`,
    );
    const query = (weeks: number) =>
      `{ store(id: "s") { x: salesSeries(weeks: ${weeks}) { week } ${aliases.join(" ")} } }`;
    expect(cost(query(-2147483648))).toBeGreaterThan(defaultCostLimits.maxCost * 10);
    expect(cost(query(-2147483648))).toBe(cost(query(0)));
  });

  it("sizes a list by a variable's default when the request leaves the variable out", () => {
    const query = 'query($n: Int = 100000) { store(id: "s") { topWidgets(first: $n) { clicks } } }';
    expect(cost(query)).toBeGreaterThan(defaultCostLimits.maxCost);
    expect(cost(query, { n: 3 })).toBeLessThan(defaultCostLimits.maxCost);
  });
});
