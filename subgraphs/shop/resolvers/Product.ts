import { authorizeStore } from "../../../lib/auth.ts";
import { type Period, rangePeriod, weekPeriod } from "../../../lib/week.ts";
import type { ShopContext } from "../context.ts";
import type { ProductResolvers } from "../generated/resolvers.ts";

/** A product as the gateway hands it over: its key plus the store that review says owns it. */
export interface ProductRef {
  id: string;
  store: { id: string };
}

/** The product's sales over the period its store's timezone gives the arguments. */
async function figure(product: ProductRef, periodIn: (timeZone: string) => Period, ctx: ShopContext) {
  authorizeStore(ctx.viewer, product.store.id);
  const store = await ctx.stores.load(product.store.id);
  if (!store)
    throw new Error(`Product ${product.id} belongs to store ${product.store.id}, which shop does not know`);
  return ctx.sales.load({ productId: product.id, storeId: store.id, period: periodIn(store.timezone) });
}

export const Product: ProductResolvers = {
  weeklySales: async (product, args, ctx) => {
    const { amount, currency } = await figure(product, (tz) => weekPeriod(args.week, tz, ctx.now), ctx);
    return { amount, currency };
  },
  unitsSold: async (product, args, ctx) =>
    (await figure(product, (tz) => weekPeriod(args.week, tz, ctx.now), ctx)).units,
  sales: async (product, args, ctx) => {
    const { amount, currency } = await figure(
      product,
      (tz) => rangePeriod(args.from, args.to, tz, ctx.now),
      ctx,
    );
    return { amount, currency };
  },
};
