import { authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import { type Period, previousPeriod, rangePeriod, weekOf, weekPeriod } from "../../../lib/week.ts";
import type { ReviewContext } from "../context.ts";
import type { Widget as WidgetRow } from "../db/schema.ts";
import type { WidgetResolvers } from "../generated/resolvers.ts";

/** A widget row, plus its store's timezone when the gateway supplied it for a `@requires` field. */
export type WidgetParent = WidgetRow & { timeZone?: string };

/** A widget's figures between two dates (`WidgetRange`). */
export interface WidgetRangeFigures {
  widget: WidgetParent;
  from: string;
  to: string;
  clicks: number;
  impressions: number;
}

/** The widget's store's timezone, which the gateway supplies for the fields that `@requires` it. */
function timeZoneOf(widget: WidgetParent): string {
  if (!widget.timeZone) throw new Error(`Widget ${widget.id} reached a count without its store's timezone`);
  return widget.timeZone;
}

/** A count of the widget's clicks or impressions over a period read in its store's timezone. */
function count(
  loader: ReviewContext["clicks"] | ReviewContext["impressions"],
  widget: WidgetParent,
  periodIn: (timeZone: string) => Period,
) {
  const timeZone = timeZoneOf(widget);
  return loader.load({ widgetId: widget.id, timeZone, period: periodIn(timeZone) });
}

/**
 * A widget's figures of an ISO week (default: the last completed) in its store's timezone: what
 * `Widget.week` answers, and `Store.widgetWeeks` for each of a store's widgets.
 */
export async function weekFigures(widget: WidgetParent, week: string | null | undefined, ctx: ReviewContext) {
  const period = weekPeriod(week, timeZoneOf(widget), ctx.now);
  const [clicks, previousClicks, impressions] = await Promise.all([
    count(ctx.clicks, widget, () => period),
    count(ctx.clicks, widget, () => previousPeriod(period)),
    count(ctx.impressions, widget, () => period),
  ]);
  return { widget, week: weekOf(period.start), clicks, previousClicks, impressions };
}

/** A widget's figures between two dates in its store's timezone (`Widget.range`, `Store.widgetRanges`). */
export async function rangeFigures(
  widget: WidgetParent,
  { from, to }: { from: string; to: string },
  ctx: ReviewContext,
): Promise<WidgetRangeFigures> {
  const period = rangePeriod(from, to, timeZoneOf(widget), ctx.now);
  const [clicks, impressions] = await Promise.all([
    count(ctx.clicks, widget, () => period),
    count(ctx.impressions, widget, () => period),
  ]);
  return { widget, from, to, clicks, impressions };
}

export const Widget: WidgetResolvers = {
  __resolveReference: async (ref, ctx) => {
    const row = await ctx.widgets.load(assertId(ref.id, "Widget id"));
    if (row) authorizeStore(ctx.viewer, row.storeId);
    return row ? { ...row, timeZone: ref.store?.timezone } : null;
  },
  store: (widget) => ({ id: widget.storeId }),
  products: (widget, _, ctx) => ctx.productsOfWidget.load(widget.id),
  productIds: async (widget, _, ctx) =>
    (await ctx.productsOfWidget.load(widget.id)).map((product) => product.id),
  weeklyClicks: (widget, args, ctx) =>
    count(ctx.clicks, widget, (timeZone) => weekPeriod(args.week, timeZone, ctx.now)),
  clicks: (widget, args, ctx) =>
    count(ctx.clicks, widget, (timeZone) => rangePeriod(args.from, args.to, timeZone, ctx.now)),
  weeklyImpressions: (widget, args, ctx) =>
    count(ctx.impressions, widget, (timeZone) => weekPeriod(args.week, timeZone, ctx.now)),
  impressions: (widget, args, ctx) =>
    count(ctx.impressions, widget, (timeZone) => rangePeriod(args.from, args.to, timeZone, ctx.now)),
  week: (widget, args, ctx) => weekFigures(widget, args.week, ctx),
  holdout: async (widget, _, ctx) => {
    authorizeStore(ctx.viewer, widget.storeId);
    return (await ctx.holdoutRunsOfWidget.load(widget.id)).find((run) => !run.stoppedAt) ?? null;
  },
  holdoutRuns: async (widget, _, ctx) => {
    authorizeStore(ctx.viewer, widget.storeId);
    return ctx.holdoutRunsOfWidget.load(widget.id);
  },
  range: (widget, args, ctx) => rangeFigures(widget, args, ctx),
};
