import { assertId } from "../../../lib/errors.ts";
import type { ReviewContext } from "../context.ts";

/** Review knows a store only by id: it has no store table, so any well-formed id is a store with no widgets. */
interface StoreRef {
  id: string;
}

export const Store = {
  __resolveReference: (ref: StoreRef) => ({ id: assertId(ref.id, "Store id") }),
  widgets: (store: StoreRef, _: unknown, ctx: ReviewContext) => ctx.widgetsOfStore.load(store.id),
  widgetProductIds: (store: StoreRef, _: unknown, ctx: ReviewContext) =>
    ctx.widgetProductIdsOfStore.load(store.id),
};
