import { randomUUID } from "node:crypto";
import type { ShopDb } from "../../subgraphs/shop/db/index.ts";
import { type NewStore, stores } from "../../subgraphs/shop/db/schema.ts";

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
