import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../subgraphs/shop/db/queries/keys.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeStores } from "./helpers/factories.ts";
import { BROWSER_UA, newVisitor, startStack } from "./helpers/stack.ts";
import { movableClock } from "./helpers/time.ts";

const START = new Date("2026-11-02T10:00:00Z");
const DAY = 86_400_000;

const SET_HOLDOUT = /* GraphQL */ `
  mutation Set($widgetId: ID!, $share: Int!) {
    setWidgetHoldout(widgetId: $widgetId, share: $share) { holdout { id share startedAt startedBy } }
  }
`;
const SLOT_VIEWS = /* GraphQL */ `
  mutation Views($input: RecordSlotViewsInput!) {
    recordSlotViews(input: $input) { results { accepted duplicate refused } }
  }
`;
const ORDER = /* GraphQL */ `
  mutation Order($input: OrderInput!) { upsertOrder(input: $input) { outcome } }
`;
const RESULT = /* GraphQL */ `
  query Result($widgetId: ID!) {
    widget(id: $widgetId) {
      holdout { share visitorWeeks { week exposedVisitors heldOutVisitors exposedSlotViews heldOutSlotViews }
        looks { week verdict visitorsStillNeeded boundary
          exposed { visitors orders revenue { amount } revenuePerVisitor { amount } }
          heldOut { visitors orders revenue { amount } revenuePerVisitor { amount } }
          revenuePerVisitorDifference { value { amount } low { amount } high { amount } }
          incrementalRevenue { value { amount } } } }
      holdoutRuns { id share stoppedAt stoppedBy }
    }
  }
`;

describe("a widget's holdout through the gateway", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let storeId: string;
  let widgetId: string;
  let productId: string;
  let owner: Record<string, string>;
  let checkoutKey: Record<string, string>;
  const clock = movableClock(START);

  beforeAll(async () => {
    databases = await freshDatabases();
    const [store] = await makeStores(databases.shop.db, { name: "Holdout" });
    if (!store) throw new Error("no store");
    storeId = store.id;
    const catalogue = await makeCatalogue(databases.review.db, storeId, [{}]);
    widgetId = catalogue.widget.id;
    productId = catalogue.products[0]?.id ?? "";
    stack = await startStack(databases.urls, { clock: clock.now });
    owner = { authorization: `Bearer ${await stack.token({ kind: "store", storeId })}` };
    const { key } = await createKey(databases.shop.db, {
      storeId,
      name: "checkout",
      scopes: ["orders:write"],
    });
    checkoutKey = { authorization: `Bearer ${key}` };
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const view = (runId: string, group: "EXPOSED" | "HELD_OUT", firstInRun: boolean, headers = newVisitor()) =>
    stack.query<{
      recordSlotViews: { results: { accepted: boolean; duplicate: boolean; refused: string | null }[] };
    }>(
      SLOT_VIEWS,
      { input: { slotViews: [{ runId, slotViewId: randomUUID(), group, firstInRun }] } },
      headers,
    );
  const order = async (runId: string, group: "EXPOSED" | "HELD_OUT", total: string, placedAt: Date) => {
    const { data, errors } = await stack.query(
      ORDER,
      {
        input: {
          storeId,
          orderId: randomUUID(),
          placedAt: placedAt.toISOString(),
          updatedAt: placedAt.toISOString(),
          status: "PAID",
          currency: "USD",
          lines: [{ lineId: "1", productId, quantity: 1, unitPrice: total }],
          holdoutGroups: [{ runId, group }],
        },
      },
      checkoutKey,
    );
    expect(errors ?? data).toEqual({ upsertOrder: { outcome: "CREATED" } });
  };

  it("is set by the store's owner only, 5 to 50 %, and each change starts a run of its own", async () => {
    const settingsLink = {
      authorization: `Bearer ${await stack.token({ kind: "store", storeId, link: { purpose: "settings", email: "owner@holdout.example" } })}`,
    };
    const refused = await stack.query(SET_HOLDOUT, { widgetId, share: 10 }, settingsLink);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    for (const share of [3, 51, 12.5]) {
      const bad = await stack.query(SET_HOLDOUT, { widgetId, share }, owner);
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const first = await stack.query<{ setWidgetHoldout: { holdout: { id: string; share: number } } }>(
      SET_HOLDOUT,
      { widgetId, share: 20 },
      owner,
    );
    expect(first.data?.setWidgetHoldout.holdout.share).toBe(20);
    const same = await stack.query<{ setWidgetHoldout: { holdout: { id: string } } }>(
      SET_HOLDOUT,
      { widgetId, share: 20 },
      owner,
    );
    expect(same.data?.setWidgetHoldout.holdout.id).toBe(first.data?.setWidgetHoldout.holdout.id);
    const changed = await stack.query<{
      setWidgetHoldout: { holdout: { id: string; share: number; startedBy: string } };
    }>(SET_HOLDOUT, { widgetId, share: 10 }, owner);
    expect(changed.data?.setWidgetHoldout.holdout).toMatchObject({ share: 10, startedBy: "STORE_TOKEN" });
    expect(changed.data?.setWidgetHoldout.holdout.id).not.toBe(first.data?.setWidgetHoldout.holdout.id);
    const { data } = await stack.query<{
      widget: { holdoutRuns: { share: number; stoppedAt: string | null; stoppedBy: string | null }[] };
    }>(RESULT, { widgetId }, owner);
    expect(data?.widget.holdoutRuns.map((run) => [run.share, run.stoppedAt !== null, run.stoppedBy])).toEqual(
      [
        [10, false, null],
        [20, true, "STORE_TOKEN"],
      ],
    );
  });

  it("counts each group's visitors and slot views once, not a bot's, not a stopped run's, and splits orders by group", async () => {
    const running = await stack.query<{ widget: { holdout: { id: string } } }>(
      /* GraphQL */ `query($id: ID!) { widget(id: $id) { holdout { id } } }`,
      { id: widgetId },
      owner,
    );
    const runId = running.data?.widget.holdout.id ?? "";
    const stopped = (
      await stack.query<{ widget: { holdoutRuns: { id: string }[] } }>(RESULT, { widgetId }, owner)
    ).data?.widget.holdoutRuns[1]?.id;
    clock.advance(DAY);
    // Nine exposed browsers and three held out, each with a first view and a second; one retried.
    for (let i = 0; i < 12; i++) {
      const group = i < 9 ? "EXPOSED" : "HELD_OUT";
      const browser = newVisitor();
      expect((await view(runId, group, true, browser)).data?.recordSlotViews.results[0]?.accepted).toBe(true);
      expect((await view(runId, group, false, browser)).data?.recordSlotViews.results[0]?.accepted).toBe(
        true,
      );
    }
    const again = { runId, slotViewId: randomUUID(), group: "EXPOSED", firstInRun: true };
    await stack.query(SLOT_VIEWS, { input: { slotViews: [again] } }, newVisitor());
    const retried = await stack.query<{ recordSlotViews: { results: { duplicate: boolean }[] } }>(
      SLOT_VIEWS,
      { input: { slotViews: [again] } },
      newVisitor(),
    );
    expect(retried.data?.recordSlotViews.results[0]?.duplicate).toBe(true);
    const bot = await view(runId, "EXPOSED", true, { "user-agent": "Googlebot/2.1", authorization: "" });
    expect(bot.data?.recordSlotViews.results[0]).toMatchObject({ accepted: false, refused: "BOT" });
    const old = await view(stopped ?? "", "EXPOSED", true);
    expect(old.data?.recordSlotViews.results[0]).toMatchObject({
      accepted: false,
      refused: "NO_RUNNING_HOLDOUT",
    });

    clock.advance(7 * DAY); // the run's first week is complete
    await order(runId, "EXPOSED", "40.00", new Date(START.getTime() + 2 * DAY));
    await order(runId, "EXPOSED", "20.00", new Date(START.getTime() + 3 * DAY));
    await order(runId, "HELD_OUT", "10.00", new Date(START.getTime() + 3 * DAY));
    // Placed after the first week: in the second look, not the first.
    await order(runId, "HELD_OUT", "99.00", new Date(START.getTime() + 8 * DAY));

    const { data, errors } = await stack.query<{
      widget: {
        holdout: {
          visitorWeeks: unknown[];
          looks: {
            week: number;
            verdict: string;
            exposed: {
              visitors: number;
              orders: number;
              revenue: { amount: string };
              revenuePerVisitor: { amount: string };
            };
            heldOut: {
              visitors: number;
              orders: number;
              revenue: { amount: string };
              revenuePerVisitor: { amount: string };
            };
            revenuePerVisitorDifference: { value: { amount: string } };
            incrementalRevenue: { value: { amount: string } };
          }[];
        };
      };
    }>(RESULT, { widgetId }, owner);
    expect(errors).toBeUndefined();
    expect(data?.widget.holdout.visitorWeeks).toEqual([
      { week: 1, exposedVisitors: 10, heldOutVisitors: 3, exposedSlotViews: 19, heldOutSlotViews: 6 },
    ]);
    const [look] = data?.widget.holdout.looks ?? [];
    expect(look).toMatchObject({
      week: 1,
      verdict: "TOO_EARLY",
      exposed: {
        visitors: 10,
        orders: 2,
        revenue: { amount: "60.00" },
        revenuePerVisitor: { amount: "6.00" },
      },
      heldOut: {
        visitors: 3,
        orders: 1,
        revenue: { amount: "10.00" },
        revenuePerVisitor: { amount: "3.33" },
      },
      revenuePerVisitorDifference: { value: { amount: "2.67" } },
      incrementalRevenue: { value: { amount: "26.67" } },
    });
  });

  it("answers a store's running holdouts to any storefront, and its figures only to its own tokens", async () => {
    const { data } = await stack.query<{ runningHoldouts: { widgetId: string; share: number }[] }>(
      /* GraphQL */ `query($storeId: ID!) { runningHoldouts(storeId: $storeId) { runId widgetId share } }`,
      { storeId },
      { authorization: "", "user-agent": BROWSER_UA },
    );
    expect(data?.runningHoldouts).toMatchObject([{ widgetId, share: 10 }]);
    const [other] = await makeStores(databases.shop.db, { name: "Other" });
    const stranger = {
      authorization: `Bearer ${await stack.token({ kind: "store", storeId: other?.id ?? "" })}`,
    };
    const refused = await stack.query(RESULT, { widgetId }, stranger);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
