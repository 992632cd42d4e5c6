import { asc, gt } from "drizzle-orm";
import { inKeys, preparedPerDb } from "../../../../lib/runtime/database.ts";
import { rowsInIdOrder } from "../../../../lib/runtime/sql-recordset.ts";
import type { ShopDb } from "../index.ts";
import { type Store, stores } from "../schema.ts";

const storesByIdsQuery = preparedPerDb((db: ShopDb) =>
  db.select().from(stores).where(inKeys(stores.id)).prepare("stores_by_ids"),
);

/** Stores by id, in the order asked, `undefined` where none exists. One statement for any number of ids. */
export async function storesByIds(db: ShopDb, ids: readonly string[]): Promise<(Store | undefined)[]> {
  return rowsInIdOrder(ids, await storesByIdsQuery(db).execute({ keys: ids }));
}

/** A page of stores in id order, after the store `afterId`; one more row than asked tells if more follow. */
export async function storesPage(db: ShopDb, { first, afterId }: { first: number; afterId?: string }) {
  const rows = await db
    .select()
    .from(stores)
    .where(afterId ? gt(stores.id, afterId) : undefined)
    .orderBy(asc(stores.id))
    .limit(first + 1);
  return { stores: rows.slice(0, first), hasNextPage: rows.length > first };
}
