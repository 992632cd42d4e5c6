import { authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";
import type { Product as ProductRow } from "../db/schema.ts";

export const Product = {
  __resolveReference: async (ref: { id: string }, ctx: ReviewContext) => {
    const product = await ctx.products.load(assertId(ref.id, "Product id"));
    if (product) authorizeStore(ctx.viewer, product.storeId);
    return product ?? null;
  },
  store: (product: ProductRow) => ({ id: product.storeId }),
};
