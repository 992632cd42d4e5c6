import { assertId } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";
import type { Product as ProductRow } from "../db/schema.ts";

export const Product = {
  __resolveReference: async (ref: { id: string }, ctx: ReviewContext) =>
    (await ctx.products.load(assertId(ref.id, "Product id"))) ?? null,
  store: (product: ProductRow) => ({ id: product.storeId }),
};
