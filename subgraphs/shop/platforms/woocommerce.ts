import { z } from "zod";
import { BadInputError } from "../../../lib/errors.ts";
import { parseHoldoutGroups } from "../../../lib/holdout-groups.ts";
import { fromMinor, platformAmount, toMinor } from "../../../lib/money.ts";
import type { OrderStatus } from "../generated/resolvers.ts";
import {
  clickIdOf,
  GROUPS_FIELD,
  instantOf,
  type PlatformEvent,
  type PlatformOrder,
  type PlatformRefund,
  platformId,
  shapeProblem,
} from "./platform-order.ts";

/** The topics a WooCommerce connection subscribes to. */
export const WOOCOMMERCE_TOPICS = ["order.created", "order.updated", "order.deleted"] as const;

/** The line meta the documented snippet stores the tracker's hidden field as. */
export const WOOCOMMERCE_CLICK_META = "_ld_click";

const amount = z.union([z.string(), z.number()]);

/** The fields of WooCommerce's order resource (REST API v3, as its webhooks send it) this project reads. */
const orderShape = z.object({
  id: platformId,
  status: z.string(),
  currency: z.string(),
  date_created_gmt: z.string(),
  date_modified_gmt: z.string(),
  line_items: z.array(
    z.object({
      id: platformId,
      product_id: z.number().int().nonnegative().nullish(),
      quantity: z.number().int(),
      price: amount,
      meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).default([]),
    }),
  ),
  refunds: z.array(z.object({ id: platformId, total: amount })).default([]),
});

/** Paid orders are sales; one still waiting for its payment, failed, cancelled or trashed is not. */
function statusOf(status: string): OrderStatus {
  if (status === "processing") return "PAID";
  if (status === "completed") return "FULFILLED";
  if (status === "refunded") return "REFUNDED";
  return "CANCELLED";
}

/** What a WooCommerce delivery says, in the store's currency (any other is refused when applied). */
export function woocommerceEvent(topic: string, payload: unknown): PlatformEvent {
  if (topic === "order.deleted") {
    const parsed = z.object({ id: platformId }).safeParse(payload);
    if (!parsed.success) throw shapeProblem(parsed.error);
    return { kind: "deleted", orderRef: parsed.data.id };
  }
  if (!(WOOCOMMERCE_TOPICS as readonly string[]).includes(topic))
    return { kind: "ignored", reason: `topic ${topic.slice(0, 40)} is not one this connection takes` };
  const parsed = orderShape.safeParse(payload);
  if (!parsed.success) throw shapeProblem(parsed.error);
  const order = parsed.data;
  const lines: PlatformOrder["lines"] = order.line_items.map((line, i) => {
    const unitPrice = platformAmount(line.price, order.currency);
    if (unitPrice === undefined)
      throw new BadInputError(`line_items[${i}].price "${String(line.price).slice(0, 32)}" is not an amount`);
    return {
      lineId: line.id,
      // 0: a line of no product (a fee added by hand).
      platformProductId: line.product_id ? String(line.product_id) : null,
      quantity: line.quantity,
      unitPrice,
      clickId: clickIdOf(line.meta_data.find((meta) => meta.key === WOOCOMMERCE_CLICK_META)?.value),
    };
  });
  return {
    kind: "order",
    orderRef: order.id,
    order: {
      placedAt: instantOf(order.date_created_gmt, "date_created_gmt", { utcWithoutOffset: true }),
      updatedAt: instantOf(order.date_modified_gmt, "date_modified_gmt", { utcWithoutOffset: true }),
      currency: order.currency,
      status: statusOf(order.status),
      lines,
      holdoutGroups: parseHoldoutGroups(
        order.line_items.flatMap((line) => line.meta_data).find((meta) => meta.key === GROUPS_FIELD)?.value,
      ),
    },
    refunds: Object.fromEntries(
      order.refunds.map((refund, i) => {
        // WooCommerce writes a refund's total negative, and names no line in the order's payload.
        const total = platformAmount(String(refund.total).replace(/^-/, ""), order.currency);
        if (total === undefined)
          throw new BadInputError(
            `refunds[${i}].total "${String(refund.total).slice(0, 32)}" is not an amount`,
          );
        return [refund.id, spreadRefund(total, lines, order.currency)];
      }),
    ),
  };
}

/**
 * An order-level refund spread over the lines by their value (the last line takes the rounding), since
 * the order's payload says how much each refund gave back but not of which line; no units are counted
 * as returned. A refund larger than the order is refused when applied, as the order's own would be.
 */
export function spreadRefund(total: string, lines: PlatformOrder["lines"], currency: string): PlatformRefund {
  const values = lines.map((line) => toMinor(line.unitPrice, currency) * BigInt(line.quantity));
  const orderValue = values.reduce((sum, value) => sum + value, 0n);
  const refund = toMinor(total, currency);
  let left = refund;
  return {
    lines: lines.map((line, i) => {
      const last = i === lines.length - 1;
      const share = last || orderValue === 0n ? left : (refund * (values[i] ?? 0n)) / orderValue;
      left -= share;
      return { lineId: line.lineId, quantity: 0, amount: fromMinor(share, currency) };
    }),
  };
}
