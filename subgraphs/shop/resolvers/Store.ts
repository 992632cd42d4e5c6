import { authorizeService, authorizeSettings, authorizeStore } from "../../../lib/auth.ts";
import { assertFirst, assertId, BadInputError } from "../../../lib/errors.ts";
import { unseal } from "../../../lib/sealed.ts";
import { slackWebhookHint } from "../../../lib/slack-webhook.ts";
import {
  comparedRange,
  type Period,
  rangePeriod,
  seriesPeriods,
  weekPeriod,
  weekSeries,
} from "../../../lib/week.ts";
import type { ShopContext } from "../context.ts";
import { connectionsOf } from "../db/queries/platforms.ts";
import { changesOf, pendingOf } from "../db/queries/settings.ts";
import { suppressionsOf } from "../db/queries/suppressions.ts";
import type { Store as StoreRow } from "../db/schema.ts";
import type {
  Platform,
  ReportCadence,
  SettingsAction,
  SettingsActor,
  StoreResolvers,
} from "../generated/resolvers.ts";
import { PLATFORM_WEBHOOKS } from "../platforms/sources.ts";

/** A store row, plus the product ids review supplies for `topProducts` (`@requires`). */
export type StoreParent = StoreRow & { widgetProductIds?: string[] };

const MAX_CHANGES = 100;

/** The products review supplied (`@requires(fields: "widgetProductIds")`). */
function widgetProductsOf(store: StoreParent): string[] {
  if (!store.widgetProductIds)
    throw new Error(`Store ${store.id} reached a sales field without its widget products`);
  return store.widgetProductIds;
}

/** The store's widget products with the highest sales in a period, with the period before's. */
async function topProductsIn(store: StoreParent, period: Period, first: number, ctx: ShopContext) {
  const top = await ctx.topProducts.load({
    storeId: store.id,
    productIds: widgetProductsOf(store),
    period,
    first: assertFirst(first),
  });
  return top.map((figure) => ({
    product: { id: figure.productId, store: { id: store.id } },
    sales: { amount: figure.sales, currency: figure.currency },
    previousSales: { amount: figure.previousSales, currency: figure.currency },
    unitsSold: figure.units,
  }));
}

export const Store: StoreResolvers = {
  __resolveReference: async (ref, ctx) => {
    const id = assertId(ref.id, "Store id");
    authorizeStore(ctx.viewer, id);
    const row = await ctx.stores.load(id);
    return row ? { ...row, widgetProductIds: ref.widgetProductIds } : null;
  },
  // Addresses are the owner's business: a dashboard link (read-only, forwarded with an email) shows the
  // figures, never who else receives them.
  reportRecipients: (store, _args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    return store.reportRecipients;
  },
  pendingRecipients: async (store, _args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    return (await pendingOf(ctx.db, store.id)).map((row) => ({
      email: row.email,
      requestedAt: row.requestedAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      expired: row.expiresAt <= ctx.now,
    }));
  },
  reportSchedule: (store, _args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    return {
      dayOfWeek: store.reportDay,
      hour: store.reportHour,
      paused: store.reportPaused,
      cadence: store.reportCadence.toUpperCase() as ReportCadence,
    };
  },
  alertDestinations: (store, _args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    const { slackWebhook, slackSetAt } = store;
    return {
      email: store.alertEmail,
      slack:
        slackWebhook && slackSetAt
          ? {
              hint: slackWebhookHint(unseal(ctx.connectionSecret, slackWebhook)),
              reports: store.slackReports,
              setAt: slackSetAt.toISOString(),
              pausedAt: store.slackPausedAt?.toISOString() ?? null,
              pausedReason: store.slackPausedReason,
            }
          : null,
    };
  },
  slackDelivery: (store, _args, ctx) => {
    authorizeService(ctx.viewer, "alerts");
    if (!store.slackWebhook || !store.slackSetAt) return null;
    return {
      url: unseal(ctx.connectionSecret, store.slackWebhook),
      setAt: store.slackSetAt.toISOString(),
      paused: store.slackPausedAt !== null,
      reports: store.slackReports,
    };
  },
  settingsChanges: async (store, args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    if (args.first < 1 || args.first > MAX_CHANGES)
      throw new BadInputError(`"first" must be between 1 and ${MAX_CHANGES}`);
    return (await changesOf(ctx.db, { storeId: store.id, first: args.first })).map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      action: row.action.toUpperCase() as SettingsAction,
      email: row.email,
      dayOfWeek: row.day,
      hour: row.hour,
      by: row.actor.toUpperCase() as SettingsActor,
      byRef: row.actorRef,
    }));
  },
  platformConnections: async (store, _args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    return (await connectionsOf(ctx.db, store.id)).map((row) => ({
      platform: row.platform.toUpperCase() as Platform,
      source: row.source,
      webhookPath: PLATFORM_WEBHOOKS[row.platform].path,
      topics: [...PLATFORM_WEBHOOKS[row.platform].topics],
      connectedAt: row.connectedAt.toISOString(),
      lastReceivedAt: row.lastReceivedAt?.toISOString() ?? null,
      lastRefusedAt: row.lastRefusedAt?.toISOString() ?? null,
      lastRefusal: row.lastRefusal,
      lastFailedAt: row.lastFailedAt?.toISOString() ?? null,
      lastFailure: row.lastFailure,
    }));
  },
  suppressedRecipients: async (store, _args, ctx) => {
    authorizeSettings(ctx.viewer, store.id, { write: false });
    return (await suppressionsOf(ctx.db, store.id)).map((row) => ({
      email: row.email,
      reason: row.reason === "complaint" ? "COMPLAINT" : "BOUNCE",
      detail: row.detail,
      suppressedAt: row.suppressedAt.toISOString(),
    }));
  },
  topProducts: (store, args, ctx) =>
    topProductsIn(store, weekPeriod(args.week, store.timezone, ctx.now), args.first, ctx),
  topProductsBetween: (store, args, ctx) =>
    topProductsIn(store, comparedRange(args, store.timezone, ctx.now), args.first, ctx),
  salesBetween: async (store, args, ctx) => {
    const period = rangePeriod(args.from, args.to, store.timezone, ctx.now);
    const [figure] = await ctx.salesSeries.load({
      storeId: store.id,
      productIds: widgetProductsOf(store),
      periods: [period],
    });
    if (!figure) throw new Error(`Store ${store.id} has no sales figure for ${args.from} to ${args.to}`);
    return {
      from: args.from,
      to: args.to,
      sales: { amount: figure.sales, currency: figure.currency },
      unitsSold: figure.units,
      attributedSales: { amount: figure.attributedSales, currency: figure.currency },
      attributedOrders: figure.attributedOrders,
    };
  },
  salesSeries: async (store, args, ctx) => {
    const series = weekSeries(args.toWeek, args.weeks, store.timezone, ctx.now);
    const figures = await ctx.salesSeries.load({
      storeId: store.id,
      productIds: widgetProductsOf(store),
      periods: seriesPeriods(series),
    });
    return series.weeks.map((week, i) => {
      const figure = figures[i];
      if (!figure) throw new Error(`Store ${store.id} has no sales figure for week ${week}`);
      return {
        week,
        sales: { amount: figure.sales, currency: figure.currency },
        unitsSold: figure.units,
        attributedSales: { amount: figure.attributedSales, currency: figure.currency },
        attributedOrders: figure.attributedOrders,
      };
    });
  },
};
