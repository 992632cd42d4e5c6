import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startDashboard } from "../dashboard/server.ts";
import { createLogger } from "../lib/logger.ts";
import { buildDemoData, DEMO_PLATFORM_IDS_FROM, seedDemoData, stableId } from "../scripts/demo-data.ts";
import { connectStore } from "../subgraphs/shop/platforms/connections.ts";
import { browserAvailable, DESKTOP_UA, launchChromium, screenshot } from "./helpers/browser.ts";
import { serveDashboard } from "./helpers/dashboard.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { mailRecipientConfirmations, mailWeeklyReports } from "./helpers/outbox.ts";
import { shopifyOrder, shopifySender } from "./helpers/platforms.ts";
import { startStack } from "./helpers/stack.ts";

/** The stack's "now": Tuesday of 2026-W48, so the emails report 2026-W47. */
const NOW = new Date("2026-11-24T12:00:00Z");
const BROOKLYN = stableId("store:brooklyn");
const log = createLogger("test", "silent");

describe.runIf(browserAvailable("settings page browser tests"))(
  "the report's settings page in Chromium",
  () => {
    let databases: Awaited<ReturnType<typeof freshDatabases>>;
    let stack: Awaited<ReturnType<typeof startStack>>;
    let dashboard: Awaited<ReturnType<typeof startDashboard>>;
    let browser: Browser;
    let settingsLink = "";
    const origins: string[] = [];
    const settings = () => ({ ...stack.workerSettings(), dashboardUrl: dashboard.url });

    beforeAll(async () => {
      databases = await freshDatabases();
      await seedDemoData(databases.shop.db, databases.review.db, buildDemoData(NOW));
      stack = await startStack(databases.urls, { clock: () => NOW, dashboardOrigins: origins });
      dashboard = await serveDashboard(stack.gatewayUrl, origins, log);
      const emails = await mailWeeklyReports(databases.urls.jobs, settings(), [BROOKLYN], "2026-W47", log);
      settingsLink = emails.get(BROOKLYN)?.settingsLink ?? "";
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
      await stack?.close();
      await databases?.drop();
    });

    const section = (page: Page, title: string) =>
      page.locator("section", { has: page.getByRole("heading", { name: title }) });

    // Many steps in a browser, each quick: a loaded machine (the whole suite at once) needs more than 30 s.
    it("adds a recipient confirmed from the outbox, sets the schedule, pauses, and shows each change", {
      timeout: 90_000,
    }, async () => {
      expect(settingsLink).toMatch(/\/stores\/[0-9a-f-]{36}\/settings#token=/);
      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
      await page.goto(settingsLink);
      await page.getByRole("heading", { name: "Weekly email settings" }).waitFor();
      // The token left the address bar at once.
      expect(page.url()).not.toContain("token=");

      // Add a colleague: a confirmation email goes out, and the address waits for it.
      await page.getByTestId("new-recipient").fill("colleague@brooklyn.example");
      await page.getByRole("button", { name: "Add recipient" }).click();
      await page.getByRole("status").filter({ hasText: "A confirmation email was sent" }).waitFor();
      const recipients = page.getByTestId("recipients");
      await recipients.getByText("Waiting for confirmation").waitFor();

      // A bad address is refused with the reason, and nothing is added.
      await page.getByTestId("new-recipient").fill("not an address@x");
      await page.getByTestId("new-recipient").evaluate((input: HTMLInputElement) => {
        input.type = "text"; // past the browser's own check, as a script could be
      });
      await page.getByRole("button", { name: "Add recipient" }).click();
      await page.getByRole("alert").waitFor();
      expect(await page.getByRole("alert").textContent()).toMatch(/email: the address contains spaces/);

      // Its owner confirms from the email in the outbox (the gateway's page, then its button).
      const [confirmation] = await mailRecipientConfirmations(databases.urls.jobs, settings(), log);
      expect(confirmation?.to).toBe("colleague@brooklyn.example");
      const confirmPage = await browser.newPage({
        userAgent: DESKTOP_UA,
        viewport: { width: 390, height: 844 },
      });
      await confirmPage.goto(confirmation?.confirmLink ?? "");
      await confirmPage.getByRole("button", { name: "Confirm" }).click();
      await confirmPage.getByRole("heading", { name: "Confirmed" }).waitFor();
      await screenshot(confirmPage, "settings-confirmed-390");
      await confirmPage.close();

      await page.reload();
      await recipients
        .locator("li", { hasText: "colleague@brooklyn.example" })
        .getByText("Receiving")
        .waitFor();

      // Friday 17:00, then pause.
      const schedule = section(page, "Schedule");
      await schedule.getByTestId("schedule-day").selectOption({ label: "Friday" });
      await schedule.getByTestId("schedule-hour").selectOption({ label: "17:00" });
      await schedule.getByRole("button", { name: "Save schedule" }).click();
      await page.getByRole("status").filter({ hasText: "Schedule saved." }).waitFor();
      await schedule.getByRole("button", { name: "Pause reports" }).click();
      await schedule.getByRole("button", { name: "Resume reports" }).waitFor();
      expect(await schedule.getByTestId("pause-state").textContent()).toContain("Paused");

      // Remove asks first; then the address is gone.
      const row = recipients.locator("li", { hasText: "colleague@brooklyn.example" });
      await row.getByRole("button", { name: "Remove" }).click();
      await row.getByText("Stop sending the report to colleague@brooklyn.example?").waitFor();
      await row.getByRole("button", { name: "Remove" }).click();
      await recipients
        .locator("li", { hasText: "colleague@brooklyn.example" })
        .waitFor({ state: "detached" });

      const history = page.getByTestId("history");
      await history.getByText("colleague@brooklyn.example removed").waitFor();
      const lines = await history.locator("tbody tr").allInnerTexts();
      expect(lines.map((line) => line.split("\t").slice(1).join(" | "))).toEqual([
        "colleague@brooklyn.example removed | Settings link sent to owner@brooklyn.example",
        "Reports paused | Settings link sent to owner@brooklyn.example",
        "Schedule set to Friday 17:00 | Settings link sent to owner@brooklyn.example",
        "colleague@brooklyn.example confirmed | Confirmation link",
        "Asked colleague@brooklyn.example to confirm | Settings link sent to owner@brooklyn.example",
      ]);
      await screenshot(page, "settings-1280");

      // What the dispatcher reads: the graph holds what the page set.
      const { data } = await stack.query<{ store: { reportSchedule: unknown; reportRecipients: string[] } }>(
        `query($id: ID!) { store(id: $id) { reportSchedule { dayOfWeek hour paused } reportRecipients } }`,
        { id: BROOKLYN },
      );
      expect(data?.store.reportSchedule).toEqual({ dayOfWeek: 5, hour: 17, paused: true });
      expect(data?.store.reportRecipients).not.toContain("colleague@brooklyn.example");
      await page.close();
    });

    it("shows a bounced address with its reason and date, and refuses to mail it again", {
      timeout: 90_000,
    }, async () => {
      const recorded = await stack.query(
        `mutation($input: EmailEventInput!) { recordEmailEvent(input: $input) { suppressed } }`,
        {
          input: {
            eventId: "msg_bounce_1",
            kind: "HARD_BOUNCE",
            storeId: BROOKLYN,
            email: "old@brooklyn.example",
            detail: "Permanent: the mailbox does not exist",
            occurredAt: "2026-11-23T14:05:00Z",
          },
        },
      );
      expect(recorded.data).toEqual({ recordEmailEvent: { suppressed: true } });
      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
      await page.goto(settingsLink);
      const row = page.getByTestId("suppressed").locator("li", { hasText: "old@brooklyn.example" });
      await row.getByText(/Bounced · Nov 23, 2026/).waitFor();
      expect(await row.getByRole("button").count()).toBe(0);
      // Added by hand: the page says why nothing is sent, and no confirmation email is queued.
      await page.getByTestId("new-recipient").fill("old@brooklyn.example");
      await page.getByRole("button", { name: "Add recipient" }).click();
      await page.getByRole("alert").getByText("bounced: this store sends it nothing again").waitFor();
      expect(await mailRecipientConfirmations(databases.urls.jobs, settings(), log)).toEqual([]);
      await screenshot(page, "settings-suppressed");
      await page.close();
    });

    it("shows the store's Shopify connection: what to register, its last delivery, and why one was refused", async () => {
      const secret = "shpss_settings-page-0123456789";
      await connectStore(databases.shop.db, stack.secrets.connectionSecret, {
        storeId: BROOKLYN,
        platform: "shopify",
        source: "brooklyn-goods.myshopify.com",
        secret,
        at: NOW,
      });
      const send = shopifySender(stack.gatewayUrl, "brooklyn-goods.myshopify.com");
      const order = shopifyOrder([{ productId: DEMO_PLATFORM_IDS_FROM, quantity: 1, price: "20.00" }], {
        created_at: "2026-11-24T06:00:00-05:00",
        updated_at: "2026-11-24T06:00:00-05:00",
      });
      expect((await send("orders/create", order, secret)).status).toBe(200);
      expect((await send("orders/create", order, "an old secret, since changed")).status).toBe(401);
      await stack.platformsSettled();

      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
      await page.goto(settingsLink);
      const platforms = page.getByTestId("platforms");
      await platforms.getByText("Shopify · brooklyn-goods.myshopify.com").waitFor();
      const text = (await platforms.textContent()) ?? "";
      expect(text).toContain(`${new URL(stack.gatewayUrl).origin}/webhooks/shopify`);
      expect(text).toContain("orders/create, orders/updated, orders/paid, orders/cancelled, refunds/create");
      expect(text).toMatch(/Last delivery\s*Nov 24, 2026/);
      expect(text).toMatch(/Refused Nov 24, 2026, .*: a signature that is not the webhook secret's/);
      await screenshot(page, "settings-platforms");
      await page.close();
    });

    it("lets the store's owner hold a widget back, and tells a settings link's reader that holdouts are the owner's", async () => {
      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 1280, height: 900 } });
      await page.goto(settingsLink);
      const section = page.getByTestId("holdout-settings");
      await section.getByText("the store's owner sets them").waitFor();
      expect(await section.locator("select").count()).toBe(0);
      await page.close();

      const owner = await stack.token({ kind: "store", storeId: BROOKLYN });
      const ownerPage = await browser.newPage({
        userAgent: DESKTOP_UA,
        viewport: { width: 1280, height: 900 },
      });
      await ownerPage.goto(`${dashboard.url}/stores/${BROOKLYN}/settings#token=${owner}`);
      const giftIdeas = stableId("widget:brooklyn:2");
      const choice = ownerPage.getByTestId(`holdout-${giftIdeas}`);
      await choice.waitFor();
      // The demo's running holdout is shown as set, with its run.
      expect(await ownerPage.getByTestId(`holdout-${stableId("widget:brooklyn:0")}`).inputValue()).toBe("10");
      await choice.selectOption("20");
      await choice.locator("xpath=ancestor::form").getByRole("button", { name: "Save holdout" }).click();
      await ownerPage.getByText("Holdout of Gift ideas saved.").waitFor();
      await ownerPage
        .getByTestId("holdout-settings")
        .getByText("20 % held out from Nov 24, 2026, running")
        .waitFor();
      await screenshot(ownerPage, "settings-holdouts");
      const { data } = await stack.query<{ widget: { holdout: { share: number; startedBy: string } } }>(
        /* GraphQL */ `query($id: ID!) { widget(id: $id) { holdout { share startedBy } } }`,
        { id: giftIdeas },
      );
      expect(data?.widget.holdout).toEqual({ share: 20, startedBy: "STORE_TOKEN" });
      await ownerPage.close();
    });

    it("lets the owner choose monthly reports and send alerts to Slack at 390 px, and shows the webhook paused when Slack refuses it", async () => {
      const owner = await stack.token({ kind: "store", storeId: BROOKLYN });
      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width: 390, height: 844 } });
      await page.goto(`${dashboard.url}/stores/${BROOKLYN}/settings#token=${owner}`);
      const alerts = page.getByTestId("alert-settings");
      await alerts.waitFor();
      // Monthly reports besides the weekly ones: saved at once, and the graph says so.
      await page.getByTestId("cadence").selectOption("BOTH");
      await page.getByText("Reports saved.").waitFor();
      const cadence = await stack.query<{ store: { reportSchedule: { cadence: string } } }>(
        /* GraphQL */ `query($id: ID!) { store(id: $id) { reportSchedule { cadence } } }`,
        { id: BROOKLYN },
      );
      expect(cadence.data?.store.reportSchedule.cadence).toBe("BOTH");
      expect(await page.getByTestId("alerts-email").isChecked()).toBe(true);
      const connect = alerts.getByRole("button", { name: "Connect Slack" });
      await page.getByTestId("slack-webhook").fill("https://hooks.example.com/services/T1/B1/abc");
      await connect.click();
      await page.getByRole("alert").getByText("https://hooks.slack.com/services/...").waitFor();
      await page
        .getByTestId("slack-webhook")
        .fill("https://hooks.slack.com/services/T0DEMO01/B0DEMO02/d3moWebhookSecret88");
      await connect.click();
      await page.getByText("Slack connected.").waitFor();
      const destination = page.getByTestId("slack-destination");
      await destination.getByText("https://hooks.slack.com/services/T0DEMO01/B0DEMO02/…et88").waitFor();
      expect(await page.content()).not.toContain("d3moWebhookSecret");
      // The box follows the graph: it shows ticked once the change is saved and read back.
      await page.getByTestId("slack-reports").click();
      await page.getByText("Alert settings saved.").waitFor();
      await page.locator('[data-testid="slack-reports"]:checked').waitFor();

      // Slack answers 410 for the webhook: the worker pauses it, and the page says so with Slack's words.
      const { data } = await stack.query<{ store: { slackDelivery: { setAt: string } } }>(
        /* GraphQL */ `query($id: ID!) { store(id: $id) { slackDelivery { setAt } } }`,
        { id: BROOKLYN },
      );
      await stack.query(
        /* GraphQL */ `mutation($id: ID!, $setAt: String!) { pauseSlackWebhook(storeId: $id, setAt: $setAt, reason: "Slack answered 410 channel_is_archived") }`,
        { id: BROOKLYN, setAt: data?.store.slackDelivery.setAt },
      );
      await page.reload();
      await destination.getByText("Slack answered 410 channel_is_archived").waitFor();
      const scrollWidth = await page.evaluate(
        () => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY,
      );
      expect(scrollWidth).toBeLessThanOrEqual(390);
      await alerts.scrollIntoViewIfNeeded();
      await screenshot(page, "settings-alerts-390");
      await page.close();

      // An emailed settings link reads where alerts go, and is told the owner changes it.
      const linkPage = await browser.newPage({
        userAgent: DESKTOP_UA,
        viewport: { width: 390, height: 844 },
      });
      await linkPage.goto(settingsLink);
      await linkPage.getByTestId("alerts-email").click();
      await linkPage.getByRole("alert").getByText("the store's owner sets where alerts go").waitFor();
      await linkPage.close();
    });

    it.each([390, 768, 1280])("fits a %i px wide screen without scrolling sideways", async (width) => {
      const page = await browser.newPage({ userAgent: DESKTOP_UA, viewport: { width, height: 844 } });
      await page.goto(settingsLink);
      await page.getByTestId("history").waitFor();
      const scrollWidth = await page.evaluate(
        () => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY,
      );
      expect(scrollWidth).toBeLessThanOrEqual(width);
      await screenshot(page, `settings-${width}`);
      await page.close();
    });
  },
);
