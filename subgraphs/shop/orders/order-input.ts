import { assertId, assertInstant, BadInputError } from "../../../lib/errors.ts";
import { amountProblem, currencyDigits, fromMinor, toMinor } from "../../../lib/money.ts";
import type { OrderInput, OrderLineInput } from "../generated/resolvers.ts";

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 10_000;
/** Units in one order, all lines together. */
export const MAX_ORDER_UNITS = 100_000;
/**
 * The most one order may total, in the currency's major unit (below 10^12, what one stored amount holds).
 * Sums over orders are unbounded `numeric` in SQL, so no number of such orders overflows a figure.
 */
export const MAX_ORDER_TOTAL_DIGITS = 12;
/** How far ahead of the server's clock an order may say it was placed or updated (a store's clock runs fast). */
const FUTURE_SLACK_MS = 86_400_000;
/** The earliest an order may say it was placed: older orders are a typo or a made-up date. */
export const EARLIEST_ORDER = new Date("2000-01-01T00:00:00Z");
const STORE_ID_TEXT = /^[\x21-\x7e]{1,100}$/;

export interface ValidOrder {
  storeId: string;
  orderId: string;
  placedAt: Date;
  updatedAt: Date;
  status: "paid" | "fulfilled" | "cancelled" | "refunded";
  lines: {
    lineId: string;
    /** Null only for a shop platform's line of a product the catalogue does not know. */
    productId: string | null;
    quantity: number;
    unitPrice: string;
    clickId: string | null;
    /** Everything refunded of the line, summed over the order's refunds. */
    refundedQuantity: number;
    refundedAmount: string;
  }[];
  /** The buyer's browser's groups in the store's running holdouts. */
  holdoutGroups: { runId: string; heldOut: boolean }[];
}

/** Holdout groups one order may carry: a store runs at most one holdout per widget. */
export const MAX_HOLDOUT_GROUPS = 50;

/**
 * An order to check: `upsertOrder`'s input, or one a shop platform's webhooks built, whose lines may name
 * no product of the catalogue (and then carry no click).
 */
export type UncheckedOrder = Omit<OrderInput, "lines"> & {
  lines: (Omit<OrderLineInput, "productId"> & { productId: string | null })[];
};

/**
 * An order as shop stores it, or a BAD_USER_INPUT naming the first field that breaks a rule. Nothing is
 * written before this passes, and the database's own checks back each rule up.
 */
export function validOrder(input: UncheckedOrder, storeCurrency: string, now: Date): ValidOrder {
  const refunds = input.refunds ?? [];
  const orderId = storeText(input.orderId, "orderId");
  const placedAt = assertInstant(input.placedAt, "placedAt");
  const updatedAt = assertInstant(input.updatedAt, "updatedAt");
  const latest = now.getTime() + FUTURE_SLACK_MS;
  if (placedAt < EARLIEST_ORDER)
    throw new BadInputError(`placedAt ${input.placedAt} is before ${EARLIEST_ORDER.toISOString()}`);
  if (placedAt.getTime() > latest)
    throw new BadInputError(`placedAt ${input.placedAt} is more than a day in the future`);
  // A far-future updatedAt would make every later version of the order look older, so it never changes.
  if (updatedAt.getTime() > latest)
    throw new BadInputError(`updatedAt ${input.updatedAt} is more than a day in the future`);
  if (updatedAt < placedAt)
    throw new BadInputError(`updatedAt ${input.updatedAt} is before placedAt ${input.placedAt}`);
  if (input.currency !== storeCurrency)
    throw new BadInputError(
      `currency must be the store's (${storeCurrency}), not "${input.currency.slice(0, 8)}"`,
    );
  if (input.lines.length < 1 || input.lines.length > MAX_ORDER_LINES)
    throw new BadInputError(`lines must hold 1 to ${MAX_ORDER_LINES} lines, not ${input.lines.length}`);
  if (refunds.length > MAX_ORDER_LINES * 10)
    throw new BadInputError(`refunds may hold at most ${MAX_ORDER_LINES * 10} entries`);
  const groups = input.holdoutGroups ?? [];
  if (groups.length > MAX_HOLDOUT_GROUPS)
    throw new BadInputError(`holdoutGroups may hold at most ${MAX_HOLDOUT_GROUPS} entries`);
  const holdoutGroups = groups.map((group, i) => ({
    runId: assertId(group.runId, `holdoutGroups[${i}].runId`),
    heldOut: group.group === "HELD_OUT",
  }));
  if (new Set(holdoutGroups.map((group) => group.runId)).size !== holdoutGroups.length)
    throw new BadInputError("holdoutGroups: a run may be named once");

  const scale = 10n ** BigInt(currencyDigits(storeCurrency));
  const minor = (amount: string) => toMinor(amount, storeCurrency);
  const lines = input.lines.map((line, i) => {
    const field = `lines[${i}]`;
    const quantity = line.quantity;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY)
      throw new BadInputError(`${field}.quantity must be 1 to ${MAX_LINE_QUANTITY}, not ${quantity}`);
    const priceProblem = amountProblem(line.unitPrice, storeCurrency);
    if (priceProblem)
      throw new BadInputError(`${field}.unitPrice "${line.unitPrice.slice(0, 32)}" ${priceProblem}`);
    return {
      lineId: storeText(line.lineId, `${field}.lineId`),
      productId: line.productId === null ? null : assertId(line.productId, `${field}.productId`),
      quantity,
      unitPrice: line.unitPrice,
      clickId: line.clickId == null ? null : assertId(line.clickId, `${field}.clickId`),
      refundedQuantity: 0,
      refunded: 0n,
    };
  });
  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  if (units > MAX_ORDER_UNITS)
    throw new BadInputError(`lines: the order holds ${units} units, more than ${MAX_ORDER_UNITS}`);
  const total = lines.reduce((sum, line) => sum + minor(line.unitPrice) * BigInt(line.quantity), 0n);
  if (total >= 10n ** BigInt(MAX_ORDER_TOTAL_DIGITS) * scale)
    throw new BadInputError(
      `lines: the order totals ${fromMinor(total, storeCurrency)}, not below 10^${MAX_ORDER_TOTAL_DIGITS} ${storeCurrency}`,
    );
  const byLineId = new Map(lines.map((line) => [line.lineId, line]));
  if (byLineId.size !== lines.length)
    throw new BadInputError("lines: every lineId must be unique in the order");

  refunds.forEach((refund, i) => {
    const field = `refunds[${i}]`;
    const line = byLineId.get(refund.lineId);
    if (!line)
      throw new BadInputError(`${field}.lineId "${refund.lineId.slice(0, 64)}" is not a line of the order`);
    if (!Number.isInteger(refund.quantity) || refund.quantity < 0)
      throw new BadInputError(`${field}.quantity must be a whole number of at least 0`);
    const problem = amountProblem(refund.amount, storeCurrency);
    if (problem) throw new BadInputError(`${field}.amount "${refund.amount.slice(0, 32)}" ${problem}`);
    line.refundedQuantity += refund.quantity;
    line.refunded += minor(refund.amount);
    if (line.refundedQuantity > line.quantity)
      throw new BadInputError(`${field}.quantity: line ${line.lineId}'s refunds exceed its quantity`);
    if (line.refunded > minor(line.unitPrice) * BigInt(line.quantity))
      throw new BadInputError(`${field}.amount: line ${line.lineId}'s refunds exceed its total`);
  });

  return {
    storeId: input.storeId,
    orderId,
    placedAt,
    updatedAt,
    status: input.status.toLowerCase() as ValidOrder["status"],
    lines: lines.map(({ refunded, ...line }) => ({
      ...line,
      refundedAmount: fromMinor(refunded, storeCurrency),
    })),
    holdoutGroups,
  };
}

function storeText(value: string, field: string): string {
  if (!STORE_ID_TEXT.test(value))
    throw new BadInputError(`${field} must be 1 to 100 printable ASCII characters without spaces`);
  return value;
}
