import { AuthError, authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import type { QueryResolvers } from "../generated/resolvers.ts";

export const Query: QueryResolvers = {
  widget: async (_, args, ctx) => {
    const id = assertId(args.id, "Widget id");
    if (ctx.viewer.kind === "anonymous")
      throw new AuthError("This needs a token (Authorization: Bearer ...)");
    const widget = await ctx.widgets.load(id);
    if (widget) authorizeStore(ctx.viewer, widget.storeId);
    return widget ?? null;
  },
};
