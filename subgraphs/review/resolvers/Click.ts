import { clickReceipt } from "../../../lib/click-receipt.ts";
import type { ClickResolvers } from "../generated/resolvers.ts";

export const Click: ClickResolvers = {
  occurredAt: (click) => click.occurredAt.toISOString(),
  receipt: (click, _, ctx) =>
    clickReceipt(ctx.receiptSecret, {
      clickId: click.id,
      widgetId: click.widgetId,
      storeId: click.storeId,
      productId: click.productId,
      occurredAt: click.occurredAt.toISOString(),
    }),
};
