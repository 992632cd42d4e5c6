import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleTracker } from "../tracker/bundle.ts";
import { browserAvailable, DESKTOP_UA, launchChromium, screenshot } from "./helpers/browser.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";

const STORE = randomUUID();
const [TOP, BOTTOM] = [randomUUID(), randomUUID()];
const [SHOWN, LEAVING] = [randomUUID(), randomUUID()];

/**
 * A storefront on its own origin (another port than the gateway's): one widget in view at the top, one
 * far below, a product link that leaves the page and one that stays.
 */
function storefront(gatewayOrigin: string): Promise<Server> {
  const page = `<!doctype html><html><head><meta charset="utf-8">
    <script src="${gatewayOrigin}/tracker.js" defer></script></head><body style="margin:0">
    <section data-ld-widget="${TOP}" style="height:300px">
      <a data-ld-product="${LEAVING}" href="/next" id="leave">Leaves the page</a>
    </section>
    <div style="height:3000px"></div>
    <section data-ld-widget="${BOTTOM}" id="bottom" style="height:300px">Far below
      <a data-ld-product="${SHOWN}" href="#stay" id="stay">Stays on the page</a>
    </section>
    <form data-ld-add-to-cart="${SHOWN}" action="/cart" method="get" id="cart">
      <input type="hidden" name="product" value="${SHOWN}"><button type="submit">Add to cart</button>
    </form>
    </body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(req.url === "/next" ? "<!doctype html><p>Another page</p>" : page);
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

describe.runIf(browserAvailable("tracker browser tests"))("the storefront tracker in Chromium", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let shop: Server;
  let shopUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeCatalogue(databases.review.db, STORE, [{ id: LEAVING, name: "Leaving" }], {
      id: TOP,
      name: "Top",
    });
    await makeCatalogue(databases.review.db, STORE, [{ id: SHOWN, name: "Shown" }], {
      id: BOTTOM,
      name: "Bottom",
    });
    stack = await startStack(databases.urls);
    shop = await storefront(new URL(stack.gatewayUrl).origin);
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => shop?.close(done));
    await stack?.close();
    await databases?.drop();
  });

  const impressionsOf = async (widgetId: string) =>
    (
      await databases.review
        .sql`select coalesce(sum(impressions), 0)::int as n from widget_impressions where widget_id = ${widgetId}`
    )[0]?.n as number;
  const clicksOn = async (productId: string) =>
    (await databases.review.sql`select click_id from widget_clicks where product_id = ${productId}`).map(
      (row) => row.click_id as string,
    );
  const impressionsSent = (page: Page) =>
    page.waitForResponse(
      (response) =>
        response.url().endsWith("/graphql") && /recordImpressions/.test(response.request().postData() ?? ""),
    );

  /**
   * Resolves once the browser has delivered the intersections of the current layout: an observer made
   * now is notified after every earlier one (the tracker's) in the same rendering step.
   */
  const intersectionsDelivered = (page: Page, selector: string) =>
    page.evaluate(
      (target) =>
        new Promise<void>((done) => {
          const observer = new IntersectionObserver(() => {
            observer.disconnect();
            done();
          });
          observer.observe(document.querySelector(target) as Element);
        }),
      selector,
    );

  async function open(): Promise<Page> {
    const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 1000, height: 700 } });
    await page.goto(shopUrl);
    return page;
  }

  it("is served as a small cacheable script any storefront may load", async () => {
    const response = await fetch(`${new URL(stack.gatewayUrl).origin}/tracker.js`, {
      headers: { origin: shopUrl },
    });
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const etag = response.headers.get("etag") ?? "";
    expect((await response.text()).length).toBeGreaterThan(500);
    const again = await fetch(`${new URL(stack.gatewayUrl).origin}/tracker.js`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect((await bundleTracker("iife")).gzipBytes).toBeLessThanOrEqual(3 * 1024);
  });

  it("counts a widget in view for 1 s once, and not one scrolled past in under a second", async () => {
    // Time in view is the rule, so the page's timers run on a clock that stands still unless the test
    // moves it.
    const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 1000, height: 700 } });
    await page.clock.install({ time: Date.parse("2026-11-30T09:00:00Z") });
    await page.clock.pauseAt(Date.parse("2026-11-30T09:00:01Z"));
    await page.goto(shopUrl);
    const sent = impressionsSent(page);
    await intersectionsDelivered(page, `[data-ld-widget="${TOP}"]`);
    await page.clock.runFor(1_000);
    await page.evaluate("document.getElementById('bottom').scrollIntoView()");
    await intersectionsDelivered(page, "#bottom");
    await page.clock.runFor(400);
    // Between the widgets, long past the bottom widget's second and the batch's flush.
    await page.evaluate("window.scrollTo(0, 1500)");
    await intersectionsDelivered(page, "#bottom");
    await page.clock.runFor(5_000);
    await sent;
    // Back at the top: already counted on this page view.
    await page.evaluate("window.scrollTo(0, 0)");
    await intersectionsDelivered(page, `[data-ld-widget="${TOP}"]`);
    await page.clock.runFor(5_000);
    await page.close();
    expect(await impressionsOf(TOP)).toBe(1);
    expect(await impressionsOf(BOTTOM)).toBe(0);
  });

  it("adds an impression for a second page view", async () => {
    const before = await impressionsOf(TOP);
    const page = await open();
    await impressionsSent(page);
    await screenshot(page, "tracker-storefront");
    await page.close();
    expect(await impressionsOf(TOP)).toBe(before + 1);
  });

  it("records the click of a product link that navigates away", async () => {
    const page = await open();
    await Promise.all([page.waitForURL(`${shopUrl}/next`), page.click("#leave")]);
    await expect.poll(() => clicksOn(LEAVING), { timeout: 10_000 }).toHaveLength(1);
    await page.close();
  });

  it("retries a click the network dropped, with the same id, and stores it once", async () => {
    const page = await open();
    const attempts: string[] = [];
    await page.route("**/graphql", async (route) => {
      const body = route.request().postData() ?? "";
      if (!/recordClick/.test(body)) return route.continue();
      attempts.push(
        (JSON.parse(body) as { variables: { input: { clickId: string } } }).variables.input.clickId,
      );
      return attempts.length === 1 ? route.abort("internetdisconnected") : route.continue();
    });
    const stored = page.waitForResponse(
      (response) => /recordClick/.test(response.request().postData() ?? "") && response.ok(),
    );
    await page.click("#stay");
    await stored;
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toBe(attempts[0]);
    // Stored once under its id (a visitor's second click on the widget within the window is not counted,
    // but its id is kept all the same).
    const ids = await databases.review
      .sql`select click_id from click_ids where click_id = ${attempts[0] ?? ""}`;
    expect(ids).toHaveLength(1);
    await expect.poll(() => page.evaluate("sessionStorage.getItem('ld-pending-clicks')")).toBe("[]");
    await page.close();
  });

  it("carries a product's last widget click to the storefront's add-to-cart", async () => {
    // Another visitor: the earlier tests' visitor has had its click on this widget counted already.
    const page = await browser.newPage({
      userAgent: `${DESKTOP_UA} shopper/2`,
      viewport: { width: 1000, height: 700 },
    });
    await page.goto(shopUrl);
    expect(await page.evaluate(`ListDesigner.clickFor(${JSON.stringify(SHOWN)})`)).toBeNull();
    const before = await clicksOn(SHOWN);
    await page.click("#stay");
    await expect.poll(() => clicksOn(SHOWN), { timeout: 10_000 }).toHaveLength(before.length + 1);
    const clickId = (await clicksOn(SHOWN)).find((id) => !before.includes(id));
    expect(await page.evaluate(`ListDesigner.clickFor(${JSON.stringify(SHOWN)})`)).toBe(clickId);
    // Only the click's id, widget and time are kept, on the storefront's origin.
    const kept = JSON.parse((await page.evaluate("localStorage.getItem('ld-clicks')")) as string);
    expect(Object.keys(kept)).toEqual([SHOWN]);
    expect(kept[SHOWN].slice(0, 2)).toEqual([clickId, BOTTOM]);
    await Promise.all([page.waitForURL(/\/cart\?/), page.click("#cart button")]);
    expect(new URL(page.url()).searchParams.get("ld_click_id")).toBe(clickId);
    await page.close();
  });
});
