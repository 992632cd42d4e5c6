import { assertId, BadInputError, NotFoundError, UnavailableError } from "../../../lib/errors.ts";
import { OverloadedError } from "../../../lib/group-commit.ts";
import { isDatabaseUnavailable } from "../../../lib/runtime/database.ts";
import type { MutationResolvers } from "../generated/resolvers.ts";
import { MAX_IMPRESSIONS_PER_CALL } from "../ingest.ts";

/** A write refused under load or lost to a stalled database: the client is told to come back. */
function unavailable(error: unknown): never {
  if (error instanceof OverloadedError || isDatabaseUnavailable(error)) throw new UnavailableError();
  throw error;
}

const REFUSALS = {
  bot: "BOT",
  "no-active-widget": "UNKNOWN_WIDGET",
  "address-limit": "ADDRESS_LIMIT",
} as const;

export const Mutation: MutationResolvers = {
  recordImpressions: async (_, { input }, ctx) => {
    // The whole call is checked before anything is written: one bad item refuses it all.
    if (input.impressions.length > MAX_IMPRESSIONS_PER_CALL)
      throw new BadInputError(
        `At most ${MAX_IMPRESSIONS_PER_CALL} impressions per call, not ${input.impressions.length}`,
      );
    const impressions = input.impressions.map((item, i) => ({
      widgetId: assertId(item.widgetId, `impressions[${i}].widgetId`),
      impressionId: assertId(item.impressionId, `impressions[${i}].impressionId`),
    }));
    const outcomes = await ctx.ingest.recordImpressions(impressions, ctx.client).catch(unavailable);
    return {
      results: impressions.map(({ impressionId }, i) => {
        const outcome = outcomes[i] ?? { status: "no-active-widget" };
        if (outcome.status === "recorded")
          return { impressionId, accepted: true, duplicate: outcome.duplicate };
        return { impressionId, accepted: false, duplicate: false, refused: REFUSALS[outcome.status] };
      }),
    };
  },
  recordClick: async (_, { input }, ctx) => {
    const widgetId = assertId(input.widgetId, "widgetId");
    const clickId = assertId(input.clickId, "clickId");
    const productId = input.productId == null ? null : assertId(input.productId, "productId");
    // Answered only after the click's batch has committed, so an acknowledged click is never lost.
    const outcome = await ctx.ingest.record({ clickId, widgetId, productId }, ctx.client).catch(unavailable);
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
