import { authorizeStore } from "../../../lib/auth.ts";
import { assertFirst, assertId } from "../../../lib/errors.ts";
import { weekOf, weekPeriod, weekSeries } from "../../../lib/week.ts";
import type { StoreResolvers } from "../generated/resolvers.ts";

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
  holdouts: (store, _, ctx) => ctx.runningHoldoutsOfStore.load(store.id),
  topWidgets: async (store, args, ctx) => {
    if (!store.timezone) throw new Error(`Store ${store.id} reached topWidgets without its timezone`);
    const period = weekPeriod(args.week, store.timezone, ctx.now);
    const top = await ctx.topWidgets.load({
      storeId: store.id,
      timeZone: store.timezone,
      period,
      first: assertFirst(args.first),
    });
    const week = weekOf(period.start);
    return top.map((figures) => ({ ...figures, week }));
  },
  clickSeries: async (store, args, ctx) => {
    if (!store.timezone) throw new Error(`Store ${store.id} reached clickSeries without its timezone`);
    const series = weekSeries(args.toWeek, args.weeks, store.timezone, ctx.now);
    const clicks = await ctx.clickSeries.load({ storeId: store.id, timeZone: store.timezone, series });
    return series.weeks.map((week, i) => ({ week, clicks: clicks[i] ?? 0 }));
  },
};
