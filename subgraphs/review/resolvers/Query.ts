import { AuthError, authorizeService, authorizeStore } from "../../../lib/auth.ts";
import { assertId, assertInstant, BadInputError } from "../../../lib/errors.ts";
import { productsByPlatformIds } from "../db/queries/catalogue.ts";
import { clicksByIds } from "../db/queries/clicks.ts";
import { runningHoldouts } from "../db/queries/holdouts.ts";
import type { QueryResolvers } from "../generated/resolvers.ts";

/** Lookups one `clicksByIds` may ask for: the `@listSize` the gateway's cost estimate assumes. */
const MAX_CLICK_LOOKUPS = 1000;
/** Platform ids one `platformProducts` may ask for, all stores together. */
const MAX_PLATFORM_IDS = 1000;

export const Query: QueryResolvers = {
  widget: async (_, args, ctx) => {
    const id = assertId(args.id, "Widget id");
    if (ctx.viewer.kind === "anonymous")
      throw new AuthError("This needs a token (Authorization: Bearer ...)");
    const widget = await ctx.widgets.load(id);
    if (widget) authorizeStore(ctx.viewer, widget.storeId);
    return widget ?? null;
  },
  clicksByIds: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "claims");
    if (args.lookups.length > MAX_CLICK_LOOKUPS)
      throw new BadInputError(`"lookups" may hold at most ${MAX_CLICK_LOOKUPS} clicks`);
    const lookups = args.lookups.map((lookup, i) => ({
      clickId: assertId(lookup.clickId, `lookups[${i}].clickId`),
      from: assertInstant(lookup.from, `lookups[${i}].from`),
      to: assertInstant(lookup.to, `lookups[${i}].to`),
    }));
    return (await clicksByIds(ctx.db, lookups)).map((click) => click ?? null);
  },
  runningHoldouts: (_, args, ctx) => runningHoldouts(ctx.db, assertId(args.storeId, "storeId")),
  platformProducts: async (_, args, ctx) => {
    authorizeService(ctx.viewer);
    const pairs = args.lookups.flatMap((lookup, i) => {
      const storeId = assertId(lookup.storeId, `lookups[${i}].storeId`);
      return lookup.platformIds.map((platformId) => ({ storeId, platformId }));
    });
    if (pairs.length > MAX_PLATFORM_IDS)
      throw new BadInputError(`"lookups" may hold at most ${MAX_PLATFORM_IDS} platform ids in all`);
    return (await productsByPlatformIds(ctx.db, pairs)).map((row) => ({
      storeId: row.storeId,
      platformId: row.platformId,
      productId: row.id,
    }));
  },
};
