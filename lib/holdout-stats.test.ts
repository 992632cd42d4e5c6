import { describe, expect, it } from "vitest";
import { seededRandom } from "../test/helpers/seeded-random.ts";
import { boundaryAt, type GroupSums, holdoutResult, PLANNED_LOOKS } from "./holdout-stats.ts";

/**
 * A store's holdout over eight weeks: `visitorsAWeek` new visitors a week, 10 % held out; each converts
 * with its group's rate and spends a log-normal amount (σ 1.2: a heavy tail, the largest orders tens of
 * times the median). Answers each week's cumulative sums.
 */
function simulateRun(
  seed: number,
  {
    conversion,
    visitorsAWeek = 6_000,
  }: { conversion: { exposed: number; heldOut: number }; visitorsAWeek?: number },
) {
  const random = seededRandom(seed);
  const groups = { exposed: empty(), heldOut: empty() };
  const looks: { exposed: GroupSums; heldOut: GroupSums }[] = [];
  for (let week = 0; week < PLANNED_LOOKS; week++) {
    // Each visitor held out with probability 0.1 (the group's size a normal draw: hundreds a week).
    const heldOut = Math.round(visitorsAWeek * 0.1 + Math.sqrt(visitorsAWeek * 0.09) * random.normal());
    for (const [group, visitors, rate] of [
      [groups.heldOut, heldOut, conversion.heldOut],
      [groups.exposed, visitorsAWeek - heldOut, conversion.exposed],
    ] as const) {
      group.visitors += visitors;
      const orders = random.binomial(visitors, rate);
      group.orders += orders;
      for (let order = 0; order < orders; order++) {
        const value = Math.exp(ORDER_MU + ORDER_SIGMA * random.normal());
        group.revenue += value;
        group.revenueSquares += value * value;
      }
    }
    looks.push({ exposed: { ...groups.exposed }, heldOut: { ...groups.heldOut } });
  }
  return looks;
}
const empty = (): GroupSums => ({ visitors: 0, orders: 0, revenue: 0, revenueSquares: 0 });
const ORDER_MU = 3.5;
const ORDER_SIGMA = 1.2;
const MEAN_ORDER = Math.exp(ORDER_MU + ORDER_SIGMA ** 2 / 2);
const RUNS = 1_500;

describe("a holdout's interval, by simulation", () => {
  it("covers the true revenue-per-visitor lift in 93–97 % of runs at the last planned look", () => {
    const conversion = { exposed: 0.033, heldOut: 0.03 };
    const trueDifference = (conversion.exposed - conversion.heldOut) * MEAN_ORDER;
    let covered = 0;
    let incrementalCovered = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const looks = simulateRun(seed, { conversion });
      const last = looks[PLANNED_LOOKS - 1] as (typeof looks)[number];
      const result = holdoutResult(last.exposed, last.heldOut, PLANNED_LOOKS);
      const { low, high } = result.revenuePerVisitorDifference;
      if (low <= trueDifference && trueDifference <= high) covered++;
      const trueIncrement = trueDifference * last.exposed.visitors;
      if (result.incrementalRevenue.low <= trueIncrement && trueIncrement <= result.incrementalRevenue.high)
        incrementalCovered++;
    }
    expect(covered / RUNS).toBeGreaterThanOrEqual(0.93);
    expect(covered / RUNS).toBeLessThanOrEqual(0.97);
    expect(incrementalCovered).toBe(covered);
  });

  it("claims a difference where there is none in at most 5 % of runs, however often the owner looks each week", () => {
    const conversion = { exposed: 0.03, heldOut: 0.03 };
    let wrong = 0;
    let naive = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const looks = simulateRun(10_000 + seed, { conversion });
      const verdicts = looks.map((look, k) => holdoutResult(look.exposed, look.heldOut, k + 1).verdict);
      if (verdicts.some((verdict) => verdict === "ADDED" || verdict === "TOOK_AWAY")) wrong++;
      // The same looks with a plain 95 % interval each week: what the boundaries prevent.
      if (
        looks.some((look) => {
          const { value, low } = holdoutResult(
            look.exposed,
            look.heldOut,
            PLANNED_LOOKS,
          ).revenuePerVisitorDifference;
          const se = (value - low) / boundaryAt(PLANNED_LOOKS);
          return Math.abs(value) > 1.96 * se;
        })
      )
        naive++;
    }
    // The stated 5 %, give or take two Monte Carlo standard errors of a rate measured over RUNS runs.
    expect(wrong / RUNS).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / RUNS));
    expect(naive / RUNS).toBeGreaterThan(0.1);
  });

  it("gives no verdict before the minimum sample, and says how many visitors are still needed", () => {
    const few = simulateRun(7, { conversion: { exposed: 0.05, heldOut: 0.03 }, visitorsAWeek: 400 })[0];
    if (!few) throw new Error("no week");
    const early = holdoutResult(few.exposed, few.heldOut, 1);
    expect(early.verdict).toBe("TOO_EARLY");
    expect(early.visitorsStillNeeded).toBeGreaterThan(0);
    const small = simulateRun(8, { conversion: { exposed: 0.031, heldOut: 0.03 }, visitorsAWeek: 20_000 })[1];
    if (!small) throw new Error("no week");
    const weak = holdoutResult(small.exposed, small.heldOut, 2);
    expect(weak.verdict).toBe("NOT_CONCLUSIVE");
    expect(weak.visitorsStillNeeded).toBeGreaterThan(0);
  });

  it("widens early looks: the first week's boundary is √8 times the last's", () => {
    expect(boundaryAt(1) / boundaryAt(PLANNED_LOOKS)).toBeCloseTo(Math.sqrt(8), 6);
    expect(boundaryAt(PLANNED_LOOKS + 5)).toBe(boundaryAt(PLANNED_LOOKS));
  });
});
