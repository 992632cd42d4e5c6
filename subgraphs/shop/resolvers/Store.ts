import { authorizeStore } from "../../../lib/auth.ts";
import { assertFirst, assertId } from "../../../lib/errors.ts";
import { weekPeriod } from "../../../lib/week.ts";
import type { ShopContext } from "../context.ts";
import type { Store as StoreRow } from "../db/schema.ts";

/** A store row, plus the product ids review supplies for `topProducts` (`@requires`). */
type StoreParent = StoreRow & { widgetProductIds?: string[] };

export const Store = {
  __resolveReference: async (ref: { id: string; widgetProductIds?: string[] }, ctx: ShopContext) => {
    const id = assertId(ref.id, "Store id");
    authorizeStore(ctx.viewer, id);
    const row = await ctx.stores.load(id);
    return row ? { ...row, widgetProductIds: ref.widgetProductIds } : null;
  },
  topProducts: async (
    store: StoreParent,
    args: { week?: string | null; first: number },
    ctx: ShopContext,
  ) => {
    if (!store.widgetProductIds)
      throw new Error(`Store ${store.id} reached topProducts without its widget products`);
    const period = weekPeriod(args.week, store.timezone, ctx.now);
    const top = await ctx.topProducts.load({
      storeId: store.id,
      productIds: store.widgetProductIds,
      period,
      first: assertFirst(args.first),
    });
    return top.map((figure) => ({
      product: { id: figure.productId, store: { id: store.id } },
      sales: { amount: figure.sales, currency: figure.currency },
      previousSales: { amount: figure.previousSales, currency: figure.currency },
      unitsSold: figure.units,
    }));
  },
};
