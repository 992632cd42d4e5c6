/**
 * When a store hears of a change before Monday: the hourly alert check's rules, on the figures review
 * answers (`Store.activity`). Pure functions of counts, so simulations can test them.
 *
 * A widget's window is the 24 hours before the check; its baseline is the same 24 hours (same weekdays,
 * same hours) of each of the 8 weeks before, which takes the weekly rhythm of a shop out of the comparison.
 * The score is robust: the distance from the baseline's median in units of its median absolute deviation
 * (scaled by 1.4826, so it estimates a standard deviation), floored at the noise a count of that size has
 * anyway (√median for clicks, the binomial √(p(1-p)/n) for a click-through rate, median × √2 ÷ √orders
 * for credited sales, a sum of that many orders of skewed sizes): a quiet baseline whose
 * weeks happened to agree cannot make a small wobble look extreme, and one week of a sale or an outage in
 * the baseline moves neither median nor MAD much, where it would drag a mean and inflate a standard
 * deviation. A change alerts only when it is also large (30 % or more) and the widget busy (a median of
 * 100 clicks a day, 1,000 views for its click-through rate, 20 credited orders a day for its credited
 * sales), so small stores are not paged on noise.
 */

export const ALERT_RULES = {
  /** Robust score beyond which a change is unusual. */
  minScore: 2.5,
  /** Relative change below which nobody needs to hear of it, however unusual. */
  minRelativeChange: 0.3,
  /** Median clicks per 24-hour window the baseline must have. */
  minClicks: 100,
  /** Median views per 24-hour window the baseline must have (and the window itself) for a CTR alert. */
  minImpressions: 1_000,
  /** Median credited orders per 24-hour window the baseline must have for a credited sales alert. */
  minCreditedOrders: 20,
  /** Trailing weeks with events a widget needs before it can alert (a new widget has no rhythm yet). */
  minBaselineWeeks: 4,
  /** Alerts a store receives a day, at most (a tracker's recovery is not counted: it closes one). */
  perStorePerDay: 2,
} as const;

/** The spans `Store.activity` answers (review's counts, shop's credited sales) and the rules read. */
export const ACTIVITY_SPANS = {
  /** A widget's window: the 24 hours before the check, and the same hours of each trailing week. */
  windowHours: 24,
  trailingWeeks: 8,
  /** The store's recent span, in which no event at all means its tracking stopped. */
  silentHours: 6,
  /** The days before that span, each of which must have had events for a silence to mean anything. */
  activeDays: 14,
} as const;

export type Metric = "clicks" | "ctr" | "creditedSales";

/** One metric of a widget that moved: the window's value against its baseline's median. */
export interface MetricChange {
  metric: Metric;
  current: number;
  baseline: number;
  /** (current - baseline) / baseline. */
  relative: number;
  score: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The robust score of `current` against `baseline`, with `floor` the least scale to divide by. */
export function robustScore(current: number, baseline: readonly number[], floor: number) {
  const center = median(baseline);
  const mad = median(baseline.map((value) => Math.abs(value - center)));
  const scale = Math.max(1.4826 * mad, floor, Number.EPSILON);
  return { center, score: (current - center) / scale };
}

function changeOf(
  metric: Metric,
  current: number,
  baseline: readonly number[],
  floor: number,
): MetricChange | null {
  const { center, score } = robustScore(current, baseline, floor);
  const relative = (current - center) / center;
  if (Math.abs(score) < ALERT_RULES.minScore || Math.abs(relative) < ALERT_RULES.minRelativeChange)
    return null;
  return { metric, current, baseline: center, relative, score };
}

/**
 * What moved in one widget: `clicks[0]` and `impressions[0]` are the window, index k the same window k
 * weeks before (and so for `credited`, the sales credited to its clicks and their orders). Empty when
 * nothing moved, the widget is too quiet or too new.
 */
export function widgetChanges(
  clicks: readonly number[],
  impressions: readonly number[],
  credited?: { sales: readonly number[]; orders: readonly number[] },
): MetricChange[] {
  const pastClicks = clicks.slice(1);
  const pastViews = impressions.slice(1);
  const weeksWithEvents = pastClicks.filter((count, k) => count + (pastViews[k] ?? 0) > 0).length;
  if (weeksWithEvents < ALERT_RULES.minBaselineWeeks) return [];
  const changes: MetricChange[] = [];
  const currentClicks = clicks[0] ?? 0;
  const clickMedian = median(pastClicks);
  if (clickMedian >= ALERT_RULES.minClicks) {
    const change = changeOf("clicks", currentClicks, pastClicks, Math.sqrt(clickMedian));
    if (change) changes.push(change);
  }
  const currentViews = impressions[0] ?? 0;
  const rates = pastClicks.flatMap((count, k) =>
    (pastViews[k] ?? 0) > 0 ? [count / (pastViews[k] as number)] : [],
  );
  if (
    clickMedian >= ALERT_RULES.minClicks &&
    median(pastViews) >= ALERT_RULES.minImpressions &&
    currentViews >= ALERT_RULES.minImpressions &&
    rates.length >= ALERT_RULES.minBaselineWeeks
  ) {
    const rate = median(rates);
    const change = changeOf(
      "ctr",
      currentClicks / currentViews,
      rates,
      Math.sqrt((rate * (1 - rate)) / currentViews),
    );
    if (change) changes.push(change);
  }
  const orderMedian = credited ? median(credited.orders.slice(1)) : 0;
  if (credited && orderMedian >= ALERT_RULES.minCreditedOrders) {
    // A sum of n orders varies by √(1 + cv²)/√n of itself, cv the spread of their sizes; order values are
    // skewed (cv about 1), so √2/√n is the floor.
    const pastSales = credited.sales.slice(1);
    const floor = (median(pastSales) * Math.SQRT2) / Math.sqrt(orderMedian);
    const change = changeOf("creditedSales", credited.sales[0] ?? 0, pastSales, floor);
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * A store's tracking has stopped when its widgets had events in every one of the 14 days before the last
 * 6 hours, and none in those 6 hours: a quiet store, or one that just started, never trips it.
 */
export function trackingStopped(activity: { recentEvents: number; dailyEvents: readonly number[] }): boolean {
  return (
    activity.recentEvents === 0 &&
    activity.dailyEvents.length === ACTIVITY_SPANS.activeDays &&
    activity.dailyEvents.every((count) => count > 0)
  );
}
