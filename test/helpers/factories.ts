import { randomUUID } from "node:crypto";
import type { ReviewDb } from "../../subgraphs/review/db/index.ts";
import {
  type NewProduct,
  type NewWidget,
  type NewWidgetClick,
  products as reviewProducts,
  widgetClicks,
  widgetProducts,
  widgets,
} from "../../subgraphs/review/db/schema.ts";
import type { ShopDb } from "../../subgraphs/shop/db/index.ts";
import {
  type NewOrder,
  type NewOrderLine,
  type NewStore,
  orderLines,
  orders,
  stores,
} from "../../subgraphs/shop/db/schema.ts";

/**
 * Stores for a test, from drizzle's insert type with overrides: what a test does not say is a UTC store
 * in English and US dollars with the database's own defaults (List Designer off, no recipients, Monday
 * 09:00), so a new column of `stores` needs its default here at most, not in every test. Suites that insert
 * hundreds of stores at once keep one set-based statement (`generate_series`), and suites that need a row
 * the schema would refuse keep their raw SQL; each says why.
 */
export function makeStores(db: ShopDb, ...overrides: Partial<NewStore>[]) {
  return db
    .insert(stores)
    .values(
      overrides.map((store) => ({
        id: randomUUID(),
        name: "Store",
        timezone: "UTC",
        locale: "en",
        currency: "USD",
        ...store,
      })),
    )
    .returning();
}

/** Widgets showing no products yet: active and named "Best sellers" unless said. */
export function makeWidgets(db: ReviewDb, ...overrides: (Pick<NewWidget, "storeId"> & Partial<NewWidget>)[]) {
  return db
    .insert(widgets)
    .values(overrides.map((widget) => ({ name: "Best sellers", ...widget })))
    .returning();
}

/**
 * A store's catalogue in review: products from drizzle's insert type with overrides (a name each), and
 * one active widget showing them in that order.
 */
export async function makeCatalogue(
  db: ReviewDb,
  storeId: string,
  products: Partial<NewProduct>[],
  widget: Partial<NewWidget> = {},
) {
  const made = await db
    .insert(reviewProducts)
    .values(products.map((product, i) => ({ storeId, name: `Product ${i + 1}`, ...product })))
    .returning();
  const [shown] = await makeWidgets(db, { storeId, ...widget });
  if (!shown) throw new Error("no widget made");
  await db
    .insert(widgetProducts)
    .values(made.map((product, position) => ({ widgetId: shown.id, productId: product.id, position })));
  return { products: made, widget: shown };
}

/**
 * Counted clicks, as review records them (the rollups follow by their trigger): a new click id each unless
 * given. Suites that need thousands at once keep one set-based statement (`generate_series`).
 */
export function makeClicks(
  db: ReviewDb,
  ...clicks: (Pick<NewWidgetClick, "widgetId" | "storeId" | "occurredAt"> & Partial<NewWidgetClick>)[]
) {
  return db
    .insert(widgetClicks)
    .values(clicks.map((click) => ({ clickId: randomUUID(), ...click })))
    .returning();
}

/** One order of a store with its lines: paid unless said, each line one unit unless said. */
export async function makeOrder(
  db: ShopDb,
  order: Pick<NewOrder, "storeId" | "placedAt"> & Partial<NewOrder>,
  ...lines: (Pick<NewOrderLine, "unitPrice"> & Partial<Omit<NewOrderLine, "orderId">>)[]
) {
  const [made] = await db
    .insert(orders)
    .values({ status: "paid", ...order })
    .returning();
  if (!made) throw new Error("no order made");
  if (lines.length > 0)
    await db.insert(orderLines).values(lines.map((line) => ({ quantity: 1, ...line, orderId: made.id })));
  return made;
}

/** `count` widgets, each of a store of its own and showing `products` products: what load tests click. */
export async function makeWidgetsToClick(db: ReviewDb, count: number, products: number) {
  const made: { id: string; products: string[] }[] = [];
  for (let i = 0; i < count; i++) {
    const catalogue = await makeCatalogue(
      db,
      randomUUID(),
      Array.from({ length: products }, () => ({})),
    );
    made.push({ id: catalogue.widget.id, products: catalogue.products.map((product) => product.id) });
  }
  return made;
}
