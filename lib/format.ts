import { dateTimeFormat, numberFormat } from "./intl.ts";

/**
 * Formatting with Intl in the store's locale. Amounts are exact decimal strings, formatted as strings
 * (Intl.NumberFormat accepts them since ES2023): the graph's sums of money never pass through a float.
 * Counts and rates are numbers.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  return numberFormat(locale, { style: "currency", currency }).format(amount as unknown as number);
}

export function formatCount(count: number, locale: string): string {
  return numberFormat(locale).format(count);
}

/** A click-through rate (a fraction) as a percentage with one decimal: "4.2%". */
export function formatRate(rate: number, locale: string): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

/**
 * Week-over-week change: "+12%", "−5%", "0%", or `newLabel` (the caller's word for "new") when last week
 * had nothing.
 */
export function formatChange(current: number, previous: number, locale: string, newLabel: string): string {
  if (previous === 0) return current === 0 ? "0%" : newLabel;
  return numberFormat(locale, {
    style: "percent",
    maximumFractionDigits: 0,
    signDisplay: "exceptZero",
  }).format((current - previous) / previous);
}

/** "Nov 16 – 22, 2026" / "2026년 11월 16일~22일": the week's local dates, Monday to Sunday. */
export function formatWeekRange(weekStart: string, locale: string): string {
  const end = new Date(Date.parse(`${weekStart}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  return formatDateRange(weekStart, end, locale);
}

/** Two calendar dates (`YYYY-MM-DD`) as a range in the store's locale: "Nov 1 – 22, 2026". */
export function formatDateRange(from: string, to: string, locale: string): string {
  // The dates are calendar dates already in the store's timezone: format them as UTC so nothing shifts.
  return dateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/** A calendar date as month and day only ("11/16"), for a chart's axis. */
export function formatDay(date: string, locale: string): string {
  return dateTimeFormat(locale, { month: "numeric", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
