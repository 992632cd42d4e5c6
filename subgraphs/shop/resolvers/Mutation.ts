import { eq, sql } from "drizzle-orm";
import { authorizeOwnStore } from "../../../lib/auth.ts";
import { assertId, NotFoundError } from "../../../lib/errors.ts";
import { stores } from "../db/schema.ts";
import type { MutationResolvers } from "../generated/resolvers.ts";

export const Mutation: MutationResolvers = {
  removeReportRecipient: async (_, args, ctx) => {
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
