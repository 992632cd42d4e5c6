import { type AlertContext, type AlertNotice, alertText, alertWordsOf } from "../emails/alert-words.ts";
import { messages } from "../emails/messages.ts";
import { periodWords, type ReportPeriod, type WeekTotals } from "../emails/weekly-report.tsx";
import { formatChange, formatCount, formatMoney } from "../lib/format.ts";
import { languageOf } from "../lib/language.ts";
import type { SlackPayload } from "./db/schema.ts";

// Slack messages in Block Kit (https://api.slack.com/block-kit): a header, sections in mrkdwn, a context
// line and a button to the dashboard; `text` is what notifications and old clients show.

/** Block Kit's limits that these messages could reach: a header's text, a button's label. */
const HEADER_MAX = 150;
const BUTTON_MAX = 75;

/** mrkdwn reads `&`, `<` and `>` as markup: store and widget names are the owner's text, shown as is. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const plain = (text: string, max: number) => ({ type: "plain_text", text: cut(text, max), emoji: false });
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(text) } });

function withButton(blocks: Record<string, unknown>[], label: string, url: string) {
  return [
    ...blocks,
    {
      type: "actions",
      elements: [{ type: "button", text: plain(label, BUTTON_MAX), url, style: "primary" }],
    },
  ];
}

export function alertPayload(notice: AlertNotice, context: AlertContext, dashboardUrl: string): SlackPayload {
  const { title, lines } = alertText(notice, context);
  return {
    text: `${context.storeName}: ${title}`,
    blocks: withButton(
      [
        { type: "header", text: plain(title, HEADER_MAX) },
        ...lines.map(section),
        { type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(context.storeName) }] },
      ],
      alertWordsOf(context.locale).dashboard,
      dashboardUrl,
    ),
  };
}

/** A report's summary (a week's or a month's): its headline figures and the link to the whole of it. */
export function reportPayload(
  store: { name: string; locale: string; currency: string },
  period: ReportPeriod,
  totals: WeekTotals | null,
  dashboardUrl: string,
): SlackPayload {
  const t = messages[languageOf(store.locale)];
  const { locale, currency } = store;
  const w = periodWords(period, locale);
  const fields = totals
    ? [
        `*${t.totalClicks}*\n${formatCount(totals.clicks, locale)} (${w.change(formatChange(totals.clicks, totals.previousClicks, locale, w.fresh))})`,
        `*${t.attributedSales}*\n${formatMoney(totals.attributedSales, currency, locale)} · ${t.attributedOrders(formatCount(totals.attributedOrders, locale))}`,
        `*${t.totalSales}*\n${formatMoney(totals.sales, currency, locale)}`,
      ]
    : [];
  const title = `${store.name}: ${w.heading}, ${w.range}`;
  return {
    text: title,
    blocks: withButton(
      [
        { type: "header", text: plain(title, HEADER_MAX) },
        fields.length > 0
          ? { type: "section", fields: fields.map((text) => ({ type: "mrkdwn", text: escapeMrkdwn(text) })) }
          : section(t.unavailable),
      ],
      t.dashboard,
      dashboardUrl,
    ),
  };
}
