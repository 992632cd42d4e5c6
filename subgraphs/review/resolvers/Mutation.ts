import { assertId, BadInputError, NotFoundError } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";
import { clickTarget, insertClick } from "../db/queries/clicks.ts";

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
    const target = await clickTarget(ctx.db, widgetId, productId);
    switch (target.status) {
      case "no-widget":
      case "inactive":
        throw new NotFoundError(`No active widget ${widgetId}`);
      case "product-not-in-widget":
        throw new BadInputError(`Product ${productId} is not shown in widget ${widgetId}`);
    }
    // The answer goes out only after the insert has committed, so an acknowledged click is never lost.
    const isNew = await insertClick(ctx.db, { clickId, widgetId, storeId: target.storeId, productId });
    return { accepted: true, duplicate: !isNew };
  },
};
