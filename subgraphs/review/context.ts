import DataLoader from "dataloader";
import type { Viewer } from "../../lib/auth.ts";
import { headerOf, type RequestInfo } from "../../lib/http-server.ts";
import { CLIENT_ADDRESS_HEADER, CLIENT_USER_AGENT_HEADER } from "../../lib/subgraph-contract.ts";
import type { ReviewDb } from "./db/index.ts";
import {
  activeWidgetProductIds,
  productsByIds,
  productsByWidgets,
  widgetsByIds,
  widgetsByStores,
} from "./db/queries/catalogue.ts";
import {
  type ClickCountRequest,
  type ClickSeriesRequest,
  clickCounts,
  clickSeries,
  type TopWidgetsRequest,
  topWidgets,
  type WidgetClickFigures,
} from "./db/queries/clicks.ts";
import { type ImpressionCountRequest, impressionCounts } from "./db/queries/impressions.ts";
import type { Product, Widget } from "./db/schema.ts";
import type { ClickClient, ClickIngest } from "./ingest.ts";

export interface ReviewContext {
  db: ReviewDb;
  viewer: Viewer;
  ingest: ClickIngest;
  client: ClickClient;
  widgets: DataLoader<string, Widget | undefined>;
  products: DataLoader<string, Product | undefined>;
  widgetsOfStore: DataLoader<string, Widget[]>;
  productsOfWidget: DataLoader<string, Product[]>;
  widgetProductIdsOfStore: DataLoader<string, string[]>;
  clicks: DataLoader<ClickCountRequest, number, string>;
  topWidgets: DataLoader<TopWidgetsRequest, WidgetClickFigures[], string>;
  clickSeries: DataLoader<ClickSeriesRequest, number[], string>;
  impressions: DataLoader<ImpressionCountRequest, number, string>;
  /** The moment the request is about: weeks are resolved against it. */
  now: Date;
}

/** The gateway passes on the storefront's address and user agent (only the gateway is ever answered). */
export function clickClient(request: RequestInfo): ClickClient {
  return {
    address: headerOf(request, CLIENT_ADDRESS_HEADER) ?? request.remoteAddress ?? "",
    userAgent: headerOf(request, CLIENT_USER_AGENT_HEADER),
  };
}

/** Per-request loaders: every representation in one `_entities` call shares one statement per loader. */
export function createReviewContext(
  db: ReviewDb,
  ingest: ClickIngest,
  request: RequestInfo,
  viewer: Viewer,
  now: Date,
): ReviewContext {
  return {
    db,
    viewer,
    ingest,
    client: clickClient(request),
    widgets: new DataLoader((ids) => widgetsByIds(db, ids)),
    products: new DataLoader((ids) => productsByIds(db, ids)),
    widgetsOfStore: new DataLoader((ids) => widgetsByStores(db, ids)),
    productsOfWidget: new DataLoader((ids) => productsByWidgets(db, ids)),
    widgetProductIdsOfStore: new DataLoader((ids) => activeWidgetProductIds(db, ids)),
    clicks: new DataLoader((requests) => clickCounts(db, requests), { cacheKeyFn: (r) => JSON.stringify(r) }),
    topWidgets: new DataLoader((requests) => topWidgets(db, requests), {
      cacheKeyFn: (r) => JSON.stringify(r),
    }),
    clickSeries: new DataLoader((requests) => clickSeries(db, requests), {
      cacheKeyFn: (r) => JSON.stringify(r),
    }),
    impressions: new DataLoader((requests) => impressionCounts(db, requests), {
      cacheKeyFn: (r) => JSON.stringify(r),
    }),
    now,
  };
}
