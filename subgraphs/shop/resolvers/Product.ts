import { type Period, rangePeriod, weekPeriod } from "../../../lib/week.ts";
import type { ShopContext } from "../context.ts";

/** A product as the gateway hands it over: its key plus the store that review says owns it. */
interface ProductRef {
  id: string;
  store: { id: string };
}

const figure = (product: ProductRef, period: Period, ctx: ShopContext) =>
  ctx.sales.load({ productId: product.id, storeId: product.store.id, period });

export const Product = {
  weeklySales: async (product: ProductRef, args: { week?: string | null }, ctx: ShopContext) => {
    const { amount, currency } = await figure(product, weekPeriod(args.week), ctx);
    return { amount, currency };
  },
  unitsSold: async (product: ProductRef, args: { week?: string | null }, ctx: ShopContext) =>
    (await figure(product, weekPeriod(args.week), ctx)).units,
  sales: async (product: ProductRef, args: { from: string; to: string }, ctx: ShopContext) => {
    const { amount, currency } = await figure(product, rangePeriod(args.from, args.to), ctx);
    return { amount, currency };
  },
};
