import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteExpiredClickState, writeClicks } from "../subgraphs/review/db/queries/clicks.ts";
import { writeImpressions } from "../subgraphs/review/db/queries/impressions.ts";
import { VisitorHasher } from "../subgraphs/review/db/queries/visitors.ts";
import { defaultClickSettings } from "../subgraphs/review/ingest.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue } from "./helpers/factories.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

const RECORD_CLICK = /* GraphQL */ `
  mutation Record($input: RecordClickInput!) {
    recordClick(input: $input) { accepted duplicate }
  }
`;

const visitor = newVisitor;

describe("recordClick through the gateway", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const storeId = randomUUID();
  const activeWidget = randomUUID();
  const inactiveWidget = randomUUID();
  const shownProduct = randomUUID();
  const otherProduct = randomUUID();
  /** The review service's clock: the repeat window passes when the test moves it, not while it waits. */
  const clock = movableClock(new Date("2026-11-11T10:00:00Z"));

  /** Everything a click can write, so "writes nothing" is checked everywhere at once. */
  const footprint = async () => {
    const [row] = await databases.review.sql<{ clicks: number; ids: number; windows: number }[]>`
      select (select count(*)::int from widget_clicks) as clicks, (select count(*)::int from click_ids) as ids,
             (select count(*)::int from visitor_windows) as windows`;
    return row;
  };

  beforeAll(async () => {
    databases = await freshDatabases();
    const { db } = databases.review;
    await makeCatalogue(db, storeId, [{ id: shownProduct, name: "Shown" }], { id: activeWidget, name: "On" });
    // The other product is shown only by the inactive widget: the active one does not show it.
    await makeCatalogue(db, storeId, [{ id: otherProduct, name: "Other" }], {
      id: inactiveWidget,
      name: "Off",
      active: false,
    });
    stack = await startStack(databases.urls, { clock: clock.now });
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it("stores a click once when 50 retries of it arrive at the same time", async () => {
    const input = { widgetId: activeWidget, productId: shownProduct, clickId: randomUUID() };
    const headers = visitor();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => stack.query(RECORD_CLICK, { input }, headers)),
    );
    const payloads = answers.map((answer) => answer.data?.recordClick);
    expect(payloads.filter((p) => JSON.stringify(p) === '{"accepted":true,"duplicate":false}')).toHaveLength(
      1,
    );
    expect(payloads.filter((p) => JSON.stringify(p) === '{"accepted":true,"duplicate":true}')).toHaveLength(
      49,
    );
    const rows = await databases.review
      .sql`select widget_id, store_id, product_id from widget_clicks where click_id = ${input.clickId}`;
    expect(rows).toEqual([{ widget_id: activeWidget, store_id: storeId, product_id: shownProduct }]);

    // A retry long after (from the same browser) is still the same click.
    const late = await stack.query(RECORD_CLICK, { input }, headers);
    expect(late.data).toEqual({ recordClick: { accepted: true, duplicate: true } });
  });

  it("accepts a click on the widget itself, without a product", async () => {
    const result = await stack.query(
      RECORD_CLICK,
      { input: { widgetId: activeWidget, clickId: randomUUID() } },
      visitor(),
    );
    expect(result.data).toEqual({ recordClick: { accepted: true, duplicate: false } });
  });

  it.each([
    ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
    [
      "a headless browser",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    ],
    ["curl", "curl/8.5.0"],
    ["an empty user agent", ""],
  ])("does not count a click from %s", async (_who, userAgent) => {
    const before = await footprint();
    const result = await stack.query(
      RECORD_CLICK,
      { input: { widgetId: activeWidget, clickId: randomUUID() } },
      { "user-agent": userAgent },
    );
    expect(result.data).toEqual({ recordClick: { accepted: false, duplicate: false } });
    expect(await footprint()).toEqual(before);
  });

  it("does not count a visitor's repeat on the same widget within the window, and counts it after", async () => {
    const headers = visitor();
    const click = () =>
      stack.query(RECORD_CLICK, { input: { widgetId: activeWidget, clickId: randomUUID() } }, headers);
    expect((await click()).data).toEqual({ recordClick: { accepted: true, duplicate: false } });
    const repeat = await stack.query(
      RECORD_CLICK,
      { input: { widgetId: activeWidget, productId: shownProduct, clickId: randomUUID() } },
      headers,
    );
    expect(repeat.data).toEqual({ recordClick: { accepted: false, duplicate: false } });
    // Another visitor at the same moment is counted.
    expect(
      (
        await stack.query(
          RECORD_CLICK,
          { input: { widgetId: activeWidget, clickId: randomUUID() } },
          visitor(),
        )
      ).data,
    ).toEqual({
      recordClick: { accepted: true, duplicate: false },
    });
    const window = defaultClickSettings.repeatWindowSeconds * 1_000;
    clock.advance(window - 1_000);
    expect((await click()).data).toEqual({ recordClick: { accepted: false, duplicate: false } });
    clock.advance(1_000);
    expect((await click()).data).toEqual({ recordClick: { accepted: true, duplicate: false } });
  });

  it("keeps a visitor's repeats on a product for order claims, uncounted, up to the address's cap", async () => {
    const headers = visitor();
    const click = async (productId: string | null) => {
      const clickId = randomUUID();
      const input = { widgetId: activeWidget, clickId, ...(productId ? { productId } : {}) };
      const { data } = await stack.query<{ recordClick: { accepted: boolean } }>(
        RECORD_CLICK,
        { input },
        headers,
      );
      return { clickId, accepted: data?.recordClick.accepted };
    };
    const counted = await click(shownProduct);
    const compared = await click(shownProduct);
    const onWidget = await click(null);
    expect([counted.accepted, compared.accepted, onWidget.accepted]).toEqual([true, false, false]);
    // The claim's lookup (the attribution job's, as the service) finds the counted click and the repeat on
    // a product; a repeat on no product credits nothing and is not kept.
    const now = clock.now();
    const lookups = [counted, compared, onWidget].map(({ clickId }) => ({
      clickId,
      from: new Date(now.getTime() - 60_000).toISOString(),
      to: new Date(now.getTime() + 60_000).toISOString(),
    }));
    const found = await stack.query<{ clicksByIds: ({ widgetId: string; productId: string } | null)[] }>(
      `query($l: [ClickLookupInput!]!) { clicksByIds(lookups: $l) { widgetId productId } }`,
      { l: lookups },
    );
    expect(found.data?.clicksByIds).toEqual([
      { widgetId: activeWidget, productId: shownProduct },
      { widgetId: activeWidget, productId: shownProduct },
      null,
    ]);
    // Counted once, whatever was kept.
    const [row] = await databases.review.sql<{ n: number }[]>`
      select count(*)::int as n from widget_clicks where click_id in ${databases.review.sql([counted.clickId, compared.clickId])}`;
    expect(row?.n).toBe(1);
    // A flood of repeats from one address keeps at most the address's cap per widget and window (this one).
    for (let i = 0; i < defaultClickSettings.maxCountedPerAddress + 5; i++) await click(shownProduct);
    const [kept] = await databases.review.sql<{ n: number }[]>`
      select count(*)::int as n from repeat_clicks where widget_id = ${activeWidget} and occurred_at >= ${now.toISOString()}`;
    expect(kept?.n).toBeLessThanOrEqual(defaultClickSettings.maxCountedPerAddress);
  });

  it("counts only the first of a visitor's clicks that arrive together", async () => {
    const headers = visitor();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        stack.query(RECORD_CLICK, { input: { widgetId: activeWidget, clickId: randomUUID() } }, headers),
      ),
    );
    expect(
      answers.filter((a) => a.data?.recordClick && (a.data.recordClick as { accepted: boolean }).accepted),
    ).toHaveLength(1);
  });

  it("never stores the client's address", async () => {
    await stack.query(RECORD_CLICK, { input: { widgetId: activeWidget, clickId: randomUUID() } }, visitor());
    const everything = await databases.review.sql`
      select * from widget_clicks, click_ids, visitor_windows, visitor_salts limit 200`;
    expect(everything.length).toBeGreaterThan(0);
    expect(JSON.stringify(everything)).not.toContain("127.0.0.1"); // the address every test click came from
  });

  it.each([
    ["an unknown widget", () => ({ widgetId: randomUUID(), clickId: randomUUID() }), "NOT_FOUND"],
    ["an inactive widget", () => ({ widgetId: inactiveWidget, clickId: randomUUID() }), "NOT_FOUND"],
    [
      "a product the widget does not show",
      () => ({ widgetId: activeWidget, productId: otherProduct, clickId: randomUUID() }),
      "BAD_USER_INPUT",
    ],
    [
      "an unknown product",
      () => ({ widgetId: activeWidget, productId: randomUUID(), clickId: randomUUID() }),
      "BAD_USER_INPUT",
    ],
    ["a malformed widget id", () => ({ widgetId: "widget-1", clickId: randomUUID() }), "BAD_USER_INPUT"],
    ["a malformed click id", () => ({ widgetId: activeWidget, clickId: "123" }), "BAD_USER_INPUT"],
    [
      "a malformed product id",
      () => ({ widgetId: activeWidget, productId: "p'1", clickId: randomUUID() }),
      "BAD_USER_INPUT",
    ],
    ["a missing click id", () => ({ widgetId: activeWidget }), "BAD_USER_INPUT"],
    ["a number for an id", () => ({ widgetId: 42, clickId: randomUUID() }), "BAD_USER_INPUT"],
    [
      "an unknown input field",
      () => ({ widgetId: activeWidget, clickId: randomUUID(), storeId: storeId }),
      "BAD_USER_INPUT",
    ],
    [
      "a 10,000-character id",
      () => ({ widgetId: "a".repeat(10_000), clickId: randomUUID() }),
      "BAD_USER_INPUT",
    ],
  ])("answers %s with its code and writes nothing", async (_what, input, code) => {
    const before = await footprint();
    const result = await stack.query(RECORD_CLICK, { input: input() }, visitor());
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.data ?? null).toBeNull();
    expect(await footprint()).toEqual(before);
  });

  it("answers a valid click beside invalid ones in the same batch", async () => {
    const results = await Promise.all([
      stack.query(RECORD_CLICK, { input: { widgetId: randomUUID(), clickId: randomUUID() } }, visitor()),
      stack.query(RECORD_CLICK, { input: { widgetId: activeWidget, clickId: randomUUID() } }, visitor()),
      stack.query(
        RECORD_CLICK,
        { input: { widgetId: activeWidget, productId: otherProduct, clickId: randomUUID() } },
        visitor(),
      ),
    ]);
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? r.data?.recordClick)).toEqual([
      "NOT_FOUND",
      { accepted: true, duplicate: false },
      "BAD_USER_INPUT",
    ]);
  });

  it("counts a visitor's valid click even when an invalid or already-seen click of theirs comes first in the batch", async () => {
    const visitorHash = `visitor-${randomUUID()}`;
    const at = clock.now();
    const seen = randomUUID();
    await writeClicks(
      databases.review.db,
      [
        {
          clickId: seen,
          widgetId: activeWidget,
          productId: null,
          visitor: "someone else",
          origin: "elsewhere",
          occurredAt: at,
        },
      ],
      { windowSeconds: 60 },
    );
    const attempts = [
      // The product is not shown in the widget: invalid.
      {
        clickId: randomUUID(),
        widgetId: activeWidget,
        productId: otherProduct,
        visitor: visitorHash,
        origin: visitorHash,
        occurredAt: at,
      },
      // Seen before (a retry): answered as it was.
      {
        clickId: seen,
        widgetId: activeWidget,
        productId: null,
        visitor: visitorHash,
        origin: visitorHash,
        occurredAt: at,
      },
      // The visitor's first new, valid click on the widget: counted.
      {
        clickId: randomUUID(),
        widgetId: activeWidget,
        productId: shownProduct,
        visitor: visitorHash,
        origin: visitorHash,
        occurredAt: at,
      },
      // Their second one in the same batch: a repeat.
      {
        clickId: randomUUID(),
        widgetId: activeWidget,
        productId: null,
        visitor: visitorHash,
        origin: visitorHash,
        occurredAt: at,
      },
    ];
    expect(await writeClicks(databases.review.db, attempts, { windowSeconds: 60 })).toEqual([
      { status: "product-not-in-widget" },
      { status: "recorded", duplicate: true, counted: true },
      { status: "recorded", duplicate: false, counted: true },
      { status: "recorded", duplicate: false, counted: false },
    ]);
  });

  it("counts at most 10 clicks of one address on a widget per window, however many user agents it shows, and keeps no id of the rest", async () => {
    const address = `origin-${randomUUID()}`;
    const at = clock.now();
    const attempts = Array.from({ length: 15 }, (_, n) => ({
      clickId: randomUUID(),
      widgetId: activeWidget,
      productId: null,
      visitor: `${address}/agent-${n}`, // a new user agent each time: a new visitor
      origin: address,
      occurredAt: at,
    }));
    const outcomes = await writeClicks(databases.review.db, attempts, { windowSeconds: 60 });
    expect(outcomes.filter((o) => o.status === "recorded" && o.counted)).toHaveLength(10);
    const kept = await databases.review
      .sql`select count(*)::int as n from click_ids where click_id in ${databases.review.sql(attempts.map((a) => a.clickId))}`;
    expect(kept[0]?.n).toBe(10);
  });

  it("takes every address of one IPv6 /64 for one origin, so its cap holds across the /64", async () => {
    const hasher = new VisitorHasher(databases.review.db);
    const at = clock.now();
    const a = await hasher.hash("2001:db8:5:6::1", "agent a", at);
    const b = await hasher.hash("2001:db8:5:6:ffff:1:2:3", "agent b", at);
    const elsewhere = await hasher.hash("2001:db8:5:7::1", "agent a", at);
    expect(b.origin).toBe(a.origin);
    expect(b.visitor).not.toBe(a.visitor);
    expect(elsewhere.origin).not.toBe(a.origin);
  });

  it("forgets address windows, of clicks and of impressions, once they have run out", async () => {
    const origin = `origin-${randomUUID()}`;
    const at = new Date("2026-11-11T08:00:00Z");
    const click = { widgetId: activeWidget, productId: null, visitor: origin, origin, occurredAt: at };
    await writeClicks(databases.review.db, [{ ...click, clickId: randomUUID() }], { windowSeconds: 60 });
    await writeImpressions(
      databases.review.db,
      [{ impressionId: randomUUID(), widgetId: activeWidget, origin, occurredAt: at }],
      {
        windowSeconds: 60,
        maxPerOrigin: 10,
      },
    );
    const windows = async () => {
      const [row] = await databases.review.sql<{ clicks: number; impressions: number }[]>`
        select (select count(*)::int from origin_windows where origin = ${origin}) as clicks,
               (select count(*)::int from impression_origin_windows where origin = ${origin}) as impressions`;
      return row;
    };
    expect(await windows()).toEqual({ clicks: 1, impressions: 1 });
    const settings = { clickIdRetentionDays: 7, windowSeconds: 60 };
    await deleteExpiredClickState(databases.review.db, { ...settings, now: new Date(at.getTime() + 59_000) });
    expect(await windows()).toEqual({ clicks: 1, impressions: 1 }); // still in its window
    await deleteExpiredClickState(databases.review.db, { ...settings, now: new Date(at.getTime() + 61_000) });
    expect(await windows()).toEqual({ clicks: 0, impressions: 0 });
  });
});
