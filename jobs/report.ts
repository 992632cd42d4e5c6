import { renderWeeklyReport } from "../emails/render.ts";
import type { RenderEmail } from "../emails/render-pool.ts";
import type { ProductLine, WeekTotals, WidgetLine } from "../emails/weekly-report.tsx";
import { issueEmailLinkToken, issueToken, type Viewer } from "../lib/auth.ts";
import { checkRecipient } from "../lib/email-address.ts";
import { createHttpFetcher } from "../lib/http-fetcher.ts";
import { activeTraceHeaders } from "../lib/tracing.ts";
import { weekStart } from "../lib/week.ts";
import type { OutgoingEmail } from "./db/schema.ts";
import {
  StoreBasicsDocument,
  type StoreBasicsQuery,
  type TypedDocumentString,
  WeeklyReportDocument,
  type WeeklyReportFieldsFragment,
  WeeklyReportsDocument,
} from "./generated/operations.ts";

export interface ReportSettings {
  gatewayUrl: string;
  /** Signs the job's service token and the dashboard links (AUTH_SECRET's key ring). */
  authSecret: string;
  /** Signs unsubscribe links (LINK_SECRET's key ring). */
  linkSecret: string;
  publicUrl: string;
  dashboardUrl: string;
  /** How long an email's dashboard link lets its reader in (DASHBOARD_LINK_DAYS, default 14). */
  dashboardLinkDays?: number;
  /** How long an email's "Manage these emails" link opens the settings (SETTINGS_LINK_DAYS, default 7). */
  settingsLinkDays?: number;
  from: string;
}

type StoreBasics = NonNullable<StoreBasicsQuery["store"]>;

export interface WeeklyReport {
  store: StoreBasics;
  /** `null` where that part of the graph could not be read. */
  totals: WeekTotals | null;
  widgets: WidgetLine[] | null;
  products: ProductLine[] | null;
  hasWidgets: boolean;
}

/** One store's whole report in one gateway query, as the service. Throws if any part of it failed. */
export async function fetchReport(
  settings: ReportSettings,
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
  settings: ReportSettings,
  storeIds: readonly string[],
  week: string,
): Promise<Map<string, WeeklyReport | Error>> {
  const { data, errors } = await queryGatewayPartially(settings, WeeklyReportsDocument, {
    storeIds: [...storeIds],
    week,
  });
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
        reports.set(storeId, reportOf(store));
      } catch (error) {
        reports.set(storeId, error as Error);
      }
    }
  });
  return reports;
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
    widgets: store.topWidgets.map((top) => ({
      id: top.widget.id,
      name: top.widget.name,
      clicks: top.clicks,
      previousClicks: top.previousClicks,
      impressions: top.impressions,
      ctr: top.ctr,
      attributedSales: top.attributedSales.amount,
    })),
    products: store.topProducts.map((top) => ({
      id: top.product.id,
      name: top.product.name,
      imageUrl: top.product.imageUrl,
      url: top.product.url,
      unitsSold: top.unitsSold,
      sales: top.sales.amount,
      previousSales: top.previousSales.amount,
    })),
  };
}

/** When the full report cannot be had: the store alone (from shop), the rest marked unavailable. */
export async function fetchStoreOnly(settings: ReportSettings, storeId: string): Promise<WeeklyReport> {
  const { store } = await queryGateway(settings, StoreBasicsDocument, { storeId });
  if (!store) throw new Error(`Store ${storeId} not found`);
  return { store, hasWidgets: true, totals: null, widgets: null, products: null };
}

/**
 * A dashboard page of the store with a signed token for `viewer` in the URL's fragment, which browsers
 * never send to a server (so no server log ever holds it), valid `days`.
 */
async function linkWithToken(
  settings: ReportSettings,
  viewer: Exclude<Viewer, { kind: "anonymous" | "service" }>,
  days: number,
  page: string,
): Promise<string> {
  const token = await issueToken(settings.authSecret, viewer, days * 86_400);
  return `${settings.dashboardUrl}/stores/${viewer.storeId}${page}#token=${token}`;
}

/** The email's way into the store's dashboard on the reported week: read-only, for that store. */
export function dashboardLink(settings: ReportSettings, storeId: string, week: string): Promise<string> {
  const viewer = { kind: "store", storeId, readOnly: true } as const;
  return linkWithToken(settings, viewer, settings.dashboardLinkDays ?? 14, `?week=${week}`);
}

/**
 * The recipient's way to the report's settings ("Manage these emails"): that store's settings only,
 * naming the address it was mailed to, so the change history shows who changed what.
 */
export function settingsLink(settings: ReportSettings, storeId: string, email: string): Promise<string> {
  const viewer = { kind: "store", storeId, link: { purpose: "settings", email } } as const;
  return linkWithToken(settings, viewer, settings.settingsLinkDays ?? 7, "/settings");
}

export interface ReportEmails {
  emails: { recipient: string; email: OutgoingEmail }[];
  /** Recipients no email can go to, with the reason (checked again here: the store may predate the check). */
  refused: { recipient: string; reason: string }[];
}

/**
 * One email per recipient: the same report, each with its own settings and one-click unsubscribe links, rendered by
 * `render` (the worker's render threads; by default on this thread).
 */
export async function reportEmails(
  settings: ReportSettings,
  report: WeeklyReport,
  week: string,
  render: RenderEmail = renderWeeklyReport,
): Promise<ReportEmails> {
  const { store } = report;
  const dashboardUrl = await dashboardLink(settings, store.id, week);
  const refused: ReportEmails["refused"] = [];
  const sendable: { recipient: string; address: string }[] = [];
  for (const recipient of store.reportRecipients) {
    const check = checkRecipient(recipient);
    if (check.ok) sendable.push({ recipient, address: check.address });
    else refused.push({ recipient, reason: check.reason });
  }
  const emails = await Promise.all(
    sendable.map(async ({ recipient, address }) => {
      const token = await issueEmailLinkToken(settings.linkSecret, "unsubscribe", {
        storeId: store.id,
        email: recipient,
      });
      const unsubscribeUrl = `${settings.publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
      const settingsUrl = await settingsLink(settings, store.id, recipient);
      const rendered = await render({
        storeName: store.name,
        locale: store.locale,
        currency: store.currency,
        weekStart: weekStart(week),
        hasWidgets: report.hasWidgets,
        totals: report.totals,
        widgets: report.widgets,
        products: report.products,
        dashboardUrl,
        settingsUrl,
        unsubscribeUrl,
      });
      const email: OutgoingEmail = {
        from: settings.from,
        to: address,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        // RFC 8058 one-click unsubscribe: mail clients POST to the link themselves.
        headers: {
          "List-Unsubscribe": `<${unsubscribeUrl}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        tags: [{ name: "store", value: store.id }],
      };
      return { recipient, email };
    }),
  );
  return { emails, refused };
}

// The worker asks the gateway hundreds of times a minute in a weekly run: over keep-alive node:http, with
// a service token signed once and reused for half its life rather than signed per report.
// A report waits on four subgraph fetches in turn, each with its own deadline at the gateway.
const fetchGateway = createHttpFetcher({ maxSockets: 32, timeoutMs: 30_000 });
const TOKEN_SECONDS = 600;
let serviceToken: { secret: string; value: Promise<string>; renewAt: number } | undefined;

function tokenFor(secret: string): Promise<string> {
  if (!serviceToken || serviceToken.secret !== secret || Date.now() >= serviceToken.renewAt) {
    const value = issueToken(secret, { kind: "service" }, TOKEN_SECONDS);
    serviceToken = { secret, value, renewAt: Date.now() + (TOKEN_SECONDS / 2) * 1_000 };
    value.catch(() => {
      serviceToken = undefined;
    });
  }
  return serviceToken.value;
}

interface GatewayError {
  message: string;
  path?: (string | number)[];
}

/** One operation through the gateway as the service; throws unless it answered data and no errors. */
export async function queryGateway<TResult, TVariables>(
  settings: ReportSettings,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const { data, errors } = await queryGatewayPartially(settings, document, variables);
  if (errors.length > 0 || !data) throw gatewayError(errors);
  return data;
}

/** One operation through the gateway as the service: what data it answered, and its errors. */
async function queryGatewayPartially<TResult, TVariables>(
  settings: ReportSettings,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<{ data: TResult | undefined; errors: GatewayError[] }> {
  const response = await fetchGateway(settings.gatewayUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await tokenFor(settings.authSecret)}`,
      // The send job's trace continues through the gateway and the subgraphs.
      ...activeTraceHeaders(),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: GatewayError[] };
  const errors = body.errors ?? [];
  if (!body.data && errors.length === 0) errors.push({ message: `answered ${response.status} with no data` });
  return { data: body.data ?? undefined, errors };
}

function gatewayError(errors: GatewayError[]): Error {
  return new Error(`gateway answered: ${errors.map((error) => error.message).join("; ")}`);
}
