import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { BadInputError } from "../../../lib/errors.ts";
import type { CartHoldoutGroup } from "../../../lib/holdout-groups.ts";
import type { OrderStatus } from "../generated/resolvers.ts";
import type { UncheckedOrder } from "../orders/order-input.ts";

export type Platform = "shopify" | "woocommerce";

/**
 * An order as a platform's webhook gives it, in the graph's terms: amounts in its currency's digits,
 * instants in ISO 8601, lines naming the platform's products.
 */
export interface PlatformOrder {
  placedAt: string;
  updatedAt: string;
  currency: string;
  status: OrderStatus;
  lines: {
    lineId: string;
    platformProductId: string | null;
    quantity: number;
    unitPrice: string;
    clickId: string | null;
  }[];
  /** The buyer's browser's holdout groups, from the tracker's cart field on a line. */
  holdoutGroups: CartHoldoutGroup[];
}

/** One refund of an order: what it gave back of each line. */
export interface PlatformRefund {
  lines: { lineId: string; quantity: number; amount: string }[];
}

/** What one delivery says, read after its signature held. */
export type PlatformEvent =
  | { kind: "order"; orderRef: string; order: PlatformOrder; refunds: Record<string, PlatformRefund> }
  | { kind: "refund"; orderRef: string; refundId: string; refund: PlatformRefund; at: string }
  | { kind: "deleted"; orderRef: string }
  | { kind: "ignored"; reason: string };

/** An order as its deliveries built it up (`platform_orders`). */
export interface OrderState {
  version: PlatformOrder | null;
  refunds: Record<string, PlatformRefund>;
  /** The latest refund's time, when later than the version's: the order changed then. */
  refundedAt: string | null;
  deletedAt: string | null;
}

/**
 * Whether `signature` (base64, as both platforms send it) is the HMAC-SHA256 of the body with the
 * connection's secret, compared in constant time.
 */
export function validSignature(body: Buffer, signature: string, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The state after one event: a version no later than the kept one changes nothing (the platform sent
 * them out of order), refunds are kept by id whichever delivery brought them.
 */
export function applyEvent(state: OrderState, event: PlatformEvent, receivedAt: Date): OrderState {
  if (event.kind === "order") {
    const newer = !state.version || Date.parse(event.order.updatedAt) > Date.parse(state.version.updatedAt);
    return {
      ...state,
      version: newer ? event.order : state.version,
      refunds: { ...event.refunds, ...state.refunds },
    };
  }
  if (event.kind === "refund")
    return {
      ...state,
      refunds: { ...state.refunds, [event.refundId]: event.refund },
      refundedAt: latest(state.refundedAt, event.at),
    };
  if (event.kind === "deleted") {
    // A deletion is a change after every version seen, whatever the clocks of the platform and of shop.
    const afterVersion = state.version && new Date(Date.parse(state.version.updatedAt) + 1).toISOString();
    return { ...state, deletedAt: state.deletedAt ?? latest(receivedAt.toISOString(), afterVersion) };
  }
  return state;
}

/** The platform product ids the order's lines name. */
export function platformProductIds(state: OrderState): string[] {
  const ids = state.version?.lines.map((line) => line.platformProductId) ?? [];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/**
 * The order to store, its products looked up in the catalogue (`products`: platform id → product id,
 * null for one it does not know): a line of an unknown product counts in the store's sales, and its
 * click credits nothing. Its version is the latest of the order's, its refunds' and its deletion's times.
 */
export function orderOf(
  storeId: string,
  orderRef: string,
  state: OrderState & { version: PlatformOrder },
  products: ReadonlyMap<string, string | null>,
): UncheckedOrder {
  const { version } = state;
  const lineIds = new Set(version.lines.map((line) => line.lineId));
  return {
    storeId,
    orderId: orderRef,
    placedAt: version.placedAt,
    updatedAt: [state.refundedAt, state.deletedAt].reduce<string>(
      (at, other) => latest(at, other) ?? at,
      version.updatedAt,
    ),
    currency: version.currency,
    status: state.deletedAt ? "CANCELLED" : version.status,
    lines: version.lines.map((line) => {
      const productId = line.platformProductId ? (products.get(line.platformProductId) ?? null) : null;
      return {
        lineId: line.lineId,
        productId,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        clickId: productId ? line.clickId : null,
      };
    }),
    refunds: Object.values(state.refunds).flatMap((refund) =>
      refund.lines.filter((line) => lineIds.has(line.lineId)),
    ),
    holdoutGroups: version.holdoutGroups ?? [],
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (!a || !b) return a ?? b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** A platform's numeric or string id as text. */
export const platformId = z
  .union([z.number().int().nonnegative(), z.string().min(1).max(100)])
  .transform(String);

const CLICK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The line field the tracker's holdout groups travel in (Shopify's line property, WooCommerce's meta). */
export const GROUPS_FIELD = "_ld_groups";

/** The click a line carries (a hidden cart property), when it is one. */
export function clickIdOf(value: unknown): string | null {
  return typeof value === "string" && CLICK_ID.test(value.trim()) ? value.trim().toLowerCase() : null;
}

/** An instant a platform sent, as ISO 8601 UTC; WooCommerce's `*_gmt` fields carry no offset. */
export function instantOf(value: string, field: string, { utcWithoutOffset = false } = {}): string {
  const text = utcWithoutOffset && !/(Z|[+-]\d\d:?\d\d)$/.test(value) ? `${value}Z` : value;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new BadInputError(`${field} "${value.slice(0, 40)}" is not an instant`);
  return new Date(at).toISOString();
}

/** A payload that does not have the platform's shape: the first problem, by field. */
export function shapeProblem(error: z.ZodError): BadInputError {
  const issue = error.issues[0];
  return new BadInputError(
    `the payload is not a platform order: ${issue?.path.join(".") || "(body)"}: ${issue?.message ?? "invalid"}`,
  );
}
