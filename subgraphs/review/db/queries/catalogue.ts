import { and, asc, eq, sql } from "drizzle-orm";
import { executePrepared, inKeys, preparedPerDb } from "../../../../lib/runtime/database.ts";
import { recordset, rowsInIdOrder } from "../../../../lib/runtime/sql-recordset.ts";
import type { ReviewDb } from "../index.ts";
import { type Product, products, type Widget, widgetProducts, widgets } from "../schema.ts";

/** Each helper answers a whole batch of keys in one prepared statement, in the order of the keys. */

const widgetsByIdsQuery = preparedPerDb((db: ReviewDb) =>
  db.select().from(widgets).where(inKeys(widgets.id)).prepare("widgets_by_ids"),
);

export async function widgetsByIds(db: ReviewDb, ids: readonly string[]): Promise<(Widget | undefined)[]> {
  return rowsInIdOrder(ids, await widgetsByIdsQuery(db).execute({ keys: ids }));
}

const productsByIdsQuery = preparedPerDb((db: ReviewDb) =>
  db.select().from(products).where(inKeys(products.id)).prepare("products_by_ids"),
);

export async function productsByIds(db: ReviewDb, ids: readonly string[]): Promise<(Product | undefined)[]> {
  return rowsInIdOrder(ids, await productsByIdsQuery(db).execute({ keys: ids }));
}

/** The products with these (store, platform id) pairs, those the catalogue has. */
export async function productsByPlatformIds(
  db: ReviewDb,
  pairs: readonly { storeId: string; platformId: string }[],
): Promise<{ id: string; storeId: string; platformId: string }[]> {
  if (pairs.length === 0) return [];
  return executePrepared(db, {
    columns: { id: "uuid", storeId: "uuid", platformId: "text" },
    sql: sql`select p.id, p.store_id as "storeId", p.platform_id as "platformId"
    from ${recordset(pairs.map((pair) => ({ store_id: pair.storeId, platform_id: pair.platformId })))}
      as k(store_id uuid, platform_id text)
    join ${products} p on p.store_id = k.store_id and p.platform_id = k.platform_id`,
  });
}

const widgetsByStoresQuery = preparedPerDb((db: ReviewDb) =>
  db
    .select()
    .from(widgets)
    .where(inKeys(widgets.storeId))
    .orderBy(asc(widgets.createdAt), asc(widgets.id))
    .prepare("widgets_by_stores"),
);

/** Every widget of each store, active or not, oldest first. */
export async function widgetsByStores(db: ReviewDb, storeIds: readonly string[]): Promise<Widget[][]> {
  const rows = await widgetsByStoresQuery(db).execute({ keys: storeIds });
  return groupBy(storeIds, rows, (row) => row.storeId);
}

const productsByWidgetsQuery = preparedPerDb((db: ReviewDb) =>
  db
    .select({ widgetId: widgetProducts.widgetId, product: products })
    .from(widgetProducts)
    .innerJoin(widgets, eq(widgets.id, widgetProducts.widgetId))
    // A widget shows its own store's products only: a row linking two stores never shows the other's.
    .innerJoin(
      products,
      and(eq(products.id, widgetProducts.productId), eq(products.storeId, widgets.storeId)),
    )
    .where(inKeys(widgetProducts.widgetId))
    .orderBy(asc(widgetProducts.position), asc(products.id))
    .prepare("products_by_widgets"),
);

/** The products each widget shows, in their position order. */
export async function productsByWidgets(db: ReviewDb, widgetIds: readonly string[]): Promise<Product[][]> {
  const rows = await productsByWidgetsQuery(db).execute({ keys: widgetIds });
  return groupBy(widgetIds, rows, (row) => row.widgetId).map((group) => group.map((row) => row.product));
}

const activeWidgetProductIdsQuery = preparedPerDb((db: ReviewDb) =>
  db
    .selectDistinct({ storeId: widgets.storeId, productId: widgetProducts.productId })
    .from(widgetProducts)
    .innerJoin(widgets, eq(widgets.id, widgetProducts.widgetId))
    .innerJoin(
      products,
      and(eq(products.id, widgetProducts.productId), eq(products.storeId, widgets.storeId)),
    )
    .where(and(inKeys(widgets.storeId), eq(widgets.active, true)))
    .orderBy(asc(widgets.storeId), asc(widgetProducts.productId))
    .prepare("active_widget_product_ids"),
);

/** The distinct products shown in each store's active widgets, in id order. */
export async function activeWidgetProductIds(db: ReviewDb, storeIds: readonly string[]): Promise<string[][]> {
  const rows = await activeWidgetProductIdsQuery(db).execute({ keys: storeIds });
  return groupBy(storeIds, rows, (row) => row.storeId).map((group) => group.map((row) => row.productId));
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
