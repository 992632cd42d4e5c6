import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startDashboard } from "../dashboard/server.ts";
import { formatCount, formatMoney, formatWeekRange } from "../lib/format.ts";
import { createLogger } from "../lib/logger.ts";
import { weekStart } from "../lib/week.ts";
import { buildDemoData, seedDemoData, stableId } from "../scripts/demo-data.ts";
import { browserAvailable, DESKTOP_UA, launchChromium, screenshot } from "./helpers/browser.ts";
import { serveDashboard } from "./helpers/dashboard.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { mailWeeklyReports } from "./helpers/outbox.ts";
import { startStack } from "./helpers/stack.ts";

/** The stack's "now": Tuesday of 2026-W48, so the emails report 2026-W47 everywhere. */
const NOW = new Date("2026-11-24T12:00:00Z");
const WEEK = "2026-W47";
const BROOKLYN = stableId("store:brooklyn");
const SEOUL = stableId("store:seoul");
const log = createLogger("test", "silent");

/** Chromium's ICU and Node's may space a formatted range or amount differently (thin or no-break spaces). */
const spaces = (text: string | null) => text?.replace(/\s/g, " ") ?? null;

interface Totals {
  clicks: number;
  sales: string;
  units: number;
}

describe.runIf(browserAvailable("dashboard browser tests"))("the store dashboard in Chromium", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  let browser: Browser;
  const origins: string[] = [];
  /** The "Open your dashboard" link of each store's weekly email, from the outbox. */
  const links = new Map<string, string>();

  beforeAll(async () => {
    databases = await freshDatabases();
    await seedDemoData(databases.shop.db, databases.review.db, buildDemoData(NOW));
    // The gateway reads this list on every request: each dashboard's origin joins it once it listens (on a
    // port of its own choosing, so no other test can take it in between).
    stack = await startStack(databases.urls, { clock: () => NOW, dashboardOrigins: origins });
    dashboard = await serveDashboard(stack.gatewayUrl, origins, log);

    // The weekly job, as in production, mailing into an outbox folder.
    const emails = await mailWeeklyReports(
      databases.urls.jobs,
      { ...stack.workerSettings(), dashboardUrl: dashboard.url },
      [BROOKLYN, SEOUL],
      WEEK,
      log,
    );
    for (const [storeId, email] of emails) links.set(storeId, email.dashboardLink);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await stack?.close();
    await databases?.drop();
  });

  /** The graph's own figures for a week, asked with the service token. */
  async function graphTotals(storeId: string, week: string): Promise<Totals> {
    const result = await stack.query<{
      store: {
        clickSeries: { clicks: number }[];
        salesSeries: { sales: { amount: string }; unitsSold: number }[];
      };
    }>(
      `query($id: ID!, $week: String!) { store(id: $id) {
        clickSeries(toWeek: $week, weeks: 1) { clicks } salesSeries(toWeek: $week, weeks: 1) { sales { amount } unitsSold } } }`,
      { id: storeId, week },
    );
    const clicks = result.data?.store.clickSeries[0];
    const sales = result.data?.store.salesSeries[0];
    if (!clicks || !sales) throw new Error(`no totals: ${JSON.stringify(result.errors)}`);
    return { clicks: clicks.clicks, sales: sales.sales.amount, units: sales.unitsSold };
  }

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({
      userAgent: DESKTOP_UA,
      viewport: { width: 1200, height: 900 },
      acceptDownloads: true,
    });
    await page.goto(url);
    await page.waitForSelector(
      "[data-testid=total-clicks], [data-testid=invalid-link], [data-testid=unavailable]",
    );
    return page;
  }

  const shown = async (page: Page) => ({
    clicks: spaces(await page.textContent("[data-testid=total-clicks]")),
    sales: spaces(await page.textContent("[data-testid=total-sales]")),
    units: spaces(await page.textContent("[data-testid=total-units]")),
  });
  const expected = (totals: Totals, locale: string, currency: string) => ({
    clicks: spaces(formatCount(totals.clicks, locale)),
    sales: spaces(formatMoney(totals.sales, currency, locale)),
    units: spaces(formatCount(totals.units, locale)),
  });

  it("opens the email's link on the reported week with the graph's totals, and takes the token out of the URL", async () => {
    const link = links.get(BROOKLYN);
    expect(link).toMatch(/\/stores\/[0-9a-f-]{36}\?week=2026-W47#token=ey/);
    const page = await open(link as string);
    expect(await page.textContent("h1")).toBe("Brooklyn Goods");
    expect(spaces(await page.textContent("[data-testid=period]"))).toBe(
      spaces(formatWeekRange(weekStart(WEEK), "en")),
    );
    const totals = await graphTotals(BROOKLYN, WEEK);
    expect(totals.clicks).toBeGreaterThan(0);
    expect(await shown(page)).toEqual(expected(totals, "en", "USD"));
    expect(page.url()).not.toContain("token");
    expect(await page.locator("[data-testid=trends] tbody tr").count()).toBe(12);
    expect(await page.locator("[data-testid=widgets] tbody tr").count()).toBe(4);
    await screenshot(page, "dashboard-week");

    await page.getByRole("button", { name: "← Previous week" }).click();
    await page.waitForURL(/week=2026-W46/);
    await page.getByTestId("period").filter({ hasText: "Nov 9" }).waitFor();
    await page.waitForSelector("[data-testid=total-clicks]");
    expect(await shown(page)).toEqual(expected(await graphTotals(BROOKLYN, "2026-W46"), "en", "USD"));
    await screenshot(page, "dashboard-previous-week");
    await page.close();
  });

  it("shows what the held-out widget added, as the graph's latest look says, and both groups week by week", async () => {
    const page = await open(links.get(BROOKLYN) as string);
    const panel = page.getByTestId("holdouts");
    await panel.getByTestId("holdout-verdict").waitFor();
    const { data } = await stack.query<{
      store: {
        holdouts: { latestLook: { verdict: string; incrementalRevenue: { low: { amount: string } } } }[];
      };
    }>(
      /* GraphQL */ `query($id: ID!) { store(id: $id) { holdouts { latestLook { verdict incrementalRevenue { low { amount } } } } } }`,
      { id: BROOKLYN },
    );
    const latest = data?.store.holdouts[0]?.latestLook;
    // The demo's eight weeks of a 10 % holdout, with a real lift: a verdict, its interval above zero.
    expect(latest?.verdict).toBe("ADDED");
    expect(spaces(await panel.getByTestId("holdout-verdict").textContent())).toContain(
      spaces(`(95 %: ${formatMoney(latest?.incrementalRevenue.low.amount ?? "", "USD", "en")} to`),
    );
    expect(await panel.locator("tbody tr").count()).toBe(8);
    // Its weeks download as CSV: the latest look's interval as the graph's decimal string.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      panel.locator('[data-testid$="-holdout-best-sellers.csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^brooklyn-goods-\d{4}-\d{2}-\d{2}-holdout-best-sellers\.csv$/,
    );
    const rows = (await readFile((await download.path()) as string, "utf8")).trimEnd().split("\r\n");
    expect(rows).toHaveLength(9);
    const last = rows.at(-1)?.split(",") ?? [];
    expect([last[6], last[8], last[9]]).toEqual([latest?.incrementalRevenue.low.amount, "ADDED", "USD"]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-holdouts");
    await page.setViewportSize({ width: 390, height: 900 });
    await screenshot(page, "dashboard-holdouts-390");
    await page.close();
  });

  it("downloads each of the week's tables as CSV on a phone, the graph's figures as decimal strings", async () => {
    const page = await browser.newPage({
      userAgent: DESKTOP_UA,
      viewport: { width: 390, height: 844 },
      acceptDownloads: true,
    });
    await page.goto(links.get(BROOKLYN) as string);
    await page.getByTestId("widgets").waitFor();
    const csv = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId(`csv-brooklyn-goods-${WEEK}-${name}.csv`).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`brooklyn-goods-${WEEK}-${name}.csv`);
      const text = await readFile((await download.path()) as string, "utf8");
      return text
        .trimEnd()
        .split("\r\n")
        .map((line) => line.split(","));
    };
    const totals = await graphTotals(BROOKLYN, WEEK);
    const weeks = await csv("weeks");
    expect(weeks[0]).toEqual([
      "week",
      "clicks",
      "sales",
      "units",
      "attributed_sales",
      "attributed_orders",
      "currency",
    ]);
    expect(weeks).toHaveLength(13);
    expect(weeks.at(-1)?.slice(0, 4)).toEqual([
      WEEK,
      String(totals.clicks),
      totals.sales,
      String(totals.units),
    ]);
    expect(weeks.at(-1)?.at(-1)).toBe("USD");
    const widgets = await csv("widgets");
    expect(widgets[0]?.[0]).toBe("widget");
    expect(widgets.slice(1).map((row) => row[0])).toEqual([
      "Best sellers",
      "New arrivals",
      "Gift ideas",
      "Staff picks",
    ]);
    for (const row of widgets.slice(1)) expect(row[6]).toMatch(/^\d+\.\d{2}$/);
    const products = await csv("products");
    expect(products.slice(1).length).toBe(await page.locator("[data-testid=products] tbody tr").count());
    for (const row of products.slice(1))
      expect(row.slice(1, 3).every((amount) => /^\d+\.\d{2}$/.test(amount ?? ""))).toBe(true);
    // Each ranked product by its name, as the widgets that show it list it (the names come with them).
    const widgetsText = (await page.locator("[data-testid=widgets]").textContent()) ?? "";
    expect(products.length).toBeGreaterThan(1);
    for (const [name] of products.slice(1)) {
      expect(name).not.toMatch(/^[0-9a-f]{8}-/);
      expect(widgetsText).toContain(name);
    }
    await screenshot(page, "dashboard-csv-390");
    await page.close();
  });

  it("switches to a date range and shows its totals from the graph's range fields", async () => {
    const page = await open(links.get(BROOKLYN) as string);
    await page.fill("input[name=from]", "2026-11-01");
    await page.fill("input[name=to]", "2026-11-22");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/from=2026-11-01&to=2026-11-22/);
    await page.waitForSelector("[data-testid=products]");
    const graph = await stack.query<{ store: { widgets: { clicks: number }[] } }>(
      `query($id: ID!) { store(id: $id) { widgets { clicks(from: "2026-11-01", to: "2026-11-22") } } }`,
      { id: BROOKLYN },
    );
    const clicks = (graph.data?.store.widgets ?? []).reduce((sum, w) => sum + w.clicks, 0);
    expect(clicks).toBeGreaterThan(0);
    expect(await page.textContent("[data-testid=total-clicks]")).toBe(formatCount(clicks, "en"));
    expect(await page.textContent("[data-testid=total-sales]")).toMatch(/^\$[\d,]+\.\d\d$/);
    // The range's widgets table as CSV: the same clicks, per widget, as the graph's.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("csv-brooklyn-goods-2026-11-01-2026-11-22-widgets.csv").click(),
    ]);
    const rows = (await readFile((await download.path()) as string, "utf8")).trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(4);
    expect(rows.reduce((sum, row) => sum + Number(row.split(",")[2]), 0)).toBe(clicks);
    await screenshot(page, "dashboard-range");
    await page.close();
  });

  it("shows a Korean store in Korean, in its currency", async () => {
    const page = await open(links.get(SEOUL) as string);
    expect(await page.textContent("h1")).toBe("Seoul Select");
    expect(await page.textContent("body")).toContain("위젯 클릭");
    expect(await shown(page)).toEqual(expected(await graphTotals(SEOUL, WEEK), "ko", "KRW"));
    await screenshot(page, "dashboard-korean");
    await page.close();
  });

  it("never scrolls sideways on a phone, a tablet or a laptop: wide tables scroll in their own box", async () => {
    for (const link of [
      links.get(BROOKLYN) as string,
      `${(links.get(BROOKLYN) as string).replace("?week=2026-W47", "?from=2026-11-01&to=2026-11-22")}`,
    ]) {
      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 390, height: 844 } });
      await page.goto(link);
      await page.waitForSelector("[data-testid=products]");
      for (const width of [390, 768, 1280]) {
        await page.setViewportSize({ width, height: 844 });
        // The chart follows its box on its next frame.
        await page.waitForFunction(
          (w) => (document.querySelector(".chart canvas")?.getBoundingClientRect().right ?? 0) <= w,
          width,
        );
        const sizes = await page.evaluate(() => ({
          page: document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY,
          cards: [...document.querySelectorAll(".card")].map((card) => card.getBoundingClientRect().right),
          chart: document.querySelector(".chart canvas")?.getBoundingClientRect().right ?? 0,
        }));
        expect(sizes.page, `page width at ${width} px`).toBeLessThanOrEqual(width);
        for (const right of [...sizes.cards, sizes.chart]) expect(right).toBeLessThanOrEqual(width);
        await screenshot(page, `dashboard-${link.includes("from=") ? "range" : "week"}-${width}`);
      }
      await page.close();
    }
  });

  it("shows the invalid-link page, and no store data, for an altered link", async () => {
    const link = links.get(BROOKLYN) as string;
    const altered = `${link.slice(0, -4)}${link.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const page = await open(altered);
    expect(await page.textContent("h1")).toBe("This link has expired or is not valid");
    const text = await page.textContent("body");
    expect(text).not.toContain("Brooklyn");
    expect(text).not.toMatch(/\$\d/);
    await screenshot(page, "dashboard-invalid-link");
    await page.close();
  });

  it("never shows store B through store A's link", async () => {
    const tokenA = (links.get(BROOKLYN) as string).split("#")[1];
    const page = await open(`${dashboard.url}/stores/${SEOUL}?week=${WEEK}#${tokenA}`);
    expect(await page.textContent("h1")).toBe("This link has expired or is not valid");
    expect(await page.textContent("body")).not.toContain("Seoul Select");
    await page.close();
  });

  it("marks a part as unavailable when its subgraph is down and renders the rest", async () => {
    const halfDown = await stack.gatewayWithoutReview();
    const second = await serveDashboard(halfDown.url, origins, log);
    try {
      const link = (links.get(BROOKLYN) as string).replace(dashboard.url, second.url);
      const page = await open(link);
      await page.waitForSelector("[data-testid=unavailable]");
      expect(await page.textContent("h1")).toBe("Brooklyn Goods");
      expect(await page.locator("[data-testid=unavailable]").count()).toBeGreaterThan(0);
      await screenshot(page, "dashboard-review-down");
      await page.close();
    } finally {
      await second.close();
      await halfDown.close();
    }
  });
});
