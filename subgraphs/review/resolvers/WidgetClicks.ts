import type { WidgetClicksResolvers } from "../generated/resolvers.ts";

export const WidgetClicks: WidgetClicksResolvers = {
  /** Click-through rate: the week's clicks over its impressions; null without impressions. */
  ctr: (figures) => (figures.impressions > 0 ? figures.clicks / figures.impressions : null),
};
