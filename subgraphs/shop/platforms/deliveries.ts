import { sql } from "drizzle-orm";
import { BadInputError, DomainError } from "../../../lib/errors.ts";
import { GroupCommit } from "../../../lib/group-commit.ts";
import { inTransaction, runPrepared, type SqlClient } from "../../../lib/runtime/database.ts";
import { SealedSecretError, unseal } from "../../../lib/sealed.ts";
import type { ShopDb } from "../db/index.ts";
import {
  REFUNDS_EXCEED_LINE,
  refundsExceedLine,
  type StoredOrder,
  upsertOrders,
} from "../db/queries/orders.ts";
import {
  connectionBySource,
  type DeliveryKey,
  deliveryKeyOf,
  lockDeliveries,
  lockOrderStates,
  markApplied,
  type NewDelivery,
  noteFailure,
  noteRefusal,
  type OrderRef,
  orderKeyOf,
  orderVersion,
  type RecordedDelivery,
  recordDeliveries,
  saveOrderStates,
} from "../db/queries/platforms.ts";
import { type ValidOrder, validOrder } from "../orders/order-input.ts";
import {
  applyEvent,
  type OrderState,
  orderOf,
  type Platform,
  type PlatformEvent,
  platformProductIds,
  validSignature,
} from "./platform-order.ts";
import { shopifyEvent } from "./shopify.ts";
import { normalSource } from "./sources.ts";
import { woocommerceEvent } from "./woocommerce.ts";

/** The largest body a delivery may have: an order of 100 lines with all of a platform's fields. */
export const MAX_DELIVERY_BYTES = 1_000_000;

/** How deliveries are recorded: many to a statement and a commit, as `upsertOrder`'s orders are. */
const RECORDING = { maxBatch: 200, flushMs: 2, maxConcurrentWrites: 2 } as const;

/** Records deliveries group-committed; each submitter is answered (new or a duplicate) after its commit. */
export function deliveryIntake(db: ShopDb) {
  return new GroupCommit<NewDelivery, boolean>((batch) => recordDeliveries(db, batch), RECORDING);
}
export type DeliveryIntake = ReturnType<typeof deliveryIntake>;

export interface ReceivedWebhook {
  platform: Platform;
  source: string;
  deliveryId: string;
  topic: string;
  signature: string;
  body: Buffer;
}

/**
 * A delivery, taken only when its signature is the connection's: recorded once per delivery id, then
 * acknowledged; applied after (a crash in between leaves it recorded, for `pendingPlatformDeliveries`).
 * A forged or unsigned delivery writes nothing but a note on the connection, for its owner to see.
 */
export async function receiveWebhook(
  db: ShopDb,
  intake: DeliveryIntake,
  connectionRing: string,
  webhook: ReceivedWebhook,
  now: Date,
): Promise<{ storeId: string; duplicate: boolean; platformProductIds: string[] }> {
  const source = normalSource(webhook.platform, webhook.source);
  const connection = source && (await connectionBySource(db, { platform: webhook.platform, source }));
  if (!connection) throw new DomainError("UNAUTHENTICATED", "No store is connected to this shop");
  let secret: string;
  try {
    secret = unseal(connectionRing, connection.sealedSecret);
  } catch (error) {
    if (!(error instanceof SealedSecretError)) throw error;
    // The operator's to fix (a key dropped from CONNECTION_SECRET too soon): the platform retries meanwhile.
    throw new Error(`The connection's secret does not open: ${error.message}`);
  }
  const refuse = async (reason: string) => {
    await noteRefusal(db, { storeId: connection.storeId, platform: webhook.platform, reason, at: now });
    return new DomainError("UNAUTHENTICATED", reason);
  };
  if (!webhook.signature) throw await refuse("a delivery without a signature");
  if (!validSignature(webhook.body, webhook.signature, secret))
    throw await refuse(
      "a signature that is not the webhook secret's (was the secret changed on the platform?)",
    );
  if (!/^[\x21-\x7e]{1,200}$/.test(webhook.deliveryId) || !/^[\x21-\x7e]{1,100}$/.test(webhook.topic))
    throw new BadInputError("the delivery id and topic headers must be printable text");
  const text = webhook.body.toString("utf8");
  const event = eventOf(webhook.platform, webhook.topic, parseBody(text), connection.currency);
  const duplicate = await intake.submit({
    storeId: connection.storeId,
    platform: webhook.platform,
    deliveryId: webhook.deliveryId,
    topic: webhook.topic,
    body: text,
    at: now,
  });
  return {
    storeId: connection.storeId,
    duplicate,
    platformProductIds: await productsNamed(db, connection.storeId, webhook.platform, event),
  };
}

/** The platform product ids the order of an event names, as far as is known now. */
async function productsNamed(db: ShopDb, storeId: string, platform: Platform, event: PlatformEvent) {
  if (event.kind === "ignored") return [];
  const version =
    event.kind === "order"
      ? event.order
      : await orderVersion(db, { storeId, platform, orderRef: event.orderRef });
  return platformProductIds({ version, refunds: {}, refundedAt: null, deletedAt: null });
}

export interface ApplyOutcome {
  applied: boolean;
  detail: string;
  missingProducts: string[];
}

/** The graph's order id of a platform's order: prefixed, so no platform's ids meet another's or a checkout's. */
export const graphOrderId = (platform: Platform, orderRef: string) => `${platform}:${orderRef}`;

/**
 * Applies recorded deliveries in one transaction that holds them and their orders (each locked in one
 * order, so concurrent appliers cannot deadlock): each order's deliveries merged into its state in the
 * order they came (a stale version changes nothing), then every order written by `upsertOrder`'s one
 * statement. An order that breaks a rule (another currency, refunds past a line) is not taken: its
 * deliveries are done, the reason is noted on the connection, and a later version is taken as usual. A
 * delivery whose order names products not in `products` (keyed `<store id>/<platform id>`) is left, with
 * the ids to look up, as are the other deliveries of that order in the batch.
 */
export async function applyDeliveries(
  db: ShopDb,
  keys: readonly DeliveryKey[],
  products: ReadonlyMap<string, string | null>,
  now: Date,
): Promise<ApplyOutcome[]> {
  return inTransaction(db, async (tx) => {
    const outcomes: ApplyOutcome[] = keys.map(() => ({ applied: true, detail: "", missingProducts: [] }));
    const finished: { key: DeliveryKey; outcome: string }[] = [];
    const finish = (i: number, key: DeliveryKey, detail: string) => {
      outcomes[i] = { applied: true, detail, missingProducts: [] };
      finished.push({ key, outcome: detail });
    };

    const recorded = await lockDeliveries(tx, keys);
    const orders = new Map<
      string,
      {
        ref: OrderRef;
        currency: string;
        deliveries: { i: number; delivery: RecordedDelivery; event: PlatformEvent }[];
      }
    >();
    for (const [i, key] of keys.entries()) {
      const delivery = recorded.get(deliveryKeyOf(key));
      if (!delivery) {
        finish(i, key, "no such delivery");
        continue;
      }
      if (delivery.appliedAt) {
        outcomes[i] = { applied: true, detail: delivery.outcome ?? "applied", missingProducts: [] };
        continue;
      }
      let event: PlatformEvent;
      try {
        event = eventOf(key.platform, delivery.topic, parseBody(delivery.body), delivery.currency);
      } catch (error) {
        if (!(error instanceof BadInputError)) throw error;
        finish(i, key, `not taken: ${error.message}`);
        continue;
      }
      if (event.kind === "ignored") {
        finish(i, key, `ignored: ${event.reason}`);
        continue;
      }
      const ref = { storeId: key.storeId, platform: key.platform, orderRef: event.orderRef };
      const order = orders.get(orderKeyOf(ref)) ?? { ref, currency: delivery.currency, deliveries: [] };
      order.deliveries.push({ i, delivery, event });
      orders.set(orderKeyOf(ref), order);
    }

    const states = await lockOrderStates(
      tx,
      [...orders.values()].map((order) => order.ref),
    );
    const saved: { ref: OrderRef; state: OrderState }[] = [];
    const toWrite: {
      order: ValidOrder;
      deliveries: { i: number; delivery: RecordedDelivery }[];
      ref: OrderRef;
    }[] = [];
    const failures: { ref: OrderRef; reason: string }[] = [];
    for (const [orderKey, { ref, currency, deliveries }] of orders) {
      deliveries.sort((a, b) => a.delivery.receivedAt.getTime() - b.delivery.receivedAt.getTime());
      const state = deliveries.reduce(
        (merged, { delivery, event }) => applyEvent(merged, event, delivery.receivedAt),
        states.get(orderKey) ?? { version: null, refunds: {}, refundedAt: null, deletedAt: null },
      );
      const known = storeProducts(products, ref.storeId);
      const missingProducts = platformProductIds(state).filter((id) => !known.has(id));
      if (missingProducts.length > 0) {
        for (const { i } of deliveries)
          outcomes[i] = { applied: false, detail: "products to look up", missingProducts };
        continue;
      }
      saved.push({ ref, state });
      // A refund or a deletion of an order whose version has not come yet waits for it.
      if (!state.version) {
        for (const { i, delivery } of deliveries) finish(i, delivery.key, "kept until the order comes");
        continue;
      }
      try {
        const order = validOrder(
          orderOf(
            ref.storeId,
            graphOrderId(ref.platform, ref.orderRef),
            { ...state, version: state.version },
            known,
          ),
          currency,
          now,
        );
        toWrite.push({ order, deliveries, ref });
      } catch (error) {
        if (!(error instanceof BadInputError)) throw error;
        failures.push({ ref, reason: error.message });
        for (const { i, delivery } of deliveries) finish(i, delivery.key, `not taken: ${error.message}`);
      }
    }

    const written = await writeOrders(
      tx,
      toWrite.map(({ order }) => order),
    );
    toWrite.forEach(({ deliveries, ref }, n) => {
      const outcome = written[n] as StoredOrder | string;
      const detail =
        typeof outcome === "string" ? `not taken: ${outcome}` : `order ${ref.orderRef}: ${outcome.outcome}`;
      if (typeof outcome === "string") failures.push({ ref, reason: outcome });
      for (const { i, delivery } of deliveries) finish(i, delivery.key, detail);
    });
    await saveOrderStates(tx, saved);
    await markApplied(tx, finished, now);
    for (const { ref, reason } of failures)
      await noteFailure(tx, {
        storeId: ref.storeId,
        platform: ref.platform,
        reason: `order ${ref.orderRef}: ${reason}`,
        at: now,
      });
    return outcomes;
  });
}

/**
 * Orders written in one statement; if the database refuses it (a line's refunds past the line as first
 * stored), each again alone, so that only that order is refused: its reason in place of its outcome.
 */
async function writeOrders(tx: SqlClient, orders: ValidOrder[]): Promise<(StoredOrder | string)[]> {
  if (orders.length === 0) return [];
  await runPrepared(tx, sql`savepoint platform_orders`);
  try {
    return await upsertOrders(tx, orders);
  } catch (error) {
    if (!refundsExceedLine(error)) throw error;
    await runPrepared(tx, sql`rollback to savepoint platform_orders`);
  }
  const outcomes: (StoredOrder | string)[] = [];
  for (const order of orders) {
    await runPrepared(tx, sql`savepoint platform_order`);
    try {
      outcomes.push(...(await upsertOrders(tx, [order])));
    } catch (error) {
      if (!refundsExceedLine(error)) throw error;
      await runPrepared(tx, sql`rollback to savepoint platform_order`);
      outcomes.push(REFUNDS_EXCEED_LINE);
    }
  }
  return outcomes;
}

/** One store's view of a batch's product map (keyed `<store id>/<platform id>`): platform id → product. */
export function storeProducts(
  products: ReadonlyMap<string, string | null>,
  storeId: string,
): ReadonlyMap<string, string | null> {
  const prefix = `${storeId}/`;
  return new Map(
    [...products]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, id]) => [key.slice(prefix.length), id]),
  );
}

function eventOf(platform: Platform, topic: string, payload: unknown, currency: string): PlatformEvent {
  return platform === "shopify" ? shopifyEvent(topic, payload, currency) : woocommerceEvent(topic, payload);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadInputError("the body is not JSON");
  }
}
