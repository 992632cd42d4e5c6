import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import type { Logger } from "../lib/logger.ts";
import {
  headerOf,
  PayloadTooLargeError,
  type Routes,
  readBytes,
  sendJson,
} from "../lib/transport/http-server.ts";
import { runOwnOperation } from "./own-operation.ts";
import type { GatewayContext } from "./subgraph-source.ts";

type Platform = "SHOPIFY" | "WOOCOMMERCE";
interface DeliveryRef {
  storeId: string;
  platform: Platform;
  deliveryId: string;
}

const RECEIVE = /* GraphQL */ `
  mutation ReceivePlatformWebhook($input: PlatformWebhookInput!) {
    receivePlatformWebhook(input: $input) { storeId duplicate platformProductIds }
  }
`;
const LOOK_UP = /* GraphQL */ `
  query PlatformProducts($lookups: [PlatformProductsLookup!]!) {
    platformProducts(lookups: $lookups) { storeId platformId productId }
  }
`;
const APPLY = /* GraphQL */ `
  mutation ApplyPlatformDeliveries($input: ApplyPlatformDeliveriesInput!) {
    applyPlatformDeliveries(input: $input) { applied detail missingProducts }
  }
`;
const PENDING = /* GraphQL */ `
  query PendingPlatformDeliveries($olderThanSeconds: Int!) {
    pendingPlatformDeliveries(olderThanSeconds: $olderThanSeconds, first: 500) { storeId platform deliveryId }
  }
`;

/** As large as shop takes a delivery (subgraphs/shop/platforms/deliveries.ts). */
const MAX_WEBHOOK_BYTES = 1_000_000;
/** Deliveries being received at once; more are answered 503 with Retry-After, and the platform retries. */
const MAX_RECEIVING = 256;
/**
 * Deliveries acknowledged and waiting here to be applied. Past it they wait in shop's table (recorded,
 * acknowledged), and are read back a page at a time as this queue empties: WooCommerce does not deliver
 * again, so a burst is recorded rather than refused.
 */
const MAX_APPLY_QUEUE = 2_000;
/** A page of `pendingPlatformDeliveries`. */
const SWEEP_PAGE = 500;
/**
 * Deliveries applied by one lookup and one call to shop (each still its own transaction there), and
 * such batches at once: a delivery's own calls cost more than its SQL.
 */
const BATCH = 50;
const BATCHES_AT_ONCE = 4;
/** Platform ids one `platformProducts` call may ask for. */
const LOOKUP_IDS = 1_000;
const productKey = (storeId: string, platformId: string) => `${storeId}/${platformId}`;
const splitProductKey = (key: string) => {
  const at = key.indexOf("/");
  return [key.slice(0, at), key.slice(at + 1)];
};

/** How long a delivery may wait before a sweep takes it: longer than any apply in flight. */
const SWEEP_AFTER_SECONDS = 30;

export interface PlatformWebhookOptions {
  /** Refused deliveries spend their address's budget of refused credentials, as a made-up key does. */
  refusals?: { exhausted(address: string): boolean; allow(address: string): boolean };
  addressOf: (req: IncomingMessage) => string;
  /** How often to look for deliveries left unapplied (a gateway stopped between ack and apply). */
  sweepEveryMs?: number;
  log: Logger;
}

/**
 * `POST /webhooks/shopify` and `POST /webhooks/woocommerce`: a shop platform's signed order webhooks.
 * Shop checks the signature against the connection's secret and records the delivery (once per delivery
 * id); only then is it acknowledged (200), within the platforms' deadlines, and applied after: its
 * products looked up in review's catalogue, then written as an order by shop. A delivery acknowledged and
 * not applied (this process stopped) is found by any gateway's sweep and applied then.
 */
export function platformWebhooks(apollo: ApolloServer<GatewayContext>, options: PlatformWebhookOptions) {
  const { log } = options;
  let receiving = 0;
  const queue: { ref: DeliveryRef; platformIds: string[] }[] = [];
  const queued = new Set<string>();
  let applying = 0;
  let stopped = false;
  /** Deliveries left in shop's table that this process should read back once its queue empties. */
  let backlog = false;
  let sweeping = false;
  const idle = new Set<() => void>();

  /** Looks products up in review's catalogue, by store and platform id, into `into` (null: none). */
  const lookUp = async (
    pairs: { storeId: string; platformId: string }[],
    into: Map<string, string | null>,
  ) => {
    const wanted = [
      ...new Map(
        pairs
          .filter((pair) => !into.has(productKey(pair.storeId, pair.platformId)))
          .map((pair) => [productKey(pair.storeId, pair.platformId), pair]),
      ).values(),
    ];
    for (let from = 0; from < wanted.length; from += LOOKUP_IDS) {
      const chunk = wanted.slice(from, from + LOOKUP_IDS);
      const byStore = new Map<string, string[]>();
      for (const { storeId, platformId } of chunk)
        byStore.set(storeId, [...(byStore.get(storeId) ?? []), platformId]);
      const { data, error } = await runOwnOperation<{
        platformProducts: { storeId: string; platformId: string; productId: string }[];
      }>(apollo, "platform products", LOOK_UP, {
        lookups: [...byStore].map(([storeId, platformIds]) => ({ storeId, platformIds })),
      });
      if (error || !data) throw new Error(`the catalogue lookup failed: ${error?.message ?? "no answer"}`);
      for (const { storeId, platformId } of chunk) into.set(productKey(storeId, platformId), null);
      for (const found of data.platformProducts)
        into.set(productKey(found.storeId, found.platformId), found.productId);
    }
  };

  /**
   * Applies a batch of deliveries, looking up what products they name (again for those whose order grew
   * meanwhile); throws if some could not be applied (they stay recorded for a sweep).
   */
  const applyBatch = async (batch: (typeof queue)[number][]) => {
    const products = new Map<string, string | null>();
    await lookUp(
      batch.flatMap(({ ref, platformIds }) =>
        platformIds.map((platformId) => ({ storeId: ref.storeId, platformId })),
      ),
      products,
    );
    let pending = batch.map(({ ref }) => ref);
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      const { data, error } = await runOwnOperation<{
        applyPlatformDeliveries: { applied: boolean; detail: string; missingProducts: string[] }[];
      }>(apollo, "platform deliveries", APPLY, {
        input: {
          deliveries: pending,
          products: [...products].map(([key, productId]) => {
            const [storeId = "", platformId = ""] = splitProductKey(key);
            return { storeId, platformId, productId };
          }),
        },
      });
      if (error || !data) throw new Error(`shop did not apply them: ${error?.message ?? "no answer"}`);
      const missing: { storeId: string; platformId: string }[] = [];
      const next: DeliveryRef[] = [];
      for (const [i, outcome] of data.applyPlatformDeliveries.entries()) {
        const ref = pending[i] as DeliveryRef;
        if (outcome.applied) {
          log.debug("platform delivery applied", { ...ref, detail: outcome.detail });
          continue;
        }
        next.push(ref);
        for (const platformId of outcome.missingProducts) missing.push({ storeId: ref.storeId, platformId });
      }
      await lookUp(missing, products);
      pending = next;
    }
    if (pending.length > 0) throw new Error(`${pending.length} deliveries kept naming new products`);
  };

  /** Nothing being applied, and nothing waiting that this process will still apply. */
  const isSettled = () => applying === 0 && (stopped || queue.length === 0);
  const keyOf = (ref: DeliveryRef) => `${ref.storeId}/${ref.platform}/${ref.deliveryId}`;
  const pump = () => {
    while (!stopped && applying < BATCHES_AT_ONCE && queue.length > 0) {
      const batch = queue.splice(0, BATCH);
      applying++;
      void applyBatch(batch)
        .catch((error: unknown) => {
          // Left recorded and unapplied for the periodic sweep: no reading back at once while a service
          // it needs is away.
          backlog = false;
          log.warn("platform deliveries not applied yet", {
            deliveries: batch.length,
            reason: (error as Error).message,
          });
        })
        .finally(() => {
          applying--;
          for (const { ref } of batch) queued.delete(keyOf(ref));
          pump();
          if (backlog && queue.length === 0 && !stopped) void sweep(0);
          if (isSettled()) for (const done of idle) done();
        });
    }
  };
  const enqueue = (ref: DeliveryRef, platformIds: string[] = []) => {
    const key = keyOf(ref);
    if (queued.has(key)) return;
    if (queue.length >= MAX_APPLY_QUEUE) {
      backlog = true;
      return;
    }
    queued.add(key);
    queue.push({ ref, platformIds });
    pump();
  };

  const sweep = async (olderThanSeconds: number) => {
    if (sweeping) return;
    sweeping = true;
    backlog = false;
    try {
      const { data, error } = await runOwnOperation<{ pendingPlatformDeliveries: DeliveryRef[] }>(
        apollo,
        "platform deliveries sweep",
        PENDING,
        { olderThanSeconds },
      );
      const pending = data?.pendingPlatformDeliveries;
      if (error || !pending) throw new Error(error?.message ?? "no answer");
      for (const ref of pending) enqueue(ref);
      // A full page: more wait behind it, read once this one is applied.
      if (pending.length === SWEEP_PAGE) backlog = true;
    } catch (error) {
      log.warn("platform deliveries sweep failed", { reason: (error as Error).message });
    } finally {
      sweeping = false;
    }
  };
  // At start, every delivery left unapplied (this gateway may be the one that stopped); then the old ones.
  void sweep(0);
  const timer = setInterval(() => void sweep(SWEEP_AFTER_SECONDS), options.sweepEveryMs ?? 30_000);
  timer.unref();

  const receive = async (
    req: IncomingMessage,
    res: ServerResponse,
    platform: Platform,
    headers: { source?: string; deliveryId?: string; topic?: string; signature?: string },
  ) => {
    const address = options.addressOf(req);
    if (options.refusals?.exhausted(address)) {
      req.resume();
      res.setHeader("retry-after", "1");
      return sendJson(res, 429, { error: "Too many refused deliveries from this address" });
    }
    if (receiving >= MAX_RECEIVING) {
      req.resume();
      res.setHeader("retry-after", "1");
      return sendJson(res, 503, { error: "Too many deliveries at once; deliver again shortly" });
    }
    receiving++;
    try {
      let body: Buffer;
      try {
        body = await readBytes(req, MAX_WEBHOOK_BYTES);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) return sendJson(res, 413, { error: error.message });
        throw error;
      }
      if (!headers.source || !headers.signature) {
        options.refusals?.allow(address);
        return sendJson(res, 401, { error: "A delivery needs its shop and its signature headers" });
      }
      if (!headers.deliveryId || !headers.topic)
        return sendJson(res, 400, { error: "A delivery needs its delivery id and topic headers" });
      const { data, error } = await runOwnOperation<{
        receivePlatformWebhook: { storeId: string; duplicate: boolean; platformProductIds: string[] };
      }>(apollo, "platform webhook", RECEIVE, {
        input: {
          platform,
          source: headers.source,
          deliveryId: headers.deliveryId,
          topic: headers.topic,
          signature: headers.signature,
          body: body.toString("base64"),
        },
      });
      if (error?.code === "UNAUTHENTICATED") {
        options.refusals?.allow(address);
        log.warn("platform webhook refused", { platform, source: headers.source, reason: error.message });
        return sendJson(res, 401, { error: error.message });
      }
      if (error?.code === "BAD_USER_INPUT") return sendJson(res, 400, { error: error.message });
      if (error || !data) {
        log.error("platform webhook not recorded", {
          platform,
          deliveryId: headers.deliveryId,
          reason: error?.message,
        });
        res.setHeader("retry-after", "10");
        return sendJson(res, 503, { error: "Not recorded; deliver again later" });
      }
      const receipt = data.receivePlatformWebhook;
      sendJson(res, 200, { duplicate: receipt.duplicate });
      enqueue(
        { storeId: receipt.storeId, platform, deliveryId: headers.deliveryId },
        receipt.platformProductIds,
      );
    } finally {
      receiving--;
    }
  };

  const routes: Routes = {
    "POST /webhooks/shopify": (req, res) =>
      receive(req, res, "SHOPIFY", {
        source: headerOf(req, "x-shopify-shop-domain"),
        deliveryId: headerOf(req, "x-shopify-webhook-id"),
        topic: headerOf(req, "x-shopify-topic"),
        signature: headerOf(req, "x-shopify-hmac-sha256"),
      }),
    "POST /webhooks/woocommerce": async (req, res) => {
      // Saving a webhook in WooCommerce sends an unsigned `webhook_id=<id>` form to test the address.
      if (!headerOf(req, "x-wc-webhook-topic") && !headerOf(req, "x-wc-webhook-signature")) {
        const form = (await readBytes(req, 1_000).catch(() => Buffer.alloc(0))).toString("utf8");
        if (/^webhook_id=\d+$/.test(form.trim())) return sendJson(res, 200, { ping: "ok" });
        options.refusals?.allow(options.addressOf(req));
        return sendJson(res, 401, { error: "A delivery needs its signature" });
      }
      return receive(req, res, "WOOCOMMERCE", {
        source: headerOf(req, "x-wc-webhook-source"),
        deliveryId: headerOf(req, "x-wc-webhook-delivery-id"),
        topic: headerOf(req, "x-wc-webhook-topic"),
        signature: headerOf(req, "x-wc-webhook-signature"),
      });
    },
  };

  return {
    routes,
    /** Resolves once every delivery taken so far is applied or given up (tests, shutdown). */
    settled: () =>
      isSettled()
        ? Promise.resolve()
        : new Promise<void>((done) => {
            const finish = () => {
              idle.delete(finish);
              done();
            };
            idle.add(finish);
          }),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
