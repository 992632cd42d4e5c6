import { describe, expect, it } from "vitest";
import { seededRandom } from "../test/helpers/seeded-random.ts";
import { robustScore, trackingStopped, widgetChanges } from "./alert-rules.ts";

/**
 * A widget's 9 windows (now, then 8 weeks back) of 24 hours: Poisson clicks around `clicksADay` (times
 * `nowFactor` for the current window) and views at a 4 % click-through rate.
 */
function windows(seed: number, clicksADay: number, nowFactor = 1, ctrFactor = 1) {
  const random = seededRandom(seed);
  const clicks: number[] = [];
  const impressions: number[] = [];
  for (let k = 0; k <= 8; k++) {
    const views = random.poisson((clicksADay / 0.04) * (k === 0 ? nowFactor : 1));
    impressions.push(views);
    clicks.push(random.poisson(clicksADay * (k === 0 ? nowFactor * ctrFactor : 1)));
  }
  return { clicks, impressions };
}

const SEEDS = Array.from({ length: 500 }, (_, i) => i + 1);

describe("alert rules", () => {
  it("alert on half the clicks of a busy widget, every time", () => {
    for (const seed of SEEDS) {
      const { clicks, impressions } = windows(seed, 200, 0.5);
      expect(widgetChanges(clicks, impressions).map((c) => c.metric)).toContain("clicks");
    }
  });

  it("stay quiet on the same halving of a widget with 5 clicks a day, and on a busy widget's ordinary weeks", () => {
    let quietAlerts = 0;
    let ordinaryAlerts = 0;
    let smallestBusyAlerts = 0;
    for (const seed of SEEDS) {
      const quiet = windows(seed, 5, 0.5);
      quietAlerts += widgetChanges(quiet.clicks, quiet.impressions).length;
      const ordinary = windows(seed, 200);
      ordinaryAlerts += widgetChanges(ordinary.clicks, ordinary.impressions).length;
      const smallestBusy = windows(seed, 100);
      smallestBusyAlerts += widgetChanges(smallestBusy.clicks, smallestBusy.impressions).length;
    }
    expect(quietAlerts).toBe(0);
    // Poisson noise of 200 a day is ±14: 30 % (60 clicks) is out of its reach.
    expect(ordinaryAlerts).toBe(0);
    // At the least volume that can alert, 30 % is 30 clicks, 3 standard deviations: the robust score
    // keeps the false alerts of an ordinary day rare.
    expect(smallestBusyAlerts / SEEDS.length).toBeLessThan(0.01);
  });

  it("catch a click-through rate that halved while views held, and a doubling of clicks", () => {
    const ctr = windows(7, 200, 1, 0.5);
    expect(widgetChanges(ctr.clicks, ctr.impressions).map((c) => c.metric)).toEqual(["clicks", "ctr"]);
    const [rise] = widgetChanges(...(Object.values(windows(8, 200, 2)) as [number[], number[]]));
    expect(rise?.metric).toBe("clicks");
    expect(rise?.relative).toBeGreaterThan(0.6);
  });

  it("catch credited sales that halved on a widget with 100 orders a day, never on one with 3", () => {
    /** 9 windows of Poisson orders of 25.00 to 75.00 each, the current one at `nowFactor`. */
    const credited = (seed: number, ordersADay: number, nowFactor: number) => {
      const random = seededRandom(seed);
      const orders = Array.from({ length: 9 }, (_, k) =>
        random.poisson(ordersADay * (k === 0 ? nowFactor : 1)),
      );
      const sales = orders.map((n) =>
        Array.from({ length: n }, () => 25 + 50 * random.uniform()).reduce((a, b) => a + b, 0),
      );
      return { sales, orders };
    };
    const steady = windows(1, 200);
    expect(widgetChanges(steady.clicks, steady.impressions)).toEqual([]);
    let caught = 0;
    let small = 0;
    let ordinary = 0;
    for (const seed of SEEDS) {
      const metrics = (c: ReturnType<typeof credited>) =>
        widgetChanges(steady.clicks, steady.impressions, c).map((change) => change.metric);
      if (metrics(credited(seed, 100, 0.5)).includes("creditedSales")) caught++;
      if (metrics(credited(seed, 3, 0.5)).includes("creditedSales")) small++;
      if (metrics(credited(seed, 40, 1)).includes("creditedSales")) ordinary++;
    }
    expect(caught / SEEDS.length).toBeGreaterThan(0.9);
    expect(small).toBe(0);
    // Ordinary days at 40 orders, twice the least that can alert.
    expect(ordinary / SEEDS.length).toBeLessThan(0.01);
  });

  it("need four weeks of history and ignore one odd week in the baseline", () => {
    expect(widgetChanges([50, 200, 200, 200, 0, 0, 0, 0, 0], Array(9).fill(5_000))).toEqual([]);
    // A sale week of 2,000 clicks among 200s moves the median and the MAD hardly at all.
    const { center, score } = robustScore(100, [200, 205, 2_000, 195, 210, 190, 200, 198], Math.sqrt(200));
    expect(center).toBe(200);
    expect(score).toBeLessThan(-4);
  });

  it("read a tracker as stopped only after 14 days with events and 6 hours without", () => {
    const busy = Array(14).fill(300);
    expect(trackingStopped({ recentEvents: 0, dailyEvents: busy })).toBe(true);
    expect(trackingStopped({ recentEvents: 1, dailyEvents: busy })).toBe(false);
    expect(trackingStopped({ recentEvents: 0, dailyEvents: [...busy.slice(1), 0] })).toBe(false);
    expect(trackingStopped({ recentEvents: 0, dailyEvents: busy.slice(1) })).toBe(false);
  });
});
