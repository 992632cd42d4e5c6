import { z } from "zod";
import { BadInputError } from "../../../lib/errors.ts";
import { parseHoldoutGroups } from "../../../lib/holdout-groups.ts";
import { platformAmount } from "../../../lib/money.ts";
import type { OrderStatus } from "../generated/resolvers.ts";
import {
  clickIdOf,
  GROUPS_FIELD,
  instantOf,
  type PlatformEvent,
  type PlatformRefund,
  platformId,
  shapeProblem,
} from "./platform-order.ts";

/** The topics a Shopify connection subscribes to. */
export const SHOPIFY_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "refunds/create",
] as const;

/** The line property the tracker's hidden cart input writes (`properties[_ld_click]`). */
export const SHOPIFY_CLICK_PROPERTY = "_ld_click";

const amount = z.union([z.string(), z.number()]);

const refundShape = z.object({
  id: platformId,
  created_at: z.string(),
  refund_line_items: z
    .array(z.object({ line_item_id: platformId, quantity: z.number().int(), subtotal: amount }))
    .default([]),
});

/** The fields of Shopify's order resource this project reads (the REST Admin API's, as webhooks send it). */
const orderShape = z.object({
  id: platformId,
  created_at: z.string(),
  updated_at: z.string(),
  currency: z.string(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  line_items: z.array(
    z.object({
      id: platformId,
      product_id: platformId.nullish(),
      quantity: z.number().int(),
      price: amount,
      properties: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
    }),
  ),
  refunds: z.array(refundShape).default([]),
});

/**
 * Shopify's financial statuses that are no sale: nothing paid or authorized yet (`pending`), an
 * authorization let go (`voided`) or lapsed (`expired`). Stored as a cancelled order, so a later paid
 * version replaces it and no report counts it meanwhile.
 */
const NOT_A_SALE = new Set(["pending", "voided", "expired"]);

function statusOf(order: z.infer<typeof orderShape>): OrderStatus {
  if (order.cancelled_at) return "CANCELLED";
  if (order.financial_status === "refunded") return "REFUNDED";
  if (NOT_A_SALE.has(order.financial_status ?? "pending")) return "CANCELLED";
  return order.fulfillment_status === "fulfilled" ? "FULFILLED" : "PAID";
}

function refundOf(refund: z.infer<typeof refundShape>, currency: string): PlatformRefund {
  return {
    lines: refund.refund_line_items.map((line, i) => ({
      lineId: line.line_item_id,
      quantity: line.quantity,
      amount: requiredAmount(line.subtotal, currency, `refund_line_items[${i}].subtotal`),
    })),
  };
}

/** What a Shopify delivery says, in the store's currency (any other is refused when applied). */
export function shopifyEvent(topic: string, payload: unknown, storeCurrency: string): PlatformEvent {
  if (topic === "refunds/create") {
    const parsed = refundShape.extend({ order_id: platformId }).safeParse(payload);
    if (!parsed.success) throw shapeProblem(parsed.error);
    return {
      kind: "refund",
      orderRef: parsed.data.order_id,
      refundId: parsed.data.id,
      refund: refundOf(parsed.data, storeCurrency),
      at: instantOf(parsed.data.created_at, "created_at"),
    };
  }
  if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic))
    return { kind: "ignored", reason: `topic ${topic.slice(0, 40)} is not one this connection takes` };
  const parsed = orderShape.safeParse(payload);
  if (!parsed.success) throw shapeProblem(parsed.error);
  const order = parsed.data;
  return {
    kind: "order",
    orderRef: order.id,
    order: {
      placedAt: instantOf(order.created_at, "created_at"),
      updatedAt: instantOf(order.updated_at, "updated_at"),
      currency: order.currency,
      status: statusOf(order),
      lines: order.line_items.map((line, i) => ({
        lineId: line.id,
        platformProductId: line.product_id ?? null,
        quantity: line.quantity,
        unitPrice: requiredAmount(line.price, order.currency, `line_items[${i}].price`),
        clickId: clickIdOf(line.properties?.find((p) => p.name === SHOPIFY_CLICK_PROPERTY)?.value),
      })),
      holdoutGroups: parseHoldoutGroups(
        order.line_items.flatMap((line) => line.properties ?? []).find((p) => p.name === GROUPS_FIELD)?.value,
      ),
    },
    refunds: Object.fromEntries(order.refunds.map((refund) => [refund.id, refundOf(refund, storeCurrency)])),
  };
}

function requiredAmount(value: string | number, currency: string, field: string): string {
  const amount = platformAmount(value, currency);
  if (amount === undefined)
    throw new BadInputError(`${field} "${String(value).slice(0, 32)}" is not an amount`);
  return amount;
}
