import { eq, sql } from "drizzle-orm";
import { authorizeOwnStore } from "../../../lib/auth.ts";
import { assertId, NotFoundError } from "../../../lib/errors.ts";
import type { ShopContext } from "../context.ts";
import { stores } from "../db/schema.ts";

export const Mutation = {
  removeReportRecipient: async (_: unknown, args: { storeId: string; email: string }, ctx: ShopContext) => {
    const storeId = assertId(args.storeId, "storeId");
    authorizeOwnStore(ctx.viewer, storeId);
    const [store] = await ctx.db
      .update(stores)
      .set({ reportRecipients: sql`array_remove(${stores.reportRecipients}, ${args.email})` })
      .where(eq(stores.id, storeId))
      .returning();
    if (!store) throw new NotFoundError(`No store ${storeId}`);
    return store;
  },
};
