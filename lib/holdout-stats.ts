/**
 * What a widget added, from a holdout: the visitors who had its slot split at random into an exposed group
 * (shown the widget) and a held-out one (not), and the orders each group placed.
 *
 * Method. The unit is the visitor (a browser, drawn once per store and run), the measure revenue per
 * visitor (RPV, net of refunds, zero for most) and orders per visitor. A group's RPV is its revenue over its
 * visitors; the difference of the two is normal for the sample sizes a verdict needs (the central limit
 * theorem; order values are heavy-tailed but of finite variance), with an unpooled (Welch) standard error:
 * the groups differ in size (a 10 % holdout). The heavy tail decides the variance: a visitor's revenue is
 * "bought or not" times an order's value, so a group's variance is p·E[X²] − RPV², with p its own orders
 * per visitor and E[X²] the second moment of order values over both groups' orders. A held-out group's own
 * few orders rarely include the largest ones, so its own spread is underestimated more often than not, and
 * in simulation that alone doubled the false verdicts; pooling assumes the widget changes whether visitors
 * buy more than what an order is worth. (One order per converting visitor is assumed: a visitor's second
 * order in a run makes the variance a little smaller than it is.) The relative lift, difference ÷ held-out
 * RPV, gets its standard error by the delta method. Incremental revenue is the RPV difference times the
 * exposed visitors.
 *
 * Looking every week. An owner reads the result each Monday; a 95 % interval read eight times would claim a
 * difference where there is none far more often than 5 % of the time. Each run is a group-sequential design
 * of {@link PLANNED_LOOKS} weekly looks with O'Brien–Fleming boundaries: at look k the interval uses
 * z = c·√(K/k), c = 2.072 for K = 8 at a two-sided 5 % (Jennison and Turnbull, Group Sequential Methods,
 * table 2.3), so a verdict at any of the eight looks is wrong at most 5 % of the time. Early looks are wide
 * on purpose; the last look's interval is nearly the fixed-sample one (z 2.07 against 1.96). Past the
 * eighth week the boundary stays at c. No verdict is given before {@link MIN_VISITORS} visitors and
 * {@link MIN_ORDERS} orders in each group.
 */

/** Weekly looks a run is planned for. */
export const PLANNED_LOOKS = 8;
/** O'Brien–Fleming's constant for {@link PLANNED_LOOKS} looks at a two-sided 5 %. */
export const OBRIEN_FLEMING_C = 2.072;
export const MIN_VISITORS = 1_000;
export const MIN_ORDERS = 100;

/** One group's sums over the period read. */
export interface GroupSums {
  visitors: number;
  orders: number;
  /** Σ order value (net of refunds), in the currency's major unit. */
  revenue: number;
  /** Σ order value². */
  revenueSquares: number;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface HoldoutResult {
  /** The weekly look this reading is (1 = the run's first completed week), and the boundary used. */
  look: number;
  z: number;
  revenuePerVisitor: { exposed: number; heldOut: number };
  conversion: { exposed: number; heldOut: number };
  /** Exposed minus held-out revenue per visitor. */
  revenuePerVisitorDifference: Estimate;
  /** That difference ÷ the held-out revenue per visitor; null while the held-out group bought nothing. */
  relativeLift: Estimate | null;
  /** Exposed minus held-out orders per visitor. */
  conversionDifference: Estimate;
  /** The RPV difference times the exposed visitors. */
  incrementalRevenue: Estimate;
  verdict: "ADDED" | "TOOK_AWAY" | "NOT_CONCLUSIVE" | "TOO_EARLY";
  /**
   * When not conclusive: more visitors (both groups, in today's proportions) that would make the last
   * look's interval exclude zero if the difference stayed what it is; null when no difference shows.
   */
  visitorsStillNeeded: number | null;
}

/** Looks ahead one would wait for, at most (ten years of weeks): past it, no difference shows. */
const HORIZON = 520;

/**
 * More visitors, at the run's weekly pace so far, until a look whose boundary the difference would pass if
 * it stayed as it is, and the minimum sample is reached; null when no difference shows.
 */
function stillNeeded({
  exposed,
  heldOut,
  look,
  zScore,
}: {
  exposed: GroupSums;
  heldOut: GroupSums;
  look: number;
  zScore: number;
}): number | null {
  if (!Number.isFinite(zScore) || zScore === 0) return null;
  const visitors = exposed.visitors + heldOut.visitors;
  // The minimum sample, scaled by the scarcer of visitors and orders in either group.
  const toMinimum = Math.max(
    MIN_VISITORS / Math.max(1, Math.min(exposed.visitors, heldOut.visitors)),
    MIN_ORDERS / Math.max(1, Math.min(exposed.orders, heldOut.orders)),
  );
  // The z-score grows as √(visitors), the boundary shrinks with the looks: the first later look it passes.
  for (let later = look + 1; later <= look + HORIZON; later++) {
    const growth = later / look;
    if (growth >= toMinimum && zScore * Math.sqrt(growth) > boundaryAt(later))
      return Math.ceil(visitors * (growth - 1));
  }
  return null;
}

/** The boundary at weekly look `look` (1-based). */
export function boundaryAt(look: number): number {
  const k = Math.min(Math.max(1, look), PLANNED_LOOKS);
  return OBRIEN_FLEMING_C * Math.sqrt(PLANNED_LOOKS / k);
}

/** A group's RPV and its per-visitor variance, p·E[X²] − RPV² with E[X²] over both groups' orders. */
const meanAndVariance = (group: GroupSums, orderSecondMoment: number) => {
  const mean = group.revenue / group.visitors;
  const buys = group.orders / group.visitors;
  return { mean, variance: Math.max(0, buys * orderSecondMoment - mean * mean) };
};

const interval = (value: number, se: number, z: number): Estimate => ({
  value,
  low: value - z * se,
  high: value + z * se,
});

/** The result of a run at weekly look `look`, from the two groups' sums. */
export function holdoutResult(exposed: GroupSums, heldOut: GroupSums, look: number): HoldoutResult {
  const z = boundaryAt(look);
  const orders = exposed.orders + heldOut.orders;
  const secondMoment = orders > 0 ? (exposed.revenueSquares + heldOut.revenueSquares) / orders : 0;
  const e = meanAndVariance(exposed, secondMoment);
  const h = meanAndVariance(heldOut, secondMoment);
  const difference = e.mean - h.mean;
  const se = Math.sqrt(e.variance / exposed.visitors + h.variance / heldOut.visitors);
  const pe = exposed.orders / exposed.visitors;
  const ph = heldOut.orders / heldOut.visitors;
  const conversionSe = Math.sqrt((pe * (1 - pe)) / exposed.visitors + (ph * (1 - ph)) / heldOut.visitors);
  const relativeSe =
    h.mean > 0
      ? Math.sqrt(
          e.variance / (exposed.visitors * h.mean ** 2) +
            (e.mean ** 2 * h.variance) / (heldOut.visitors * h.mean ** 4),
        )
      : Number.NaN;
  const rpv = interval(difference, se, z);
  const enough =
    Math.min(exposed.visitors, heldOut.visitors) >= MIN_VISITORS &&
    Math.min(exposed.orders, heldOut.orders) >= MIN_ORDERS;
  const verdict = !enough
    ? "TOO_EARLY"
    : rpv.low > 0
      ? "ADDED"
      : rpv.high < 0
        ? "TOOK_AWAY"
        : "NOT_CONCLUSIVE";
  const visitorsStillNeeded =
    verdict === "ADDED" || verdict === "TOOK_AWAY"
      ? null
      : stillNeeded({ exposed, heldOut, look, zScore: Math.abs(difference) / se });
  return {
    look,
    z,
    revenuePerVisitor: { exposed: e.mean, heldOut: h.mean },
    conversion: { exposed: pe, heldOut: ph },
    revenuePerVisitorDifference: rpv,
    relativeLift: h.mean > 0 ? interval(difference / h.mean, relativeSe, z) : null,
    conversionDifference: interval(pe - ph, conversionSe, z),
    incrementalRevenue: {
      value: rpv.value * exposed.visitors,
      low: rpv.low * exposed.visitors,
      high: rpv.high * exposed.visitors,
    },
    verdict,
    visitorsStillNeeded,
  };
}
