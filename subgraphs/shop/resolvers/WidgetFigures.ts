import { ACTIVITY_SPANS } from "../../../lib/alert-rules.ts";
import { authorizeStore } from "../../../lib/auth.ts";
import { assertId, assertInstant } from "../../../lib/errors.ts";
import { type Period, rangePeriod, weekPeriod } from "../../../lib/week.ts";
import type { ShopContext } from "../context.ts";
import type {
  WidgetActivityResolvers,
  WidgetClicksResolvers,
  WidgetRangeResolvers,
} from "../generated/resolvers.ts";

/** A widget's figures as the gateway hands them over: the key, plus review's fields shop `@requires`. */
interface FiguresRef {
  widget: { id: string };
  storeId?: string;
  clicks?: number;
}
export type WidgetWeekRef = FiguresRef & { week: string };
export type WidgetRangeRef = FiguresRef & { from: string; to: string };

/** The sales and orders credited to the widget over the period its store's timezone gives the figures. */
async function credited(ref: FiguresRef, periodIn: (timeZone: string) => Period, ctx: ShopContext) {
  const { storeId } = ref;
  if (!storeId) throw new Error(`Widget ${ref.widget.id} reached attribution without its store`);
  authorizeStore(ctx.viewer, storeId);
  const store = await ctx.stores.load(assertId(storeId, "Store id"));
  if (!store)
    throw new Error(`Widget ${ref.widget.id} belongs to store ${storeId}, which shop does not know`);
  return ctx.attribution.load({
    widgetId: assertId(ref.widget.id, "Widget id"),
    storeId: store.id,
    period: periodIn(store.timezone),
  });
}

/** Attributed orders over counted clicks; null without clicks. */
function conversionRate(orders: number, clicks: number | undefined): number | null {
  if (clicks === undefined) throw new Error("conversionRate reached shop without the clicks it requires");
  return clicks > 0 ? orders / clicks : null;
}

function resolversFor<R extends FiguresRef>(periodOf: (ref: R, timeZone: string, now: Date) => Period) {
  const figure = (ref: R, ctx: ShopContext) => credited(ref, (tz) => periodOf(ref, tz, ctx.now), ctx);
  return {
    __resolveReference: (ref: R) => ref,
    attributedSales: async (ref: R, _args: unknown, ctx: ShopContext) => {
      const { sales, currency } = await figure(ref, ctx);
      return { amount: sales, currency };
    },
    attributedOrders: async (ref: R, _args: unknown, ctx: ShopContext) => (await figure(ref, ctx)).orders,
    conversionRate: async (ref: R, _args: unknown, ctx: ShopContext) =>
      conversionRate((await figure(ref, ctx)).orders, ref.clicks),
  };
}

export const WidgetClicks: WidgetClicksResolvers = resolversFor<WidgetWeekRef>((ref, tz, now) =>
  weekPeriod(ref.week, tz, now),
);

export const WidgetRange: WidgetRangeResolvers = resolversFor<WidgetRangeRef>((ref, tz, now) =>
  rangePeriod(ref.from, ref.to, tz, now),
);

export type WidgetActivityRef = { widget: { id: string }; until: string; storeId?: string };

/** The credited sales of each of the alert check's windows, for the widget's own store only. */
async function creditedWindowsOf(ref: WidgetActivityRef, ctx: ShopContext) {
  if (!ref.storeId) throw new Error(`Widget ${ref.widget.id} reached credited windows without its store`);
  const storeId = assertId(ref.storeId, "Store id");
  authorizeStore(ctx.viewer, storeId);
  return ctx.creditedWindows.load({
    widgetId: assertId(ref.widget.id, "Widget id"),
    storeId,
    until: assertInstant(ref.until, "until"),
    hours: ACTIVITY_SPANS.windowHours,
    weeks: ACTIVITY_SPANS.trailingWeeks,
  });
}

export const WidgetActivity: WidgetActivityResolvers = {
  __resolveReference: (ref: WidgetActivityRef) => ref,
  creditedSales: async (ref, _args, ctx) =>
    (await creditedWindowsOf(ref, ctx)).map(({ sales, currency }) => ({ amount: sales, currency })),
  creditedOrders: async (ref, _args, ctx) => (await creditedWindowsOf(ref, ctx)).map(({ orders }) => orders),
};
