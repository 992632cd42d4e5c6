import type { WidgetClicksResolvers, WidgetRangeResolvers } from "../generated/resolvers.ts";

/** Click-through rate: clicks over impressions; null without impressions. */
const ctr = (figures: { clicks: number; impressions: number }) =>
  figures.impressions > 0 ? figures.clicks / figures.impressions : null;

/** The widget's store, as a plain field of the figures: shop `@requires` it for the credited figures. */
const storeId = (figures: { widget: { storeId: string } }) => figures.widget.storeId;

export const WidgetClicks: WidgetClicksResolvers = { ctr, storeId };

export const WidgetRange: WidgetRangeResolvers = { ctr, storeId };
