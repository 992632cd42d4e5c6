import { authorizeService, authorizeSettings, authorizeStore } from "../../../lib/auth.ts";
import { assertId, assertInstant, BadInputError } from "../../../lib/errors.ts";
import { pendingClaims } from "../db/queries/claims.ts";
import { pendingDeliveries } from "../db/queries/platforms.ts";
import { assertLinkRecipient, confirmationsToMail } from "../db/queries/settings.ts";
import { storesPage } from "../db/queries/stores.ts";
import type { Platform, QueryResolvers } from "../generated/resolvers.ts";
import { MAX_CONFIRMATIONS } from "./Mutation.ts";

const MAX_PAGE = 200;
/** Deliveries one `pendingPlatformDeliveries` hands out. */
const MAX_PENDING_DELIVERIES = 500;
const MAX_CLAIMS = 1000;
/** Stores one `storesByIds` may ask for: the `@listSize` the gateway's cost estimate assumes. */
const MAX_STORES_BY_IDS = 100;

export const Query: QueryResolvers = {
  store: async (_, args, ctx) => {
    const id = assertId(args.id, "Store id");
    // A settings link reads the store's basics and settings here, while its address is a recipient;
    // every figure stays refused to it.
    const link = ctx.viewer.kind === "store" ? ctx.viewer.link : undefined;
    if (link) authorizeSettings(ctx.viewer, id, { write: false });
    else authorizeStore(ctx.viewer, id);
    const store = await ctx.stores.load(id);
    if (store && link) assertLinkRecipient(store, link.email);
    return store ?? null;
  },

  storesByIds: async (_, args, ctx) => {
    if (args.ids.length < 1 || args.ids.length > MAX_STORES_BY_IDS)
      throw new BadInputError(`"ids" must hold between 1 and ${MAX_STORES_BY_IDS} store ids`);
    const ids = args.ids.map((id) => assertId(id, "Store id"));
    for (const id of ids) authorizeStore(ctx.viewer, id);
    const stores = await Promise.all(ids.map((id) => ctx.stores.load(id)));
    return stores.map((store) => store ?? null);
  },

  stores: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "reports:read");
    if (args.first < 1 || args.first > MAX_PAGE)
      throw new BadInputError(`"first" must be between 1 and ${MAX_PAGE}`);
    const afterId = args.after ? decodeCursor(args.after) : undefined;
    const page = await storesPage(ctx.db, { first: args.first, afterId });
    const edges = page.stores.map((store) => ({ cursor: encodeCursor(store.id), node: store }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  },

  pendingClickClaims: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "claims");
    if (args.first < 1 || args.first > MAX_CLAIMS)
      throw new BadInputError(`"first" must be between 1 and ${MAX_CLAIMS}`);
    const placedBefore = args.placedBefore ? assertInstant(args.placedBefore, "placedBefore") : undefined;
    const claims = await pendingClaims(ctx.db, { first: args.first, placedBefore });
    return claims.map((claim) => ({ ...claim, placedAt: claim.placedAt.toISOString() }));
  },

  pendingConfirmations: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "confirmations");
    if (args.first < 1 || args.first > MAX_CONFIRMATIONS)
      throw new BadInputError(`"first" must be between 1 and ${MAX_CONFIRMATIONS}`);
    const requests = await confirmationsToMail(ctx.db, { first: args.first, now: ctx.now });
    return Promise.all(
      requests.map(async (request) => {
        const store = await ctx.stores.load(request.storeId);
        if (!store) throw new Error(`Store ${request.storeId} of a recipient request is gone`);
        return {
          requestId: request.id,
          store,
          email: request.email,
          requestedAt: request.requestedAt.toISOString(),
        };
      }),
    );
  },
  pendingPlatformDeliveries: async (_, args, ctx) => {
    authorizeService(ctx.viewer);
    if (args.first < 1 || args.first > MAX_PENDING_DELIVERIES)
      throw new BadInputError(`"first" must be between 1 and ${MAX_PENDING_DELIVERIES}`);
    if (args.olderThanSeconds < 0) throw new BadInputError(`"olderThanSeconds" must be at least 0`);
    const receivedBefore = new Date(ctx.now.getTime() - args.olderThanSeconds * 1_000);
    return (await pendingDeliveries(ctx.db, { receivedBefore, first: args.first })).map((row) => ({
      ...row,
      platform: row.platform.toUpperCase() as Platform,
    }));
  },
};

/** Cursors are opaque to clients; today they wrap the store id, which is also the sort key. */
function encodeCursor(storeId: string): string {
  return Buffer.from(`store:${storeId}`).toString("base64url");
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith("store:")) throw new BadInputError(`"after" is not a cursor from this API`);
  return assertId(decoded.slice("store:".length), "Cursor");
}
