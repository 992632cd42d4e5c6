import type { WidgetClicksResolvers, WidgetRangeResolvers } from "../generated/resolvers.ts";

/** Click-through rate: clicks over impressions; null without impressions. */
const ctr = (figures: { clicks: number; impressions: number }) =>
  figures.impressions > 0 ? figures.clicks / figures.impressions : null;

export const WidgetClicks: WidgetClicksResolvers = { ctr };

export const WidgetRange: WidgetRangeResolvers = { ctr };
