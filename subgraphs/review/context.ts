import DataLoader from "dataloader";
import type { ReviewDb } from "./db/index.ts";
import {
  activeWidgetProductIds,
  productsByIds,
  productsByWidgets,
  widgetsByIds,
  widgetsByStores,
} from "./db/queries/catalogue.ts";
import { type ClickCountRequest, clickCounts } from "./db/queries/clicks.ts";
import type { Product, Widget } from "./db/schema.ts";

export interface ReviewContext {
  db: ReviewDb;
  widgets: DataLoader<string, Widget | undefined>;
  products: DataLoader<string, Product | undefined>;
  widgetsOfStore: DataLoader<string, Widget[]>;
  productsOfWidget: DataLoader<string, Product[]>;
  widgetProductIdsOfStore: DataLoader<string, string[]>;
  clicks: DataLoader<ClickCountRequest, number, string>;
}

/** Per-request loaders: every representation in one `_entities` call shares one statement per loader. */
export function createReviewContext(db: ReviewDb): ReviewContext {
  return {
    db,
    widgets: new DataLoader((ids) => widgetsByIds(db, ids)),
    products: new DataLoader((ids) => productsByIds(db, ids)),
    widgetsOfStore: new DataLoader((ids) => widgetsByStores(db, ids)),
    productsOfWidget: new DataLoader((ids) => productsByWidgets(db, ids)),
    widgetProductIdsOfStore: new DataLoader((ids) => activeWidgetProductIds(db, ids)),
    clicks: new DataLoader((requests) => clickCounts(db, requests), { cacheKeyFn: (r) => JSON.stringify(r) }),
  };
}
