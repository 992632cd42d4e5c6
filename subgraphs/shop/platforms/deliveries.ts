import { sql } from "drizzle-orm";
import { BadInputError, DomainError } from "../../../lib/errors.ts";
import { executePrepared, inTransaction } from "../../../lib/runtime/database.ts";
import { SealedSecretError, unseal } from "../../../lib/sealed.ts";
import type { ShopDb } from "../db/index.ts";
import { REFUNDS_EXCEED_LINE, refundsExceedLine, upsertOrders } from "../db/queries/orders.ts";
import {
  connectionBySource,
  type DeliveryKey,
  lockDelivery,
  lockOrderState,
  markApplied,
  noteFailure,
  noteRefusal,
  orderState,
  recordDelivery,
  saveOrderState,
  storeCurrency,
} from "../db/queries/platforms.ts";
import { validOrder } from "../orders/order-input.ts";
import {
  applyEvent,
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
  const recorded = await recordDelivery(db, {
    storeId: connection.storeId,
    platform: webhook.platform,
    deliveryId: webhook.deliveryId,
    topic: webhook.topic,
    body: text,
    at: now,
  });
  return {
    storeId: connection.storeId,
    ...recorded,
    platformProductIds: await productsNamed(db, connection.storeId, webhook.platform, event),
  };
}

/** The platform product ids the order of an event names, as far as is known now. */
async function productsNamed(db: ShopDb, storeId: string, platform: Platform, event: PlatformEvent) {
  if (event.kind === "ignored") return [];
  const version =
    event.kind === "order"
      ? event.order
      : await orderState(db, { storeId, platform, orderRef: event.orderRef });
  return platformProductIds({ version, refunds: {}, refundedAt: null, deletedAt: null });
}

export interface ApplyOutcome {
  applied: boolean;
  detail: string;
  missingProducts: string[];
}

/**
 * Applies a recorded delivery, in one transaction that holds the delivery and its order: merged into the
 * order's state (a stale version changes nothing), then written as `upsertOrder` writes. An order that
 * breaks a rule (another currency, refunds past a line) is not taken: the delivery is done, the reason is
 * noted on the connection, and a later version of the order is taken as usual.
 */
export async function applyDelivery(
  db: ShopDb,
  key: DeliveryKey,
  products: ReadonlyMap<string, string | null>,
  now: Date,
): Promise<ApplyOutcome> {
  return inTransaction(db, async (tx) => {
    const delivery = await lockDelivery(tx, key);
    if (!delivery) throw new DomainError("NOT_FOUND", `No delivery ${key.deliveryId} of this store`);
    if (delivery.applied_at)
      return { applied: true, detail: delivery.outcome ?? "applied", missingProducts: [] };
    const done = async (detail: string) => {
      await markApplied(tx, key, { outcome: detail, at: now });
      return { applied: true, detail, missingProducts: [] };
    };
    const currency = await storeCurrency(tx, key.storeId);
    let event: PlatformEvent;
    try {
      event = eventOf(key.platform, delivery.topic, parseBody(delivery.body), currency);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      return done(`not taken: ${error.message}`);
    }
    if (event.kind === "ignored") return done(`ignored: ${event.reason}`);
    const ref = { storeId: key.storeId, platform: key.platform, orderRef: event.orderRef };
    const state = applyEvent(await lockOrderState(tx, ref), event, new Date(delivery.received_at));
    const missingProducts = platformProductIds(state).filter((id) => !products.has(id));
    if (missingProducts.length > 0) return { applied: false, detail: "products to look up", missingProducts };
    await saveOrderState(tx, ref, state);
    // A refund or a deletion of an order whose version has not come yet waits for it.
    if (!state.version) return done("kept until the order comes");
    // The order's write may be refused by the database's own checks: that undoes it alone, not the state.
    await executePrepared(tx, sql`savepoint platform_order`);
    try {
      const order = validOrder(
        orderOf(key.storeId, event.orderRef, { ...state, version: state.version }, products),
        currency,
        now,
      );
      const [stored] = await upsertOrders(tx, [order]);
      return done(`order ${event.orderRef}: ${stored?.outcome ?? "UNCHANGED"}`);
    } catch (error) {
      const reason =
        error instanceof BadInputError
          ? error.message
          : refundsExceedLine(error)
            ? REFUNDS_EXCEED_LINE
            : undefined;
      if (!reason) throw error;
      await executePrepared(tx, sql`rollback to savepoint platform_order`);
      await noteFailure(tx, {
        storeId: key.storeId,
        platform: key.platform,
        reason: `order ${event.orderRef}: ${reason}`,
        at: now,
      });
      return done(`not taken: ${reason}`);
    }
  });
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
