import type { Viewer } from "../../lib/auth.ts";
import { type Loader, sqlLoader } from "../../lib/runtime/sql-loader.ts";
import type { RequestTrace } from "../../lib/tracing.ts";
import type { ShopDb } from "./db/index.ts";
import { type HoldoutOrdersRequest, holdoutOrders, type OrderSums } from "./db/queries/holdouts.ts";
import {
  type AttributionFigure,
  type AttributionRequest,
  type CreditedWindowsRequest,
  creditedWindows,
  type ProductSalesFigures,
  productSales,
  type SalesFigure,
  type SalesRequest,
  type SalesSeriesRequest,
  salesSeries,
  type TopProductsRequest,
  topProducts,
  type WeekSalesFigure,
  widgetAttribution,
} from "./db/queries/sales.ts";
import { storesByIds } from "./db/queries/stores.ts";
import type { Store } from "./db/schema.ts";
import type { OrderIntake } from "./orders/intake.ts";
import type { DeliveryIntake } from "./platforms/deliveries.ts";

export interface ShopContext {
  db: ShopDb;
  /** Where `upsertOrder` hands its order to be group-committed. */
  orders: OrderIntake;
  /** Where a platform's webhook delivery is recorded, group-committed. */
  deliveries: DeliveryIntake;
  viewer: Viewer;
  stores: Loader<string, Store | undefined>;
  sales: Loader<SalesRequest, SalesFigure>;
  topProducts: Loader<TopProductsRequest, ProductSalesFigures[]>;
  salesSeries: Loader<SalesSeriesRequest, WeekSalesFigure[]>;
  attribution: Loader<AttributionRequest, AttributionFigure>;
  holdoutOrders: Loader<HoldoutOrdersRequest, { exposed: OrderSums; heldOut: OrderSums }[]>;
  creditedWindows: Loader<CreditedWindowsRequest, AttributionFigure[]>;
  /** The moment the request is about: weeks are resolved against it. */
  now: Date;
  trace: RequestTrace;
  /** Checks review's receipts of the clicks verdicts credit (lib/click-receipt.ts). */
  receiptSecret: string;
  /** Opens the platform connections' webhook secrets (CONNECTION_SECRET, lib/sealed.ts). */
  connectionSecret: string;
}

/** Per-request loaders: every representation in one `_entities` call shares one statement per loader. */
export function createShopContext({
  db,
  orders,
  deliveries,
  viewer,
  now,
  trace,
  receiptSecret,
  connectionSecret,
}: Pick<
  ShopContext,
  "db" | "orders" | "deliveries" | "viewer" | "now" | "trace" | "receiptSecret" | "connectionSecret"
>): ShopContext {
  return {
    db,
    orders,
    deliveries,
    viewer,
    receiptSecret,
    connectionSecret,
    stores: sqlLoader(trace, db, storesByIds),
    sales: sqlLoader(trace, db, productSales),
    topProducts: sqlLoader(trace, db, topProducts),
    salesSeries: sqlLoader(trace, db, salesSeries),
    attribution: sqlLoader(trace, db, widgetAttribution),
    holdoutOrders: sqlLoader(trace, db, holdoutOrders),
    creditedWindows: sqlLoader(trace, db, creditedWindows),
    now,
    trace,
  };
}
