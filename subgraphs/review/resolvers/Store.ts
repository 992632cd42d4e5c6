import { authorizeStore } from "../../../lib/auth.ts";
import { assertFirst, assertId, assertInstant, BadInputError } from "../../../lib/errors.ts";
import {
  comparedRange,
  rangePeriod,
  seriesPeriods,
  weekOf,
  weekPeriod,
  weekSeries,
} from "../../../lib/week.ts";
import type { ReviewContext } from "../context.ts";
import type { StoreResolvers } from "../generated/resolvers.ts";
import { rangeFigures, type WidgetParent, weekFigures } from "./Widget.ts";

/**
 * Review knows a store only by id: it has no store table, so any well-formed id is a store with no widgets.
 * The gateway adds the store's timezone (owned by shop) for fields that `@requires` it.
 */
export interface StoreRef {
  id: string;
  timezone?: string;
}

export const Store: StoreResolvers = {
  __resolveReference: (ref, ctx) => {
    const id = assertId(ref.id, "Store id");
    authorizeStore(ctx.viewer, id);
    return { id, timezone: ref.timezone };
  },
  widgets: (store, _, ctx) => ctx.widgetsOfStore.load(store.id),
  widgetProductIds: (store, _, ctx) => ctx.widgetProductIdsOfStore.load(store.id),
  widgetWeeks: async (store, args, ctx) =>
    Promise.all(
      (await widgetsInTimeZone(store, "widgetWeeks", ctx)).map((w) => weekFigures(w, args.week, ctx)),
    ),
  widgetRanges: async (store, args, ctx) =>
    Promise.all((await widgetsInTimeZone(store, "widgetRanges", ctx)).map((w) => rangeFigures(w, args, ctx))),
  holdouts: (store, _, ctx) => ctx.runningHoldoutsOfStore.load(store.id),
  topWidgets: async (store, args, ctx) => {
    const timeZone = timeZoneOf(store, "topWidgets");
    const period = weekPeriod(args.week, timeZone, ctx.now);
    const top = await ctx.topWidgets.load({
      storeId: store.id,
      timeZone,
      period,
      first: assertFirst(args.first),
    });
    const week = weekOf(period.start);
    return top.map((figures) => ({ ...figures, week }));
  },
  clickSeries: async (store, args, ctx) => {
    const timeZone = timeZoneOf(store, "clickSeries");
    const series = weekSeries(args.toWeek, args.weeks, timeZone, ctx.now);
    const clicks = await ctx.clickSeries.load({
      storeId: store.id,
      timeZone,
      periods: seriesPeriods(series),
    });
    return series.weeks.map((week, i) => ({ week, clicks: clicks[i] ?? 0 }));
  },
  clicksBetween: async (store, args, ctx) => {
    const timeZone = timeZoneOf(store, "clicksBetween");
    const [clicks] = await ctx.clickSeries.load({
      storeId: store.id,
      timeZone,
      periods: [rangePeriod(args.from, args.to, timeZone, ctx.now)],
    });
    return clicks ?? 0;
  },
  topWidgetsBetween: async (store, args, ctx) => {
    const timeZone = timeZoneOf(store, "topWidgetsBetween");
    const top = await ctx.topWidgets.load({
      storeId: store.id,
      timeZone,
      period: comparedRange(args, timeZone, ctx.now),
      first: assertFirst(args.first),
    });
    return top.map(({ widget, clicks, previousClicks, impressions }) => ({
      widget: { ...widget, timeZone },
      from: args.from,
      to: args.to,
      clicks,
      previousClicks,
      impressions,
    }));
  },
  activity: async (store, args, ctx) => {
    const until = assertInstant(args.until, "until");
    if (until.getTime() % HOUR_MS !== 0)
      throw new BadInputError(`until "${args.until}" is not on a whole hour`);
    if (until.getTime() > ctx.now.getTime() + HOUR_MS)
      throw new BadInputError(`until "${args.until}" is more than an hour ahead`);
    const activity = await ctx.activity.load({ storeId: store.id, until });
    return {
      until: until.toISOString(),
      recentEvents: activity.recentEvents,
      dailyEvents: activity.dailyEvents,
      lastEventAt: activity.lastEventAt?.toISOString() ?? null,
      widgets: await Promise.all(
        activity.widgets.map(async ({ widgetId, clicks, impressions }) => {
          const widget = await ctx.widgets.load(widgetId);
          if (!widget) throw new Error(`Widget ${widgetId} vanished while its activity was read`);
          return { widget, until: until.toISOString(), storeId: store.id, clicks, impressions };
        }),
      ),
    };
  },
};

const HOUR_MS = 3_600_000;

/** The store's timezone, which the gateway supplies for the fields that `@requires` it. */
/** The store's widgets, each with the store's timezone, as a widget's own figures read it. */
async function widgetsInTimeZone(
  store: StoreRef,
  field: string,
  ctx: ReviewContext,
): Promise<WidgetParent[]> {
  const timeZone = timeZoneOf(store, field);
  return (await ctx.widgetsOfStore.load(store.id)).map((widget) => ({ ...widget, timeZone }));
}

function timeZoneOf(store: StoreRef, field: string): string {
  if (!store.timezone) throw new Error(`Store ${store.id} reached ${field} without its timezone`);
  return store.timezone;
}
