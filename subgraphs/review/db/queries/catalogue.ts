import { and, asc, eq, inArray } from "drizzle-orm";
import type { ReviewDb } from "../index.ts";
import { type Product, products, type Widget, widgetProducts, widgets } from "../schema.ts";

/** Each helper answers a whole batch of keys in one statement, in the order of the keys. */

export async function widgetsByIds(db: ReviewDb, ids: readonly string[]): Promise<(Widget | undefined)[]> {
  const rows = await db
    .select()
    .from(widgets)
    .where(inArray(widgets.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

export async function productsByIds(db: ReviewDb, ids: readonly string[]): Promise<(Product | undefined)[]> {
  const rows = await db
    .select()
    .from(products)
    .where(inArray(products.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

/** Every widget of each store, active or not, oldest first. */
export async function widgetsByStores(db: ReviewDb, storeIds: readonly string[]): Promise<Widget[][]> {
  const rows = await db
    .select()
    .from(widgets)
    .where(inArray(widgets.storeId, [...storeIds]))
    .orderBy(asc(widgets.createdAt), asc(widgets.id));
  return groupBy(storeIds, rows, (row) => row.storeId);
}

/** The products each widget shows, in their position order. */
export async function productsByWidgets(db: ReviewDb, widgetIds: readonly string[]): Promise<Product[][]> {
  const rows = await db
    .select({ widgetId: widgetProducts.widgetId, product: products })
    .from(widgetProducts)
    .innerJoin(products, eq(products.id, widgetProducts.productId))
    .where(inArray(widgetProducts.widgetId, [...widgetIds]))
    .orderBy(asc(widgetProducts.position), asc(products.id));
  return groupBy(widgetIds, rows, (row) => row.widgetId).map((group) => group.map((row) => row.product));
}

/** The distinct products shown in each store's active widgets, in id order. */
export async function activeWidgetProductIds(db: ReviewDb, storeIds: readonly string[]): Promise<string[][]> {
  const rows = await db
    .selectDistinct({ storeId: widgets.storeId, productId: widgetProducts.productId })
    .from(widgetProducts)
    .innerJoin(widgets, eq(widgets.id, widgetProducts.widgetId))
    .where(and(inArray(widgets.storeId, [...storeIds]), eq(widgets.active, true)))
    .orderBy(asc(widgets.storeId), asc(widgetProducts.productId));
  return groupBy(storeIds, rows, (row) => row.storeId).map((group) => group.map((row) => row.productId));
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
