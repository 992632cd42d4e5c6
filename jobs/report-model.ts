import type { HoldoutLine, ProductLine, WeekTotals, WidgetLine } from "../emails/weekly-report.tsx";
import { isMonth, monthDates, shiftMonth } from "../lib/week.ts";
import {
  type GatewayError,
  type GatewaySettings,
  gatewayError,
  queryGateway,
  queryGatewayPartially,
} from "./gateway-client.ts";
import {
  MonthlyReportsDocument,
  type MonthlyReportsQuery,
  type ReportHoldoutFragment,
  type ReportProductFragment,
  StoreBasicsDocument,
  type StoreBasicsQuery,
  WeeklyReportDocument,
  type WeeklyReportFieldsFragment,
  WeeklyReportsDocument,
} from "./generated/operations.ts";

// The report as the email shows it, from the graph's answer: one store's, a page of stores' (for a week, or
// for a calendar month), or a store's basics alone when the rest cannot be read.

type StoreBasics = NonNullable<StoreBasicsQuery["store"]>;

export interface WeeklyReport {
  store: StoreBasics;
  /** `null` where that part of the graph could not be read. */
  totals: WeekTotals | null;
  widgets: WidgetLine[] | null;
  products: ProductLine[] | null;
  holdouts: HoldoutLine[];
  hasWidgets: boolean;
}

/** One store's whole report in one gateway query, as the service. Throws if any part of it failed. */
export async function fetchReport(
  settings: GatewaySettings,
  storeId: string,
  week: string,
): Promise<WeeklyReport> {
  const { store } = await queryGateway(settings, WeeklyReportDocument, { storeId, week });
  if (!store) throw new Error(`Store ${storeId} not found`);
  return reportOf(store);
}

/** Stores one {@link fetchReports} asks for at most: the graph's limit on `storesByIds`. */
export const REPORTS_PER_QUERY = 100;

/**
 * The reports of a page of stores for one week in one gateway query, as the service: each store's report,
 * or the error that kept it from being whole. A store that fails does not fail the others; a query that
 * fails as a whole (the gateway away, a subgraph down) throws.
 */
export async function fetchReports(
  settings: GatewaySettings,
  storeIds: readonly string[],
  period: string,
): Promise<Map<string, WeeklyReport | Error>> {
  if (isMonth(period)) {
    const { from, to } = monthDates(period);
    const previous = monthDates(shiftMonth(period, -1));
    const answer = await queryGatewayPartially(settings, MonthlyReportsDocument, {
      storeIds: [...storeIds],
      from,
      to,
      previousFrom: previous.from,
      previousTo: previous.to,
    });
    return reportsOfPage(storeIds, answer, monthReportOf);
  }
  const answer = await queryGatewayPartially(settings, WeeklyReportsDocument, {
    storeIds: [...storeIds],
    week: period,
  });
  return reportsOfPage(storeIds, answer, reportOf);
}

/** Each store's report from a page's answer, or the error that kept it from being whole. */
function reportsOfPage<S>(
  storeIds: readonly string[],
  { data, errors }: { data: { storesByIds: (S | null)[] } | undefined; errors: GatewayError[] },
  reportOfStore: (store: S) => WeeklyReport,
): Map<string, WeeklyReport | Error> {
  const stores = data?.storesByIds;
  if (!stores) throw gatewayError(errors);
  const failures = new Map<number, string[]>();
  for (const error of errors) {
    const index = error.path?.[0] === "storesByIds" ? error.path[1] : undefined;
    if (typeof index !== "number") throw gatewayError(errors);
    failures.set(index, [...(failures.get(index) ?? []), error.message]);
  }
  const reports = new Map<string, WeeklyReport | Error>();
  storeIds.forEach((storeId, index) => {
    const store = stores[index];
    const failed = failures.get(index);
    if (failed) reports.set(storeId, new Error(`Store ${storeId}: ${failed.join("; ")}`));
    else if (!store) reports.set(storeId, new Error(`Store ${storeId} not found`));
    else {
      try {
        reports.set(storeId, reportOfStore(store));
      } catch (error) {
        reports.set(storeId, error as Error);
      }
    }
  });
  return reports;
}

/** A month's report from the graph's answer: the weekly report's shape, the month before as "previous". */
function monthReportOf(store: MonthlyReportsQuery["storesByIds"][number] & object): WeeklyReport {
  return {
    store,
    hasWidgets: store.widgetProductIds.length > 0,
    totals: {
      clicks: store.clicks,
      previousClicks: store.previousClicks,
      sales: store.sales.sales.amount,
      previousSales: store.previousSales.sales.amount,
      unitsSold: store.sales.unitsSold,
      attributedSales: store.sales.attributedSales.amount,
      previousAttributedSales: store.previousSales.attributedSales.amount,
      attributedOrders: store.sales.attributedOrders,
    },
    widgets: store.topWidgetsBetween.map(widgetLineOf),
    holdouts: store.holdouts.map(holdoutLineOf),
    products: store.topProductsBetween.map(productLineOf),
  };
}

/** The email's figures from the graph's answer; throws if the week's totals are missing. */
function reportOf(store: WeeklyReportFieldsFragment): WeeklyReport {
  const [previousClicks, clicks] = store.clickSeries ?? [];
  const [previousSales, sales] = store.salesSeries ?? [];
  if (!clicks || !previousClicks || !sales || !previousSales)
    throw new Error(`Store ${store.id}: the week's totals could not be read`);
  return {
    store,
    hasWidgets: store.widgetProductIds.length > 0,
    totals: {
      clicks: clicks.clicks,
      previousClicks: previousClicks.clicks,
      sales: sales.sales.amount,
      previousSales: previousSales.sales.amount,
      unitsSold: sales.unitsSold,
      attributedSales: sales.attributedSales.amount,
      previousAttributedSales: previousSales.attributedSales.amount,
      attributedOrders: sales.attributedOrders,
    },
    widgets: store.topWidgets.map(widgetLineOf),
    holdouts: store.holdouts.map(holdoutLineOf),
    products: store.topProducts.map(productLineOf),
  };
}

/** One of the report's top widgets: a week's (`WidgetClicks`) or a range's (`WidgetRange`). */
function widgetLineOf(top: {
  widget: { id: string; name: string };
  clicks: number;
  previousClicks?: number | null;
  impressions: number;
  ctr?: number | null;
  attributedSales: { amount: string };
}): WidgetLine {
  return {
    id: top.widget.id,
    name: top.widget.name,
    clicks: top.clicks,
    previousClicks: top.previousClicks ?? 0,
    impressions: top.impressions,
    ctr: top.ctr ?? null,
    attributedSales: top.attributedSales.amount,
  };
}

function productLineOf(top: ReportProductFragment): ProductLine {
  return {
    id: top.product.id,
    name: top.product.name,
    imageUrl: top.product.imageUrl,
    url: top.product.url,
    unitsSold: top.unitsSold,
    sales: top.sales.amount,
    previousSales: top.previousSales.amount,
  };
}

/** A running holdout's line in the report: its latest look, if it has had a whole week. */
function holdoutLineOf({ share, widget, latestLook }: ReportHoldoutFragment): HoldoutLine {
  return {
    widgetName: widget.name,
    share,
    result: latestLook
      ? {
          verdict: latestLook.verdict,
          value: latestLook.incrementalRevenue.value.amount,
          low: latestLook.incrementalRevenue.low.amount,
          high: latestLook.incrementalRevenue.high.amount,
          visitorsStillNeeded: latestLook.visitorsStillNeeded ?? null,
        }
      : null,
  };
}

/** When the full report cannot be had: the store alone (from shop), the rest marked unavailable. */
export async function fetchStoreOnly(settings: GatewaySettings, storeId: string): Promise<WeeklyReport> {
  const { store } = await queryGateway(settings, StoreBasicsDocument, { storeId });
  if (!store) throw new Error(`Store ${storeId} not found`);
  return { store, hasWidgets: true, totals: null, widgets: null, products: null, holdouts: [] };
}
