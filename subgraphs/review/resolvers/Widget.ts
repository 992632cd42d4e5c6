import { authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import { type Period, rangePeriod, weekPeriod } from "../../../lib/week.ts";
import type { ReviewContext } from "../context.ts";
import type { Widget as WidgetRow } from "../db/schema.ts";
import type { WidgetResolvers } from "../generated/resolvers.ts";

/** A widget row, plus its store's timezone when the gateway supplied it for a `@requires` field. */
export type WidgetParent = WidgetRow & { timeZone?: string };

/** A count of the widget's clicks or impressions over a period read in its store's timezone. */
function count(
  loader: ReviewContext["clicks"] | ReviewContext["impressions"],
  widget: WidgetParent,
  periodIn: (timeZone: string) => Period,
) {
  const timeZone = widget.timeZone;
  if (!timeZone) throw new Error(`Widget ${widget.id} reached a count without its store's timezone`);
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
};
