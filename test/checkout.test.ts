import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startDashboard } from "../dashboard/server.ts";
import { attributeClaims } from "../jobs/attribution.ts";
import { dashboardLink } from "../jobs/report-email.ts";
import { formatMoney } from "../lib/format.ts";
import { createLogger } from "../lib/logger.ts";
import { sumAmounts } from "../lib/money.ts";
import { buildDemoData, seedDemoData, stableId } from "../scripts/demo-data.ts";
import { demoStorefrontCredentials } from "../scripts/dev/storefront/credentials.ts";
import { demoCatalog } from "../scripts/dev/storefront/pages.ts";
import { startStorefront } from "../scripts/dev/storefront/server.ts";
import { browserAvailable, DESKTOP_UA, launchChromium, screenshot } from "./helpers/browser.ts";
import { serveDashboard } from "./helpers/dashboard.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { mailWeeklyReports } from "./helpers/outbox.ts";
import { eventually } from "./helpers/poll.ts";
import { startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

/** Wednesday of 2026-W48, midday in New York (Brooklyn Goods' timezone); the report follows on Monday. */
const WEDNESDAY = new Date("2026-11-25T17:00:00Z");
const WEEK = "2026-W48";
const MONDAY_AFTER = new Date("2026-11-30T16:00:00Z");
const BROOKLYN = stableId("store:brooklyn");
const log = createLogger("test", "silent");
const spaces = (text: string | null) => text?.replace(/\s/g, " ") ?? null;

const WIDGET_WEEK = /* GraphQL */ `
  query Credited($storeId: ID!, $widgetId: ID!, $week: String!) {
    widget(id: $widgetId) { week(week: $week) { clicks attributedSales { amount } attributedOrders } }
    store(id: $storeId) { salesSeries(toWeek: $week, weeks: 1) { attributedSales { amount } } }
  }
`;

/**
 * The whole path a sale takes, in Chromium on the real stack: a visitor clicks a product in a widget of the
 * demo storefront, adds it to the cart (the tracker puts the click into the form), checks out (the
 * storefront's backend sends the order with the store's API key), the attribution job credits the line,
 * and the widget's credited sales grow by exactly that line in the dashboard and in the weekly email.
 */
describe.runIf(browserAvailable("checkout browser test"))("a widget click to a credited sale", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let storefront: Awaited<ReturnType<typeof startStorefront>>;
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  let browser: Browser;
  const clock = movableClock(WEDNESDAY);
  const origins: string[] = [];
  const catalog = demoCatalog();
  // Not the first widget: the demo holds it back from 10 % of browsers, and a browser drawn into that
  // tenth would never see it to click (test/holdout-browser.test.ts pins its browsers' groups instead).
  const widget = catalog.widgets[1];
  const product = catalog.products.get(widget?.productIds[1] ?? "");

  beforeAll(async () => {
    databases = await freshDatabases();
    await seedDemoData(databases.shop.db, databases.review.db, buildDemoData(WEDNESDAY));
    stack = await startStack(databases.urls, { clock: clock.now, dashboardOrigins: origins });
    storefront = await startStorefront({
      host: "127.0.0.1",
      port: 0,
      catalog,
      graphqlUrl: stack.gatewayUrl,
      ...(await demoStorefrontCredentials(databases.urls.shop, BROOKLYN, stack.secrets.connectionSecret)),
      clock: clock.now,
      log,
    });
    dashboard = await serveDashboard(stack.gatewayUrl, origins, log);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([storefront?.close(), dashboard?.close()]);
    await stack?.close();
    await databases?.drop();
  });

  const credited = async () => {
    const { data, errors } = await stack.query<{
      widget: { week: { clicks: number; attributedSales: { amount: string }; attributedOrders: number } };
      store: { salesSeries: { attributedSales: { amount: string } }[] };
    }>(WIDGET_WEEK, { storeId: BROOKLYN, widgetId: widget?.id, week: WEEK });
    const store = data?.store.salesSeries[0]?.attributedSales.amount;
    if (!data || !store) throw new Error(JSON.stringify(errors));
    return { ...data.widget.week, store };
  };

  /**
   * A visitor's whole visit: a click on the widget's product, 20 minutes to think, two of it in the cart
   * (the tracker puts the click into the form), then the checkout's `button`. Answers the line's total.
   */
  async function buyFromWidget(page: Page, button: string, shots: string) {
    if (!widget || !product) throw new Error("the demo catalogue has no widget with products");
    const before = await credited();
    await page.goto(storefront.url);
    await page.locator(`[data-ld-widget="${widget.id}"] a[data-ld-product="${product.id}"]`).click();
    await page.waitForURL(`**/products/${product.id}`);
    await eventually("the click counted", async () => (await credited()).clicks === before.clicks + 1);
    expect(await page.evaluate(`ListDesigner.clickFor(${JSON.stringify(product.id)})`)).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    await screenshot(page, `${shots}-product`);

    clock.advance(20 * 60_000); // the visitor thinks it over
    await page.fill("input[name=quantity]", "2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByTestId("cart").waitFor();
    expect(await page.textContent("[data-testid=cart]")).toContain("(from a widget)");
    const lineTotal = sumAmounts([product.price, product.price]);
    expect(spaces(await page.textContent("[data-testid=cart-total]"))).toBe(
      spaces(formatMoney(lineTotal, "USD", "en")),
    );
    await screenshot(page, `${shots}-cart`);
    await page.getByRole("button", { name: button, exact: true }).click();
    await page.getByTestId("order").waitFor();
    expect(await page.textContent("body")).toContain("1 of its lines came from a widget click");
    await screenshot(page, `${shots}-order`);
    expect(await page.textContent("[data-testid=cart-link]")).toBe("Cart (0)");
    return lineTotal;
  }

  it("credits the widget with a line its Shopify shop reports in a signed webhook, in the dashboard", async () => {
    if (!widget) throw new Error("the demo catalogue has no widget");
    const settings = { ...stack.workerSettings(), dashboardUrl: dashboard.url };
    // The seeded orders' claims first, so what follows decides only the new order's.
    await attributeClaims(settings, { windowDays: 7, log });
    const before = await credited();
    const page: Page = await browser.newPage({
      userAgent: `${DESKTOP_UA} shopper/shopify`,
      viewport: { width: 1280, height: 900 },
    });
    const lineTotal = await buyFromWidget(page, "Place order through Shopify", "storefront-shopify");
    expect(await page.textContent("[data-testid=order]")).toContain("sent as Shopify's signed webhook");
    await stack.platformsSettled();

    expect(await attributeClaims(settings, { windowDays: 7, log })).toEqual({ checked: 1, credited: 1 });
    const after = await credited();
    expect(after.attributedOrders).toBe(before.attributedOrders + 1);
    expect(after.attributedSales.amount).toBe(sumAmounts([before.attributedSales.amount, lineTotal]));

    await page.goto(await dashboardLink(settings, BROOKLYN, WEEK));
    const row = page.locator("[data-testid=widgets] tbody tr", { hasText: widget.name });
    await row.waitFor();
    expect(spaces(await row.locator("td").nth(6).textContent())).toBe(
      spaces(formatMoney(after.attributedSales.amount, "USD", "en")),
    );
    await page.setViewportSize({ width: 390, height: 900 });
    await screenshot(page, "dashboard-credited-from-shopify-390");
    await page.close();
  });

  it("credits the widget with the line bought after its click, in the dashboard and the email", async () => {
    if (!widget || !product) throw new Error("the demo catalogue has no widget with products");
    const settings = { ...stack.workerSettings(), dashboardUrl: dashboard.url };
    // The seeded orders' claims first, so what follows decides only the new order's.
    await attributeClaims(settings, { windowDays: 7, log });
    const before = await credited();

    const page: Page = await browser.newPage({
      userAgent: DESKTOP_UA,
      viewport: { width: 1280, height: 900 },
    });
    const lineTotal = await buyFromWidget(page, "Place order", "storefront");
    const clicked = await credited();

    expect(await attributeClaims(settings, { windowDays: 7, log })).toEqual({ checked: 1, credited: 1 });
    const after = await credited();
    expect(after.attributedOrders).toBe(before.attributedOrders + 1);
    expect(after.attributedSales.amount).toBe(sumAmounts([before.attributedSales.amount, lineTotal]));
    expect(after.store).toBe(sumAmounts([before.store, lineTotal]));
    expect(after.clicks).toBe(clicked.clicks);
    const money = (amount: string) => spaces(formatMoney(amount, "USD", "en"));

    clock.advance(MONDAY_AFTER.getTime() - clock.now().getTime());
    const email = (await mailWeeklyReports(databases.urls.jobs, settings, [BROOKLYN], WEEK, log)).get(
      BROOKLYN,
    );
    // The email leads with the store's credited sales (its widget lines show only the top three widgets).
    const text = spaces(email?.html.replace(/<[^>]*>/g, "") ?? "");
    expect(text).toContain(`Sales from widget clicks${money(after.store)}`);

    await page.goto(email?.dashboardLink ?? "about:blank");
    const row = page.locator("[data-testid=widgets] tbody tr", { hasText: widget.name });
    await row.waitFor();
    expect(spaces(await page.textContent("[data-testid=attributed-sales]"))).toBe(money(after.store));
    expect(spaces(await row.locator("td").nth(6).textContent())).toBe(money(after.attributedSales.amount));
    for (const width of [1280, 768, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `dashboard-credited-${width}`);
    }
    await page.close();
  });
});
