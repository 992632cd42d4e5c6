import type { WidgetClickFigures } from "../db/queries/clicks.ts";

export const WidgetClicks = {
  /** Click-through rate: the week's clicks over its impressions; null without impressions. */
  ctr: (figures: WidgetClickFigures) =>
    figures.impressions > 0 ? figures.clicks / figures.impressions : null,
};
