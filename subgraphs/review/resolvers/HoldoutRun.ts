import { authorizeStore } from "../../../lib/auth.ts";
import { assertId } from "../../../lib/errors.ts";
import type { HoldoutRunResolvers } from "../generated/resolvers.ts";

export const HoldoutRun: HoldoutRunResolvers = {
  __resolveReference: async (ref, ctx) => {
    const run = await ctx.holdoutRuns.load(assertId(ref.id, "HoldoutRun id"));
    if (run) authorizeStore(ctx.viewer, run.storeId);
    return run ?? null;
  },
  widget: async (run, _, ctx) => {
    const widget = await ctx.widgets.load(run.widgetId);
    if (!widget) throw new Error(`Widget ${run.widgetId} of holdout run ${run.id} is gone`);
    return widget;
  },
  startedAt: (run) => run.startedAt.toISOString(),
  stoppedAt: (run) => run.stoppedAt?.toISOString() ?? null,
  startedBy: (run) => run.startedBy.toUpperCase(),
  stoppedBy: (run) => run.stoppedBy?.toUpperCase() ?? null,
  visitorWeeks: async (run, _, ctx) => {
    authorizeStore(ctx.viewer, run.storeId);
    return (await ctx.visitorWeeks.load({ run, now: ctx.now })).map((week) => ({
      week: week.week,
      exposedVisitors: week.exposed.visitors,
      heldOutVisitors: week.heldOut.visitors,
      exposedSlotViews: week.exposed.slotViews,
      heldOutSlotViews: week.heldOut.slotViews,
    }));
  },
};
