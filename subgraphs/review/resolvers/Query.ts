import { assertId } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";

export const Query = {
  widget: async (_: unknown, args: { id: string }, ctx: ReviewContext) =>
    (await ctx.widgets.load(assertId(args.id, "Widget id"))) ?? null,
};
