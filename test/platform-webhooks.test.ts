import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributeClaims } from "../jobs/attribution.ts";
import { createLogger } from "../lib/logger.ts";
import { connectStore, resealConnections } from "../subgraphs/shop/platforms/connections.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeCatalogue, makeStores } from "./helpers/factories.ts";
import { shopifyOrder, shopifySender, woocommerceOrder, woocommerceSender } from "./helpers/platforms.ts";
import { eventually } from "./helpers/poll.ts";
import { newVisitor, startStack } from "./helpers/stack.ts";

/** Half an hour before the orders below were placed (17:00 UTC): the clicks come first. */
const NOW = new Date("2026-11-25T16:30:00Z");
const SHOP = "brooklyn-goods.myshopify.com";
const SITE = "https://shop.example/";
const log = createLogger("test", "silent");

const RECORD_CLICK = /* GraphQL */ `
  mutation Click($input: RecordClickInput!) { recordClick(input: $input) { accepted } }
`;
const CONNECTIONS = /* GraphQL */ `
  query Connections($id: ID!) {
    store(id: $id) {
      platformConnections { platform source webhookPath topics lastReceivedAt lastRefusal lastFailure }
    }
  }
`;

describe("shop platforms' order webhooks through the gateway", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let brooklyn: string;
  let berlin: string;
  let catalogue: Awaited<ReturnType<typeof makeCatalogue>>;
  let shopifySecret = "shpss_0123456789abcdef0123456789abcdef";
  const wooSecret = "wc-webhook-secret-0123456789";
  let shopify: ReturnType<typeof shopifySender>;
  let woocommerce: ReturnType<typeof woocommerceSender>;

  beforeAll(async () => {
    databases = await freshDatabases();
    const [a, b] = await makeStores(
      databases.shop.db,
      { name: "Brooklyn Goods", timezone: "America/New_York" },
      { name: "Berliner Laden", timezone: "Europe/Berlin", currency: "EUR", locale: "de" },
    );
    if (!a || !b) throw new Error("no stores");
    brooklyn = a.id;
    berlin = b.id;
    catalogue = await makeCatalogue(databases.review.db, brooklyn, [
      { platformId: "8100000001" },
      { platformId: "8100000002" },
    ]);
    await makeCatalogue(databases.review.db, berlin, [{ platformId: "41" }]);
    stack = await startStack(databases.urls, { clock: () => NOW });
    const ring = stack.secrets.connectionSecret;
    const at = NOW;
    await connectStore(databases.shop.db, ring, {
      storeId: brooklyn,
      platform: "shopify",
      source: SHOP,
      secret: shopifySecret,
      at,
    });
    await connectStore(databases.shop.db, ring, {
      storeId: berlin,
      platform: "woocommerce",
      source: SITE,
      secret: wooSecret,
      at,
    });
    shopify = shopifySender(stack.gatewayUrl, SHOP);
    woocommerce = woocommerceSender(stack.gatewayUrl, SITE);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  const product = (i: number) => {
    const found = catalogue.products[i];
    if (!found) throw new Error(`no product ${i}`);
    return found;
  };
  const linesOf = async (storeId: string, orderRef: string | number) =>
    databases.shop.db.$client<
      {
        status: string;
        line_id: string;
        product_id: string | null;
        quantity: number;
        unit_price: string;
        refunded_quantity: number;
        refunded_amount: string;
        click_id: string | null;
        credited_widget_id: string | null;
      }[]
    >`
      select o.status, l.line_id, l.product_id, l.quantity, l.unit_price::text, l.refunded_quantity,
        l.refunded_amount::text, l.click_id, l.credited_widget_id
      from orders o join order_lines l on l.order_id = o.id
      where o.store_id = ${storeId} and o.external_id = ${`${storeId === berlin ? "woocommerce" : "shopify"}:${orderRef}`}
      order by l.line_id`;
  const written = async () => {
    const [row] = await databases.shop.db.$client<{ deliveries: number; orders: number }[]>`
      select (select count(*)::int from platform_deliveries) as deliveries, (select count(*)::int from orders) as orders`;
    return row;
  };
  const click = async (productId: string) => {
    const clickId = randomUUID();
    const { data } = await stack.query(
      RECORD_CLICK,
      { input: { widgetId: catalogue.widget.id, productId, clickId } },
      newVisitor(),
    );
    expect(data).toEqual({ recordClick: { accepted: true } });
    return clickId;
  };

  it("credits a signed order's clicked line, and only that line", async () => {
    const clickId = await click(product(0).id);
    const order = shopifyOrder([
      { productId: 8100000001, quantity: 2, price: "19.99", click: clickId },
      { productId: 8100000002, quantity: 1, price: "5.00" },
    ]);
    expect(await shopify("orders/create", order, shopifySecret)).toEqual({
      status: 200,
      body: { duplicate: false },
    });
    await stack.platformsSettled();
    const lines = await linesOf(brooklyn, order.id);
    expect(lines.map((l) => [l.status, l.product_id, l.quantity, l.unit_price, l.click_id])).toEqual([
      ["paid", product(0).id, 2, "19.990", clickId],
      ["paid", product(1).id, 1, "5.000", null],
    ]);
    expect(await attributeClaims(stack.workerSettings(), { windowDays: 7, log })).toEqual({
      checked: 1,
      credited: 1,
    });
    expect((await linesOf(brooklyn, order.id)).map((l) => l.credited_widget_id)).toEqual([
      catalogue.widget.id,
      null,
    ]);
  });

  it("refuses a wrong, missing or stale signature and an unknown shop, writing no order and no delivery", async () => {
    const before = await written();
    const order = shopifyOrder([{ productId: 8100000001, quantity: 1, price: "19.99" }]);
    expect((await shopify("orders/create", order, "not-the-secret-at-all")).status).toBe(401);
    expect((await shopify("orders/create", order, shopifySecret, { signature: null })).status).toBe(401);
    const tampered = await shopify("orders/create", order, shopifySecret, {
      signature: Buffer.alloc(32, 7).toString("base64"),
    });
    expect(tampered.status).toBe(401);
    const stranger = await shopifySender(stack.gatewayUrl, "someone-else.myshopify.com")(
      "orders/create",
      order,
      shopifySecret,
    );
    expect(stranger.status).toBe(401);
    // The owner made a new secret on Shopify: deliveries signed with the old one are stale.
    const old = shopifySecret;
    shopifySecret = "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";
    await connectStore(databases.shop.db, stack.secrets.connectionSecret, {
      storeId: brooklyn,
      platform: "shopify",
      source: SHOP,
      secret: shopifySecret,
      at: NOW,
    });
    expect((await shopify("orders/create", order, old)).status).toBe(401);
    expect(await written()).toEqual(before);
    const { data } = await stack.query<{ store: { platformConnections: { lastRefusal: string | null }[] } }>(
      CONNECTIONS,
      { id: brooklyn },
      { authorization: `Bearer ${await stack.token({ kind: "store", storeId: brooklyn })}` },
    );
    expect(data?.store.platformConnections[0]?.lastRefusal).toMatch(
      /signature that is not the webhook secret's/,
    );
    expect((await shopify("orders/create", order, shopifySecret)).status).toBe(200);
  });

  it("answers a delivery sent twice 200 both times and records it once", async () => {
    const order = shopifyOrder([{ productId: 8100000002, quantity: 3, price: "5.00" }]);
    const webhookId = randomUUID();
    expect((await shopify("orders/create", order, shopifySecret, { webhookId })).body).toEqual({
      duplicate: false,
    });
    await stack.platformsSettled();
    const before = await written();
    expect(await shopify("orders/create", order, shopifySecret, { webhookId })).toEqual({
      status: 200,
      body: { duplicate: true },
    });
    await stack.platformsSettled();
    expect(await written()).toEqual(before);
    expect((await linesOf(brooklyn, order.id)).map((l) => l.quantity)).toEqual([3]);
  });

  it("keeps the newer version when orders/updated comes before orders/create", async () => {
    const created = shopifyOrder([{ productId: 8100000001, quantity: 1, price: "19.99" }]);
    const updated = { ...created, updated_at: "2026-11-25T12:30:00-05:00", fulfillment_status: "fulfilled" };
    expect((await shopify("orders/updated", updated, shopifySecret)).status).toBe(200);
    await stack.platformsSettled();
    expect((await shopify("orders/create", created, shopifySecret)).status).toBe(200);
    await stack.platformsSettled();
    expect((await linesOf(brooklyn, created.id)).map((l) => l.status)).toEqual(["fulfilled"]);
    const [outcome] = await databases.shop.db.$client<{ outcome: string }[]>`
      select outcome from platform_deliveries where topic = 'orders/create' and body like ${`%"id":${created.id},%`}`;
    expect(outcome?.outcome).toBe(`order ${created.id}: UNCHANGED`);
  });

  it("takes a partial refund by line once, whether it comes alone or inside the order", async () => {
    const order = shopifyOrder([
      { productId: 8100000001, quantity: 2, price: "19.99" },
      { productId: 8100000002, quantity: 1, price: "5.00" },
    ]);
    const [first] = order.line_items;
    await shopify("orders/paid", order, shopifySecret);
    await stack.platformsSettled();
    const refund = {
      id: 9001,
      order_id: order.id,
      created_at: "2026-11-25T13:00:00-05:00",
      refund_line_items: [{ id: 1, line_item_id: first?.id, quantity: 1, subtotal: 19.99, subtotal_set: {} }],
    };
    await shopify("refunds/create", refund, shopifySecret);
    await stack.platformsSettled();
    const refunded = (await linesOf(brooklyn, order.id)).map((l) => [l.refunded_quantity, l.refunded_amount]);
    expect(refunded).toEqual([
      [1, "19.990"],
      [0, "0.000"],
    ]);
    const { order_id: _, ...inside } = refund;
    await shopify(
      "orders/updated",
      {
        ...order,
        updated_at: "2026-11-25T13:00:01-05:00",
        financial_status: "partially_refunded",
        refunds: [inside],
      },
      shopifySecret,
    );
    await stack.platformsSettled();
    const lines = await linesOf(brooklyn, order.id);
    expect(lines.map((l) => [l.status, l.refunded_quantity, l.refunded_amount])).toEqual([
      ["paid", 1, "19.990"],
      ["paid", 0, "0.000"],
    ]);
  });

  it("stores a cancellation, and pending or voided orders as no sale", async () => {
    const order = shopifyOrder([{ productId: 8100000001, quantity: 1, price: "19.99" }]);
    await shopify("orders/create", order, shopifySecret);
    await shopify(
      "orders/cancelled",
      { ...order, updated_at: "2026-11-25T14:00:00-05:00", cancelled_at: "2026-11-25T14:00:00-05:00" },
      shopifySecret,
    );
    const pending = shopifyOrder([{ productId: 8100000002, quantity: 1, price: "5.00" }], {
      financial_status: "pending",
    });
    const voided = shopifyOrder([{ productId: 8100000002, quantity: 1, price: "5.00" }], {
      financial_status: "voided",
    });
    await shopify("orders/create", pending, shopifySecret);
    await shopify("orders/updated", voided, shopifySecret);
    await stack.platformsSettled();
    for (const id of [order.id, pending.id, voided.id])
      expect((await linesOf(brooklyn, id)).map((l) => l.status)).toEqual(["cancelled"]);
  });

  it("counts a line of a product the graph does not know in the store's sales, in no widget's", async () => {
    const clickId = await click(product(0).id);
    const order = shopifyOrder([
      { productId: 424242, quantity: 2, price: "7.50", click: clickId },
      { productId: null, quantity: 1, price: "1.00" },
    ]);
    await shopify("orders/create", order, shopifySecret);
    await stack.platformsSettled();
    const lines = await linesOf(brooklyn, order.id);
    expect(lines.map((l) => [l.product_id, l.click_id, l.unit_price])).toEqual([
      [null, null, "7.500"],
      [null, null, "1.000"],
    ]);
    const [sales] = await databases.shop.db.$client<{ total: string }[]>`
      select sum(l.quantity * l.unit_price)::text as total from orders o join order_lines l on l.order_id = o.id
      where o.external_id = ${`shopify:${order.id}`}`;
    expect(sales?.total).toBe("16.000");
  });

  it("takes WooCommerce's ping, its orders, their refunds and deletions, each delivery once", async () => {
    const ping = await fetch(new URL("/webhooks/woocommerce", stack.gatewayUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "webhook_id=17",
    });
    expect(ping.status).toBe(200);
    const order = woocommerceOrder([
      { productId: 41, quantity: 2, price: 12.5 },
      { productId: 0, quantity: 1, price: 5 },
    ]);
    expect((await woocommerce("order.created", order, wooSecret, { deliveryId: "901" })).body).toEqual({
      duplicate: false,
    });
    expect((await woocommerce("order.created", order, wooSecret, { deliveryId: "901" })).body).toEqual({
      duplicate: true,
    });
    await stack.platformsSettled();
    expect(
      (await linesOf(berlin, order.id)).map((l) => [l.status, l.unit_price, l.product_id === null]),
    ).toEqual([
      ["paid", "12.500", false],
      ["paid", "5.000", true],
    ]);
    await woocommerce(
      "order.updated",
      {
        ...order,
        status: "completed",
        date_modified_gmt: "2026-11-25T18:00:00",
        refunds: [{ id: 55, reason: "", total: "-6.00" }],
      },
      wooSecret,
      { deliveryId: "902" },
    );
    await stack.platformsSettled();
    // 6.00 over lines worth 25.00 and 5.00: 5.00 and the rest, 1.00.
    expect((await linesOf(berlin, order.id)).map((l) => [l.status, l.refunded_amount])).toEqual([
      ["fulfilled", "5.000"],
      ["fulfilled", "1.000"],
    ]);
    await woocommerce("order.deleted", { id: order.id }, wooSecret, { deliveryId: "903" });
    await stack.platformsSettled();
    expect((await linesOf(berlin, order.id)).map((l) => l.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("shows each connection's address, topics and last delivery on the store's settings", async () => {
    const { data } = await stack.query(
      CONNECTIONS,
      { id: berlin },
      {
        authorization: `Bearer ${await stack.token({ kind: "store", storeId: berlin })}`,
      },
    );
    expect(data).toEqual({
      store: {
        platformConnections: [
          {
            platform: "WOOCOMMERCE",
            source: SITE,
            webhookPath: "/webhooks/woocommerce",
            topics: ["order.created", "order.updated", "order.deleted"],
            lastReceivedAt: NOW.toISOString(),
            lastRefusal: null,
            lastFailure: null,
          },
        ],
      },
    });
    const other = await stack.query(
      CONNECTIONS,
      { id: brooklyn },
      {
        authorization: `Bearer ${await stack.token({ kind: "store", storeId: berlin })}`,
      },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("loses no acknowledged delivery when its gateway stops before applying it", async () => {
    // A gateway whose catalogue lookups fail acknowledges the delivery and cannot apply it; then it stops.
    const stranded = await stack.gatewayWithoutReview();
    const order = shopifyOrder([{ productId: 8100000001, quantity: 4, price: "19.99" }]);
    expect((await shopifySender(stranded.url, SHOP)("orders/create", order, shopifySecret)).status).toBe(200);
    await stranded.platformDeliveriesSettled();
    await stranded.close();
    expect(await linesOf(brooklyn, order.id)).toEqual([]);
    const [pending] = await databases.shop.db.$client<{ applied_at: string | null }[]>`
      select applied_at from platform_deliveries where body like ${`%"id":${order.id},%`}`;
    expect(pending).toEqual({ applied_at: null });
    // Any gateway that starts takes what was left.
    const next = await stack.extraGateway({});
    try {
      const lines = await eventually("the stranded delivery applied", async () => {
        const found = await linesOf(brooklyn, order.id);
        return found.length > 0 && found;
      });
      expect(lines.map((l) => l.quantity)).toEqual([4]);
    } finally {
      await next.close();
    }
  });
});

describe("rotating the key ring that seals the webhook secrets", () => {
  const OLD = `k1:${"o".repeat(40)}`;
  const NEW = `k2:${"n".repeat(40)}`;

  it("opens a secret sealed under the old key while both are held, and under the new one alone after `rotate`", async () => {
    const databases = await freshDatabases();
    try {
      const [store] = await makeStores(databases.shop.db, { name: "Rotating" });
      if (!store) throw new Error("no store");
      await makeCatalogue(databases.review.db, store.id, [{ platformId: "1" }]);
      const secret = "shpss_rotation-0123456789abcdef";
      await connectStore(databases.shop.db, OLD, {
        storeId: store.id,
        platform: "shopify",
        source: "rotating.myshopify.com",
        secret,
        at: NOW,
      });
      const deliver = async (ring: string) => {
        const stack = await startStack(databases.urls, { clock: () => NOW, connectionSecret: ring });
        try {
          const order = shopifyOrder([{ productId: 1, quantity: 1, price: "2.00" }]);
          return (
            await shopifySender(stack.gatewayUrl, "rotating.myshopify.com")("orders/create", order, secret)
          ).status;
        } finally {
          await stack.close();
        }
      };
      expect(await deliver(OLD)).toBe(200);
      expect(await deliver(`${NEW},${OLD}`)).toBe(200);
      expect(await resealConnections(databases.shop.db, `${NEW},${OLD}`)).toBe(1);
      expect(await resealConnections(databases.shop.db, `${NEW},${OLD}`)).toBe(0);
      expect(await deliver(NEW)).toBe(200);
      const [row] = await databases.shop.db.$client<
        { sealed_secret: string }[]
      >`select sealed_secret from platform_connections`;
      expect(row?.sealed_secret.startsWith("v1.k2.")).toBe(true);
      expect(row?.sealed_secret).not.toContain(secret);
    } finally {
      await databases.drop();
    }
  });
});
