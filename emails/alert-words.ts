import type { Metric } from "../lib/alert-rules.ts";
import { formatCount, formatMoney, formatRate } from "../lib/format.ts";
import { dateTimeFormat } from "../lib/intl.ts";
import { type Language, languageOf } from "../lib/language.ts";
import { currencyDigits } from "../lib/money.ts";

/** What an alert tells, whichever way it goes (email or Slack). */
export type AlertNotice =
  | {
      kind: "change";
      widgetName: string;
      changes: { metric: Metric; current: number; baseline: number; relative: number }[];
    }
  /** No click nor view since `lastEventAt` (ISO 8601). */
  | { kind: "tracking-stopped"; lastEventAt: string }
  /** Events again after the silence that began at `lastEventAt`. */
  | { kind: "tracking-back"; lastEventAt: string };

export interface AlertContext {
  storeName: string;
  locale: string;
  timezone: string;
  currency: string;
}

const words = {
  en: {
    subject: (store: string, title: string) => `${store}: ${title}`,
    clicksTitle: (widget: string, up: boolean, percent: string) =>
      `${widget}: clicks ${up ? "rose" : "fell"} ${percent}`,
    ctrTitle: (widget: string, up: boolean, percent: string) =>
      `${widget}: click-through ${up ? "rose" : "fell"} ${percent}`,
    clicksLine: (now: string, usual: string) =>
      `${now} clicks in the last 24 hours; usually ${usual} in the same hours of the week (median of 8 weeks).`,
    ctrLine: (now: string, usual: string) =>
      `Click-through ${now} in the last 24 hours; usually ${usual} in the same hours of the week.`,
    creditedTitle: (widget: string, up: boolean, percent: string) =>
      `${widget}: sales from its clicks ${up ? "rose" : "fell"} ${percent}`,
    creditedLine: (now: string, usual: string) =>
      `${now} in sales credited to its clicks in the last 24 hours; usually ${usual} in the same hours of the week.`,
    stoppedTitle: "Your widgets stopped recording",
    stoppedLine: (since: string) =>
      `No click or view has reached us since ${since}, after events every day of the last two weeks. A theme change that dropped the tracker's tag is the usual cause.`,
    backTitle: "Your widgets are recording again",
    backLine: (since: string) =>
      `Clicks and views are arriving again; nothing came between ${since} and the last hours.`,
    dashboard: "Open your dashboard",
    manage: "Manage these emails",
    footer: (store: string) => `You receive ${store}'s List Designer alerts as a report recipient.`,
  },
  ko: {
    subject: (store: string, title: string) => `${store}: ${title}`,
    clicksTitle: (widget: string, up: boolean, percent: string) =>
      `${widget}: 클릭 ${percent} ${up ? "증가" : "감소"}`,
    ctrTitle: (widget: string, up: boolean, percent: string) =>
      `${widget}: 클릭률 ${percent} ${up ? "증가" : "감소"}`,
    clicksLine: (now: string, usual: string) =>
      `최근 24시간 클릭 ${now}회. 지난 8주 같은 요일·시간대의 중앙값은 ${usual}회입니다.`,
    ctrLine: (now: string, usual: string) =>
      `최근 24시간 클릭률 ${now}. 평소 같은 시간대에는 ${usual}입니다.`,
    creditedTitle: (widget: string, up: boolean, percent: string) =>
      `${widget}: 클릭 매출 ${percent} ${up ? "증가" : "감소"}`,
    creditedLine: (now: string, usual: string) =>
      `최근 24시간 위젯 클릭으로 발생한 매출 ${now}. 평소 같은 시간대에는 ${usual}입니다.`,
    stoppedTitle: "위젯 기록이 멈췄습니다",
    stoppedLine: (since: string) =>
      `지난 2주 동안 매일 이벤트가 있었지만 ${since} 이후 클릭도 노출도 들어오지 않았습니다. 테마 변경으로 트래커 태그가 빠진 경우가 많습니다.`,
    backTitle: "위젯 기록이 다시 시작되었습니다",
    backLine: (since: string) =>
      `클릭과 노출이 다시 들어오고 있습니다. ${since} 이후 최근까지는 기록이 없었습니다.`,
    dashboard: "대시보드 열기",
    manage: "이메일 설정 관리",
    footer: (store: string) => `${store}의 리포트 수신자로서 List Designer 알림을 받으셨습니다.`,
  },
} as const satisfies Record<Language, unknown>;

export function alertWordsOf(locale: string) {
  return words[languageOf(locale)];
}

/** The alert's title and its lines, in the store's language, numbers and times in its locale and timezone. */
export function alertText(notice: AlertNotice, context: AlertContext): { title: string; lines: string[] } {
  const t = alertWordsOf(context.locale);
  const { locale } = context;
  const when = (instant: string) =>
    dateTimeFormat(locale, { timeZone: context.timezone, dateStyle: "medium", timeStyle: "short" }).format(
      new Date(instant),
    );
  if (notice.kind === "tracking-stopped")
    return { title: t.stoppedTitle, lines: [t.stoppedLine(when(notice.lastEventAt))] };
  if (notice.kind === "tracking-back")
    return { title: t.backTitle, lines: [t.backLine(when(notice.lastEventAt))] };
  const [first] = notice.changes;
  const percent = (relative: number) => formatRate(Math.abs(relative), locale);
  const titles = { clicks: t.clicksTitle, ctr: t.ctrTitle, creditedSales: t.creditedTitle };
  const title = first
    ? titles[first.metric](notice.widgetName, first.relative > 0, percent(first.relative))
    : notice.widgetName;
  // Credited sales here are medians and windows' sums computed as numbers (estimates, not ledgers):
  // rounded to the currency's own digits (KRW 0, BHD 3) before they are formatted as money.
  const money = (amount: number) =>
    formatMoney(amount.toFixed(currencyDigits(context.currency)), context.currency, locale);
  const lines = notice.changes.map((change) => {
    if (change.metric === "clicks")
      return t.clicksLine(
        formatCount(change.current, locale),
        formatCount(Math.round(change.baseline), locale),
      );
    if (change.metric === "ctr")
      return t.ctrLine(formatRate(change.current, locale), formatRate(change.baseline, locale));
    return t.creditedLine(money(change.current), money(change.baseline));
  });
  return { title, lines };
}
