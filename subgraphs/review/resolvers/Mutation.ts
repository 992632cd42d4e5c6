import { assertId, BadInputError, NotFoundError } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";

interface RecordClickInput {
  widgetId: string;
  productId?: string | null;
  clickId: string;
}

export const Mutation = {
  recordClick: async (_: unknown, { input }: { input: RecordClickInput }, ctx: ReviewContext) => {
    const widgetId = assertId(input.widgetId, "widgetId");
    const clickId = assertId(input.clickId, "clickId");
    const productId = input.productId == null ? null : assertId(input.productId, "productId");
    // Answered only after the click's batch has committed, so an acknowledged click is never lost.
    const outcome = await ctx.ingest.record({ clickId, widgetId, productId }, ctx.client);
    switch (outcome.status) {
      case "bot":
        return { accepted: false, duplicate: false };
      case "no-active-widget":
        throw new NotFoundError(`No active widget ${widgetId}`);
      case "product-not-in-widget":
        throw new BadInputError(`Product ${productId} is not shown in widget ${widgetId}`);
      case "recorded":
        return { accepted: outcome.counted, duplicate: outcome.duplicate };
    }
  },
};
