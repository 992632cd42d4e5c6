import type { Viewer } from "../../lib/auth.ts";
import { type Loader, sqlLoader } from "../../lib/runtime/sql-loader.ts";
import { CLIENT_ADDRESS_HEADER, CLIENT_USER_AGENT_HEADER } from "../../lib/subgraph-contract.ts";
import type { RequestTrace } from "../../lib/tracing.ts";
import { headerOf, type RequestInfo } from "../../lib/transport/http-server.ts";
import type { ReviewDb } from "./db/index.ts";
import { type ActivityRequest, type StoreActivity, storeActivity } from "./db/queries/activity.ts";
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
import {
  runningRunsByStores,
  runsByIds,
  runsByWidgets,
  type VisitorWeek,
  visitorWeeks,
} from "./db/queries/holdouts.ts";
import { type ImpressionCountRequest, impressionCounts } from "./db/queries/impressions.ts";
import type { HoldoutRun, Product, Widget } from "./db/schema.ts";
import type { ClickClient, EventIngest } from "./ingest.ts";

export interface ReviewContext {
  db: ReviewDb;
  viewer: Viewer;
  ingest: EventIngest;
  client: ClickClient;
  widgets: Loader<string, Widget | undefined>;
  products: Loader<string, Product | undefined>;
  widgetsOfStore: Loader<string, Widget[]>;
  productsOfWidget: Loader<string, Product[]>;
  widgetProductIdsOfStore: Loader<string, string[]>;
  clicks: Loader<ClickCountRequest, number>;
  topWidgets: Loader<TopWidgetsRequest, Omit<WidgetClickFigures, "week">[]>;
  clickSeries: Loader<ClickSeriesRequest, number[]>;
  impressions: Loader<ImpressionCountRequest, number>;
  holdoutRuns: Loader<string, HoldoutRun | undefined>;
  holdoutRunsOfWidget: Loader<string, HoldoutRun[]>;
  runningHoldoutsOfStore: Loader<string, HoldoutRun[]>;
  visitorWeeks: Loader<{ run: HoldoutRun; now: Date }, VisitorWeek[]>;
  activity: Loader<ActivityRequest, StoreActivity>;
  /** The moment the request is about: weeks are resolved against it. */
  now: Date;
  trace: RequestTrace;
  /** Signs the receipts of clicks looked up for claims (lib/click-receipt.ts). */
  receiptSecret: string;
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
  ingest: EventIngest,
  request: RequestInfo,
  viewer: Viewer,
  now: Date,
  trace: RequestTrace,
  receiptSecret: string,
): ReviewContext {
  return {
    db,
    viewer,
    ingest,
    client: clickClient(request),
    widgets: sqlLoader(trace, db, widgetsByIds),
    products: sqlLoader(trace, db, productsByIds),
    widgetsOfStore: sqlLoader(trace, db, widgetsByStores),
    productsOfWidget: sqlLoader(trace, db, productsByWidgets),
    widgetProductIdsOfStore: sqlLoader(trace, db, activeWidgetProductIds),
    clicks: sqlLoader(trace, db, clickCounts),
    topWidgets: sqlLoader(trace, db, topWidgets),
    clickSeries: sqlLoader(trace, db, clickSeries),
    impressions: sqlLoader(trace, db, impressionCounts),
    holdoutRuns: sqlLoader(trace, db, runsByIds),
    holdoutRunsOfWidget: sqlLoader(trace, db, runsByWidgets),
    runningHoldoutsOfStore: sqlLoader(trace, db, runningRunsByStores),
    visitorWeeks: sqlLoader(trace, db, visitorWeeks),
    activity: sqlLoader(trace, db, storeActivity),
    now,
    trace,
    receiptSecret,
  };
}
