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
  week: async (widget, args, ctx) => {
    const period = weekPeriod(args.week, timeZoneOf(widget), ctx.now);
    const [clicks, previousClicks, impressions] = await Promise.all([
      count(ctx.clicks, widget, () => period),
      count(ctx.clicks, widget, () => previousPeriod(period)),
      count(ctx.impressions, widget, () => period),
    ]);
    return { widget, week: weekOf(period.start), clicks, previousClicks, impressions };
  },
  holdout: async (widget, _, ctx) => {
    authorizeStore(ctx.viewer, widget.storeId);
    return (await ctx.holdoutRunsOfWidget.load(widget.id)).find((run) => !run.stoppedAt) ?? null;
  },
  holdoutRuns: async (widget, _, ctx) => {
    authorizeStore(ctx.viewer, widget.storeId);
    return ctx.holdoutRunsOfWidget.load(widget.id);
  },
  range: async (widget, args, ctx) => {
    const period = rangePeriod(args.from, args.to, timeZoneOf(widget), ctx.now);
    const [clicks, impressions] = await Promise.all([
      count(ctx.clicks, widget, () => period),
      count(ctx.impressions, widget, () => period),
    ]);
    return { widget, from: args.from, to: args.to, clicks, impressions };
  },
};
