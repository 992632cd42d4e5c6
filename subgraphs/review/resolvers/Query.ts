import { AuthError, authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";

export const Query = {
  widget: async (_: unknown, args: { id: string }, ctx: ReviewContext) => {
    const id = assertId(args.id, "Widget id");
    if (ctx.viewer.kind === "anonymous")
      throw new AuthError("This needs a token (Authorization: Bearer ...)");
    const widget = await ctx.widgets.load(id);
    if (widget) authorizeStore(ctx.viewer, widget.storeId);
    return widget ?? null;
  },
};
