import { assertId } from "../../../lib/errors.ts";
import type { ShopContext } from "../context.ts";

export const Store = {
  __resolveReference: async (ref: { id: string }, ctx: ShopContext) =>
    (await ctx.stores.load(assertId(ref.id, "Store id"))) ?? null,
};
