import {
  authorizeOrderWrite,
  authorizeOwnerChange,
  authorizeService,
  authorizeSettings,
  settingsActorOf,
  type Viewer,
} from "../../../lib/auth.ts";
import { validClickReceipt } from "../../../lib/click-receipt.ts";
import { checkRecipient } from "../../../lib/email-address.ts";
import {
  assertId,
  assertInstant,
  BadInputError,
  DomainError,
  NotFoundError,
  UnavailableError,
} from "../../../lib/errors.ts";
import { OverloadedError } from "../../../lib/group-commit.ts";
import { isDatabaseUnavailable } from "../../../lib/runtime/database.ts";
import { seal } from "../../../lib/sealed.ts";
import { assertSlackWebhook } from "../../../lib/slack-webhook.ts";
import { recordVerdicts, undecidedClaims } from "../db/queries/claims.ts";
import { authenticateKey } from "../db/queries/keys.ts";
import { REFUNDS_EXCEED_LINE, refundsExceedLine } from "../db/queries/orders.ts";
import {
  addRecipient,
  confirmRecipient,
  markMailed,
  pauseSlack,
  removeRecipient,
  setAlertDestinations,
  setCadence,
  setPaused,
  setSchedule,
} from "../db/queries/settings.ts";
import { recordEmailEvent } from "../db/queries/suppressions.ts";
import type { MutationResolvers, OrderStatus } from "../generated/resolvers.ts";
import { validOrder } from "../orders/order-input.ts";
import { applyDeliveries, MAX_DELIVERY_BYTES, receiveWebhook } from "../platforms/deliveries.ts";
import type { Platform as PlatformName } from "../platforms/platform-order.ts";

/** Deliveries one `applyPlatformDeliveries` may carry. */
const MAX_DELIVERIES_APPLIED = 100;
/** Verdicts one `recordClaimVerdicts` may carry, as many as `pendingClickClaims` hands out. */
const MAX_VERDICTS = 1000;
/** Confirmation requests one worker call handles, as many as `pendingConfirmations` hands out. */
export const MAX_CONFIRMATIONS = 200;

const platformOf = (platform: "SHOPIFY" | "WOOCOMMERCE") => platform.toLowerCase() as PlatformName;

function refuseUnsubscribeLink(viewer: Viewer) {
  if (viewer.kind === "store" && viewer.link?.purpose === "unsubscribe")
    throw new DomainError("FORBIDDEN", "An unsubscribe link only removes its own address");
}

export const Mutation: MutationResolvers = {
  addReportRecipient: async (_, args, ctx) => {
    const storeId = assertId(args.storeId, "storeId");
    authorizeSettings(ctx.viewer, storeId, { write: true });
    refuseUnsubscribeLink(ctx.viewer);
    const checked = checkRecipient(args.email.trim());
    if (!checked.ok) throw new BadInputError(`email: ${checked.reason}`);
    return addRecipient(ctx.db, {
      storeId,
      email: checked.address,
      who: { ...settingsActorOf(ctx.viewer), at: ctx.now },
    });
  },

  removeReportRecipient: async (_, args, ctx) => {
    const storeId = assertId(args.storeId, "storeId");
    authorizeSettings(ctx.viewer, storeId, { write: true });
    const link = ctx.viewer.kind === "store" ? ctx.viewer.link : undefined;
    if (link?.purpose === "unsubscribe" && link.email.toLowerCase() !== args.email.toLowerCase())
      throw new DomainError("FORBIDDEN", "An unsubscribe link only removes its own address");
    return removeRecipient(ctx.db, {
      storeId,
      email: args.email,
      who: { ...settingsActorOf(ctx.viewer), at: ctx.now },
    });
  },

  setReportSchedule: async (_, args, ctx) => {
    const storeId = assertId(args.storeId, "storeId");
    authorizeSettings(ctx.viewer, storeId, { write: true });
    refuseUnsubscribeLink(ctx.viewer);
    if (!Number.isInteger(args.dayOfWeek) || args.dayOfWeek < 1 || args.dayOfWeek > 7)
      throw new BadInputError("dayOfWeek must be 1 (Monday) to 7 (Sunday)");
    if (!Number.isInteger(args.hour) || args.hour < 0 || args.hour > 23)
      throw new BadInputError("hour must be 0 to 23");
    return setSchedule(ctx.db, {
      storeId,
      day: args.dayOfWeek,
      hour: args.hour,
      who: { ...settingsActorOf(ctx.viewer), at: ctx.now },
    });
  },

  setReportPaused: async (_, args, ctx) => {
    const storeId = assertId(args.storeId, "storeId");
    authorizeSettings(ctx.viewer, storeId, { write: true });
    refuseUnsubscribeLink(ctx.viewer);
    return setPaused(ctx.db, {
      storeId,
      paused: args.paused,
      who: { ...settingsActorOf(ctx.viewer), at: ctx.now },
    });
  },

  setReportCadence: async (_, args, ctx) => {
    const storeId = assertId(args.storeId, "storeId");
    authorizeSettings(ctx.viewer, storeId, { write: true });
    refuseUnsubscribeLink(ctx.viewer);
    return setCadence(ctx.db, {
      storeId,
      cadence: args.cadence.toLowerCase() as "weekly" | "monthly" | "both",
      who: { ...settingsActorOf(ctx.viewer), at: ctx.now },
    });
  },

  setAlertDestinations: async (_, { storeId: id, input }, ctx) => {
    const storeId = assertId(id, "storeId");
    authorizeOwnerChange(ctx.viewer, storeId, "where alerts go");
    if (input.slackWebhookUrl != null && input.removeSlack)
      throw new BadInputError("Set a Slack webhook or remove it, not both");
    return setAlertDestinations(ctx.db, {
      storeId,
      change: {
        email: input.email ?? undefined,
        slackReports: input.slackReports ?? undefined,
        removeSlack: input.removeSlack ?? undefined,
        sealedSlackWebhook:
          input.slackWebhookUrl != null
            ? seal(ctx.connectionSecret, assertSlackWebhook(input.slackWebhookUrl))
            : undefined,
      },
      who: { ...settingsActorOf(ctx.viewer), at: ctx.now },
    });
  },

  pauseSlackWebhook: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "alerts");
    return pauseSlack(ctx.db, {
      storeId: assertId(args.storeId, "storeId"),
      setAt: assertInstant(args.setAt, "setAt"),
      reason: args.reason,
      at: ctx.now,
    });
  },

  confirmReportRecipient: async (_, args, ctx) => {
    authorizeService(ctx.viewer);
    return confirmRecipient(ctx.db, {
      storeId: assertId(args.storeId, "storeId"),
      email: args.email,
      requestId: assertId(args.requestId, "requestId"),
      at: ctx.now,
    });
  },

  markConfirmationsMailed: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "confirmations");
    if (args.requestIds.length > MAX_CONFIRMATIONS)
      throw new BadInputError(`"requestIds" may hold at most ${MAX_CONFIRMATIONS} ids`);
    const ids = args.requestIds.map((id, i) => assertId(id, `requestIds[${i}]`));
    return markMailed(ctx.db, { requestIds: ids, now: ctx.now });
  },

  upsertOrder: async (_, { input }, ctx) => {
    const storeId = assertId(input.storeId, "storeId");
    authorizeOrderWrite(ctx.viewer, storeId);
    const store = await ctx.stores.load(storeId);
    if (!store) throw new NotFoundError(`No store ${storeId}`);
    const order = validOrder({ ...input, storeId }, store.currency, ctx.now);
    const stored = await ctx.orders.submit(order).catch((error: unknown) => {
      if (refundsExceedLine(error)) throw new BadInputError(REFUNDS_EXCEED_LINE);
      // Refused under load or lost to a stalled database: nothing was acknowledged, come back.
      if (error instanceof OverloadedError || isDatabaseUnavailable(error)) throw new UnavailableError();
      throw error;
    });
    return {
      orderId: order.orderId,
      outcome: stored.outcome,
      status: stored.status.toUpperCase() as OrderStatus,
      updatedAt: stored.updatedAt.toISOString(),
    };
  },

  authenticateStoreKey: async (_, args, ctx) => {
    authorizeService(ctx.viewer);
    return (
      (await authenticateKey(ctx.db, { keyId: args.keyId, secretHash: args.secretHash, at: ctx.now })) ?? null
    );
  },

  receivePlatformWebhook: async (_, { input }, ctx) => {
    authorizeService(ctx.viewer);
    const body = Buffer.from(input.body, "base64");
    if (body.length > MAX_DELIVERY_BYTES)
      throw new BadInputError(`body: a delivery is at most ${MAX_DELIVERY_BYTES} bytes`);
    return receiveWebhook(
      ctx.db,
      ctx.deliveries,
      ctx.connectionSecret,
      { ...input, platform: platformOf(input.platform), body },
      ctx.now,
    ).catch((error: unknown) => {
      // Refused under load or lost to a stalled database: nothing was acknowledged, deliver again.
      if (error instanceof OverloadedError || isDatabaseUnavailable(error)) throw new UnavailableError();
      throw error;
    });
  },

  applyPlatformDeliveries: async (_, { input }, ctx) => {
    authorizeService(ctx.viewer);
    if (input.deliveries.length > MAX_DELIVERIES_APPLIED)
      throw new BadInputError(`deliveries: at most ${MAX_DELIVERIES_APPLIED} at once`);
    const products = new Map(
      input.products.map((product, i) => [
        `${assertId(product.storeId, `products[${i}].storeId`)}/${product.platformId}`,
        product.productId == null ? null : assertId(product.productId, `products[${i}].productId`),
      ]),
    );
    const keys = input.deliveries.map((delivery, i) => ({
      storeId: assertId(delivery.storeId, `deliveries[${i}].storeId`),
      platform: platformOf(delivery.platform),
      deliveryId: delivery.deliveryId,
    }));
    return applyDeliveries(ctx.db, keys, products, ctx.now);
  },

  recordEmailEvent: async (_, { input }, ctx) => {
    authorizeService(ctx.viewer);
    if (!/^[\x21-\x7e]{1,200}$/.test(input.eventId)) throw new BadInputError("eventId is not an event id");
    if (input.email.length > 320 || !input.email.includes("@"))
      throw new BadInputError("email is not an email address");
    const outcome = await recordEmailEvent(ctx.db, {
      eventId: input.eventId,
      kind: input.kind,
      storeId: assertId(input.storeId, "storeId"),
      email: input.email,
      detail: input.detail.slice(0, 500),
      occurredAt: assertInstant(input.occurredAt, "occurredAt"),
    });
    if (!outcome.found) throw new NotFoundError(`No store ${input.storeId}`);
    return { duplicate: outcome.duplicate, suppressed: outcome.suppressed };
  },

  recordClaimVerdicts: async (_, args, ctx) => {
    authorizeService(ctx.viewer, "claims");
    if (args.verdicts.length > MAX_VERDICTS)
      throw new BadInputError(`"verdicts" may hold at most ${MAX_VERDICTS} verdicts`);
    args.verdicts.forEach((verdict, i) => {
      if (!/^[1-9][0-9]{0,18}$/.test(verdict.lineRef))
        throw new BadInputError(`verdicts[${i}].lineRef is not a claim reference`);
    });
    const claims = await undecidedClaims(
      ctx.db,
      args.verdicts.filter((verdict) => verdict.creditedWidgetId != null).map((verdict) => verdict.lineRef),
    );
    const verdicts = args.verdicts.map((verdict, i) => {
      if (verdict.creditedWidgetId == null) return { lineRef: verdict.lineRef, creditedWidgetId: null };
      const widgetId = assertId(verdict.creditedWidgetId, `verdicts[${i}].creditedWidgetId`);
      const claim = claims.get(verdict.lineRef);
      // Decided already (another worker's verdict stands) or no claim: nothing to credit, nothing to check.
      if (!claim) return { lineRef: verdict.lineRef, creditedWidgetId: widgetId };
      const clickedAt = assertInstant(verdict.clickedAt ?? "", `verdicts[${i}].clickedAt`);
      const click = {
        clickId: claim.clickId,
        widgetId,
        storeId: claim.storeId,
        productId: claim.productId,
        occurredAt: clickedAt.toISOString(),
      };
      if (
        !verdict.receipt ||
        !validClickReceipt(ctx.receiptSecret, click, verdict.receipt) ||
        clickedAt > claim.placedAt
      )
        throw new BadInputError(
          `verdicts[${i}]: review's receipt does not show this line's click on widget ${widgetId} for its store and product before the order`,
        );
      return { lineRef: verdict.lineRef, creditedWidgetId: widgetId };
    });
    return recordVerdicts(ctx.db, verdicts);
  },
};
