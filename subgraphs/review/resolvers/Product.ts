import { authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import type { ProductResolvers } from "../generated/resolvers.ts";

export const Product: ProductResolvers = {
  __resolveReference: async (ref, ctx) => {
    const product = await ctx.products.load(assertId(ref.id, "Product id"));
    if (product) authorizeStore(ctx.viewer, product.storeId);
    return product ?? null;
  },
  store: (product) => ({ id: product.storeId }),
};
