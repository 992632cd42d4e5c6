import { renderWeeklyReport } from "../emails/render.ts";
import type { RenderEmail } from "../emails/render-pool.ts";
import type { ReportPeriod } from "../emails/weekly-report.tsx";
import { issueEmailLinkToken, issueStoreLinkToken, type Viewer } from "../lib/auth.ts";
import { checkRecipient } from "../lib/email-address.ts";
import { isMonth, monthDates, shiftDate, weekStart } from "../lib/week.ts";
import type { WorkerSettings } from "./config.ts";
import type { OutgoingEmail } from "./db/schema.ts";
import type { WeeklyReport } from "./report-model.ts";

// A report made into its emails: one per recipient, each with its signed links (dashboard, settings,
// unsubscribe) and the one-click unsubscribe headers.

/**
 * A dashboard page of the store with a signed token for `viewer` in the URL's fragment, which browsers
 * never send to a server (so no server log ever holds it), valid `days`.
 */
async function linkWithToken(
  settings: WorkerSettings,
  viewer: Extract<Viewer, { kind: "store" }>,
  days: number,
  page: string,
): Promise<string> {
  const token = await issueStoreLinkToken(settings.linkSecret, viewer, days * 86_400);
  return `${settings.dashboardUrl}/stores/${viewer.storeId}${page}#token=${token}`;
}

/**
 * The email's way into the store's dashboard on the reported week (or month: its dates as a range):
 * read-only, for that store.
 */
export function dashboardLink(settings: WorkerSettings, storeId: string, period: string): Promise<string> {
  if (isMonth(period)) {
    const { from, to } = monthDates(period);
    return rangeLink(settings, storeId, from, to);
  }
  const viewer = { kind: "store", storeId, readOnly: true } as const;
  return linkWithToken(settings, viewer, settings.dashboardLinkDays ?? 14, `?week=${period}`);
}

/** What a report's period key (`2026-W47` or `2026-11`) covers, as the email and Slack name it. */
export function reportPeriodOf(period: string): ReportPeriod {
  if (isMonth(period)) return { kind: "month", ...monthDates(period) };
  const from = weekStart(period);
  return { kind: "week", from, to: shiftDate(from, 6) };
}

/** The email's way into the store's dashboard on a range of dates: read-only, for that store. */
export function rangeLink(
  settings: WorkerSettings,
  storeId: string,
  from: string,
  to: string,
): Promise<string> {
  const viewer = { kind: "store", storeId, readOnly: true } as const;
  return linkWithToken(settings, viewer, settings.dashboardLinkDays ?? 14, `?from=${from}&to=${to}`);
}

/**
 * The recipient's way to the report's settings ("Manage these emails"): that store's settings only,
 * naming the address it was mailed to, so the change history shows who changed what.
 */
export function settingsLink(settings: WorkerSettings, storeId: string, email: string): Promise<string> {
  const viewer = { kind: "store", storeId, link: { purpose: "settings", email } } as const;
  return linkWithToken(settings, viewer, settings.settingsLinkDays ?? 7, "/settings");
}

/**
 * A recipient's own links in an email of the store: "Manage these emails", the unsubscribe link, and the
 * RFC 8058 one-click unsubscribe headers (mail clients POST to the link themselves).
 */
export async function recipientLinks(settings: WorkerSettings, storeId: string, recipient: string) {
  const token = await issueEmailLinkToken(settings.linkSecret, "unsubscribe", { storeId, email: recipient });
  const unsubscribeUrl = `${settings.publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
  return {
    settingsUrl: await settingsLink(settings, storeId, recipient),
    unsubscribeUrl,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

/** The recipients of a store an email can go to, and those it cannot, with the reason. */
export function sendableRecipients(recipients: readonly string[]) {
  const refused: { recipient: string; reason: string }[] = [];
  const sendable: { recipient: string; address: string }[] = [];
  for (const recipient of recipients) {
    const check = checkRecipient(recipient);
    if (check.ok) sendable.push({ recipient, address: check.address });
    else refused.push({ recipient, reason: check.reason });
  }
  return { sendable, refused };
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
  settings: WorkerSettings,
  report: WeeklyReport,
  week: string,
  render: RenderEmail = renderWeeklyReport,
): Promise<ReportEmails> {
  const { store } = report;
  const dashboardUrl = await dashboardLink(settings, store.id, week);
  const { sendable, refused } = sendableRecipients(store.reportRecipients);
  const emails = await Promise.all(
    sendable.map(async ({ recipient, address }) => {
      const { settingsUrl, unsubscribeUrl, headers } = await recipientLinks(settings, store.id, recipient);
      const rendered = await render({
        storeName: store.name,
        locale: store.locale,
        currency: store.currency,
        period: reportPeriodOf(week),
        hasWidgets: report.hasWidgets,
        totals: report.totals,
        widgets: report.widgets,
        products: report.products,
        holdouts: report.holdouts,
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
        headers,
        tags: [{ name: "store", value: store.id }],
      };
      return { recipient, email };
    }),
  );
  return { emails, refused };
}
