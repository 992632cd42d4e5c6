import DataLoader from "dataloader";
import type { Viewer } from "../../lib/auth.ts";
import type { ShopDb } from "./db/index.ts";
import {
  type ProductSalesFigures,
  productSales,
  type SalesFigure,
  type SalesRequest,
  type SalesSeriesRequest,
  salesSeries,
  type TopProductsRequest,
  topProducts,
  type WeekSalesFigure,
} from "./db/queries/sales.ts";
import { storesByIds } from "./db/queries/stores.ts";
import type { Store } from "./db/schema.ts";

export interface ShopContext {
  db: ShopDb;
  viewer: Viewer;
  stores: DataLoader<string, Store | undefined>;
  sales: DataLoader<SalesRequest, SalesFigure, string>;
  topProducts: DataLoader<TopProductsRequest, ProductSalesFigures[], string>;
  salesSeries: DataLoader<SalesSeriesRequest, WeekSalesFigure[], string>;
  /** The moment the request is about: weeks are resolved against it. */
  now: Date;
}

/** Per-request loaders: every representation in one `_entities` call shares one statement per loader. */
export function createShopContext(db: ShopDb, viewer: Viewer, now: Date): ShopContext {
  return {
    db,
    viewer,
    stores: new DataLoader((ids) => storesByIds(db, ids)),
    sales: new DataLoader((requests) => productSales(db, requests), { cacheKeyFn: (r) => JSON.stringify(r) }),
    topProducts: new DataLoader((requests) => topProducts(db, requests), {
      cacheKeyFn: (r) => JSON.stringify(r),
    }),
    salesSeries: new DataLoader((requests) => salesSeries(db, requests), {
      cacheKeyFn: (r) => JSON.stringify(r),
    }),
    now,
  };
}
