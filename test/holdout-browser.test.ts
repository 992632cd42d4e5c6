import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHoldoutGroups } from "../lib/holdout-groups.ts";
import { createKey } from "../subgraphs/shop/db/queries/keys.ts";
import { GROUPS_KEY } from "../tracker/holdouts.ts";
import { browserAvailable, DESKTOP_UA, launchChromium, screenshot } from "./helpers/browser.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeStores } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

const START = new Date("2026-11-02T10:00:00Z");
const DAY = 86_400_000;

/**
 * A storefront page as the docs say to place the tag: the tracker with the store's holdouts first in
 * <head>, without defer; the widget a large red block, so a frame that shows it is plain to see.
 */
function storefront(gatewayOrigin: string, storeId: string, widgetId: string, productId: string) {
  const page = `<!doctype html><html><head><meta charset="utf-8">
    <script src="${gatewayOrigin}/tracker.js?store=${storeId}"></script>
    <style>body{margin:0;font-family:sans-serif}</style></head><body>
    <h1>Shop</h1>
    <section data-ld-widget="${widgetId}" style="height:360px;background:#ff0000">Best sellers</section>
    <p>${"Words about the shop. ".repeat(400)}</p>
    <form data-ld-add-to-cart="${productId}" action="/cart" method="get" id="cart">
      <button type="submit">Add to cart</button></form>
    </body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(req.url?.startsWith("/cart") ? "<!doctype html><p>Cart</p>" : page);
  });
  return new Promise<Server>((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

describe.runIf(browserAvailable("holdout browser tests"))("a widget's holdout in Chromium", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let shop: Server;
  let shopUrl: string;
  let browser: Browser;
  let storeId: string;
  let widgetId: string;
  let productId: string;
  let runId: string;
  let key: string;
  const clock = movableClock(START);

  beforeAll(async () => {
    databases = await freshDatabases();
    const [store] = await makeStores(databases.shop.db, { name: "Held" });
    storeId = store?.id ?? "";
    const catalogue = await makeCatalogue(databases.review.db, storeId, [{}]);
    widgetId = catalogue.widget.id;
    productId = catalogue.products[0]?.id ?? "";
    stack = await startStack(databases.urls, { clock: clock.now });
    const owner = { authorization: `Bearer ${await stack.token({ kind: "store", storeId })}` };
    const set = await stack.query<{ setWidgetHoldout: { holdout: { id: string } } }>(
      /* GraphQL */ `mutation($w: ID!) { setWidgetHoldout(widgetId: $w, share: 10) { holdout { id } } }`,
      { w: widgetId },
      owner,
    );
    runId = set.data?.setWidgetHoldout.holdout.id ?? "";
    key = (await createKey(databases.shop.db, { storeId, name: "checkout", scopes: ["orders:write"] })).key;
    shop = await storefront(new URL(stack.gatewayUrl).origin, storeId, widgetId, productId);
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => shop?.close(done));
    await stack?.close();
    await databases?.drop();
  });

  /** A browser whose draw for the run is already made (as a first visit would have made it). */
  async function visitorWho(heldOut: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({
      userAgent: `${DESKTOP_UA} visitor/${randomUUID().slice(0, 8)}`,
    });
    await context.addInitScript(
      ([run, held]) => {
        if (!localStorage.getItem("ld-holdouts"))
          localStorage.setItem(
            "ld-holdouts",
            JSON.stringify({ [run as string]: { heldOut: held, first: crypto.randomUUID() } }),
          );
      },
      [runId, heldOut] as const,
    );
    return context;
  }

  /**
   * Loads the storefront on a slow network and a CPU slowed six times, recording every frame Chromium
   * paints from the first on; answers how many frames show the widget's red.
   */
  async function framesShowingTheWidget(page: Page): Promise<{ frames: number; red: number }> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 300,
      downloadThroughput: 40_000,
      uploadThroughput: 20_000,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    const frames: string[] = [];
    cdp.on("Page.screencastFrame", (frame: { data: string; sessionId: number }) => {
      frames.push(frame.data);
      void cdp.send("Page.screencastFrameAck", { sessionId: frame.sessionId }).catch(() => undefined);
    });
    await cdp.send("Page.startScreencast", { format: "png", everyNthFrame: 1 });
    await page.goto(shopUrl, { waitUntil: "load" });
    // Two more frames painted after load: what the page shows once it is whole.
    await page.evaluate(
      () => new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted))),
    );
    await cdp.send("Page.stopScreencast");
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    // Each frame decoded in a page of its own: a pixel of pure red shows the widget.
    const checker = await browser.newPage();
    let red = 0;
    for (const data of frames) {
      const hasRed = await checker.evaluate(async (png) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        for (let i = 0; i < pixels.length; i += 4 * 97)
          if ((pixels[i] ?? 0) > 230 && (pixels[i + 1] ?? 255) < 30 && (pixels[i + 2] ?? 255) < 30)
            return true;
        return false;
      }, data);
      if (hasRed) red++;
    }
    await checker.close();
    return { frames: frames.length, red };
  }

  const slotViews = async () =>
    databases.review.sql<{ held_out: boolean; slot_views: number; visitors: number }[]>`
      select held_out, sum(slot_views)::int as slot_views, sum(visitors)::int as visitors
      from holdout_days where run_id = ${runId} group by held_out order by held_out`;

  it("never paints the widget for a held-out browser, paints it for an exposed one, and counts each page view once", {
    timeout: 120_000,
  }, async () => {
    clock.advance(DAY);
    const held = await visitorWho(true);
    const heldPage = await held.newPage();
    const heldFrames = await framesShowingTheWidget(heldPage);
    expect(heldFrames.frames).toBeGreaterThan(0);
    expect(heldFrames.red).toBe(0);
    await screenshot(heldPage, "holdout-held-out");

    const shown = await visitorWho(false);
    const shownPage = await shown.newPage();
    const shownFrames = await framesShowingTheWidget(shownPage);
    expect(shownFrames.red).toBeGreaterThan(0);
    await screenshot(shownPage, "holdout-exposed");

    await expect.poll(slotViews, { timeout: 15_000 }).toEqual([
      { held_out: false, slot_views: 1, visitors: 1 },
      { held_out: true, slot_views: 1, visitors: 1 },
    ]);
    // The browser counts its first view as taken once the answer reaches it (before that, its next page
    // sends the same first view again, counted once): the row can be stored before that, so wait for it.
    const firstView = () =>
      shownPage.evaluate(
        ([key, run]) =>
          (JSON.parse(localStorage.getItem(key) ?? "{}")[run] as { first: string | null }).first,
        [GROUPS_KEY, runId] as const,
      );
    await expect.poll(firstView, { timeout: 15_000 }).toBeNull();
    await shownPage.reload();
    await expect.poll(slotViews, { timeout: 15_000 }).toEqual([
      { held_out: false, slot_views: 2, visitors: 1 },
      { held_out: true, slot_views: 1, visitors: 1 },
    ]);
    await held.close();

    // The exposed browser's group reaches its order, and the result counts it on the exposed side.
    expect(await shownPage.evaluate("ListDesigner.holdoutGroups()")).toBe(`${runId}:E`);
    await Promise.all([shownPage.waitForURL(/\/cart\?/), shownPage.click("#cart button")]);
    const groups = parseHoldoutGroups(new URL(shownPage.url()).searchParams.get("ld_holdout_groups"));
    expect(groups).toEqual([{ runId, group: "EXPOSED" }]);
    await shown.close();
    const placed = clock.now();
    const order = await stack.query(
      /* GraphQL */ `mutation($input: OrderInput!) { upsertOrder(input: $input) { outcome } }`,
      {
        input: {
          storeId,
          orderId: "1001",
          placedAt: placed.toISOString(),
          updatedAt: placed.toISOString(),
          status: "PAID",
          currency: "USD",
          lines: [{ lineId: "1", productId, quantity: 1, unitPrice: "25.00" }],
          holdoutGroups: groups,
        },
      },
      { authorization: `Bearer ${key}` },
    );
    expect(order.data).toEqual({ upsertOrder: { outcome: "CREATED" } });
    clock.advance(7 * DAY);
    const { data } = await stack.query<{
      widget: {
        holdout: {
          looks: {
            exposed: { visitors: number; orders: number };
            heldOut: { visitors: number; orders: number };
          }[];
        };
      };
    }>(
      /* GraphQL */ `query($w: ID!) { widget(id: $w) { holdout { looks {
        exposed { visitors orders } heldOut { visitors orders } } } } }`,
      { w: widgetId },
      { authorization: `Bearer ${await stack.token({ kind: "store", storeId })}` },
    );
    expect(data?.widget.holdout.looks).toEqual([
      { exposed: { visitors: 1, orders: 1 }, heldOut: { visitors: 1, orders: 0 } },
    ]);
  });
});
