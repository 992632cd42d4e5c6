import { authorizeStore } from "../../../lib/auth.ts";
import { assertId, assertInstant } from "../../../lib/errors.ts";
import { type Estimate, holdoutResult } from "../../../lib/holdout-stats.ts";
import { amountScale } from "../../../lib/money.ts";
import type { ShopContext } from "../context.ts";
import type { HoldoutRunResolvers, HoldoutVisitorWeek } from "../generated/resolvers.ts";

/** A run as the gateway hands it to shop: its key, and what `looks` requires of review. */
export interface HoldoutRunRef {
  id: string;
  storeId?: string;
  startedAt?: string;
  visitorWeeks?: HoldoutVisitorWeek[];
}

/** A statistic in money: its decimal string at the currency's scale (estimates, not sums: a float is fine). */
const money = (value: number, currency: string) => ({
  amount: (Object.is(Math.round(value * 10 ** amountScale(currency)), -0) ? 0 : value).toFixed(
    amountScale(currency),
  ),
  currency,
});
const moneyInterval = (estimate: Estimate, currency: string) => ({
  value: money(estimate.value, currency),
  low: money(estimate.low, currency),
  high: money(estimate.high, currency),
});

export const HoldoutRun: HoldoutRunResolvers = {
  __resolveReference: (ref) => ({ ...ref, id: assertId(ref.id, "HoldoutRun id") }),
  looks: (run, _, ctx) => looksOf(run, ctx),
  latestLook: async (run, _, ctx) => (await looksOf(run, ctx, { latestOnly: true })).at(-1) ?? null,
};

/** A run's looks (or only its latest), from review's visitors and shop's orders. */
async function looksOf(run: HoldoutRunRef, ctx: ShopContext, { latestOnly = false } = {}) {
  const { storeId, startedAt, visitorWeeks } = run;
  if (!storeId || !startedAt || !visitorWeeks)
    throw new Error(`Holdout run ${run.id} reached looks without what it requires of review`);
  authorizeStore(ctx.viewer, storeId);
  const store = await ctx.stores.load(storeId);
  if (!store) throw new Error(`Store ${storeId} of holdout run ${run.id} is gone`);
  const orders = await ctx.holdoutOrders.load({
    runId: run.id,
    storeId,
    startedAt: assertInstant(startedAt, "startedAt").toISOString(),
    weeks: visitorWeeks.length,
  });
  return visitorWeeks.slice(latestOnly ? -1 : 0).map((visitors) => {
    const i = visitors.week - 1;
    const sums = orders[i] ?? {
      exposed: { orders: 0, revenue: 0, revenueSquares: 0 },
      heldOut: { orders: 0, revenue: 0, revenueSquares: 0 },
    };
    const exposed = { visitors: visitors.exposedVisitors, ...sums.exposed };
    const heldOut = { visitors: visitors.heldOutVisitors, ...sums.heldOut };
    const result = holdoutResult(exposed, heldOut, visitors.week);
    const figures = (group: typeof exposed, rpv: number, conversion: number) => ({
      visitors: group.visitors,
      orders: group.orders,
      revenue: money(group.revenue, store.currency),
      revenuePerVisitor: money(rpv, store.currency),
      conversion,
    });
    return {
      week: visitors.week,
      exposed: figures(exposed, result.revenuePerVisitor.exposed, result.conversion.exposed),
      heldOut: figures(heldOut, result.revenuePerVisitor.heldOut, result.conversion.heldOut),
      revenuePerVisitorDifference: moneyInterval(result.revenuePerVisitorDifference, store.currency),
      relativeLift: result.relativeLift,
      conversionDifference: result.conversionDifference,
      incrementalRevenue: moneyInterval(result.incrementalRevenue, store.currency),
      verdict: result.verdict,
      visitorsStillNeeded: result.visitorsStillNeeded,
      boundary: result.z,
    };
  });
}
