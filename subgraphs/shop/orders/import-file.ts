import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import type { OrderInput, OrderStatus } from "../generated/resolvers.ts";

/** One order read from an import file, with the line of the file it starts on (for refusals). */
export interface FileOrder {
  line: number;
  order?: OrderInput;
  /** Why the row could not even be read as an order. */
  problem?: string;
}

/**
 * CSV columns, one row per order line; consecutive rows of one order id make one order (its
 * placedAt, updatedAt, status and currency are read from its first row). A refund is a row's
 * refundedQuantity and refundedAmount.
 */
export const CSV_COLUMNS = [
  "orderId",
  "placedAt",
  "updatedAt",
  "status",
  "currency",
  "lineId",
  "productId",
  "quantity",
  "unitPrice",
  "clickId",
  "refundedQuantity",
  "refundedAmount",
] as const;

/**
 * The orders of an NDJSON file (one `upsertOrder` input without storeId per line) or a CSV file (header
 * row with {@link CSV_COLUMNS}), streamed, with the file line each starts on.
 */
export async function* ordersOfFile(path: string, storeId: string): AsyncGenerator<FileOrder> {
  if (/\.csv$/i.test(path)) yield* ordersOfCsv(path, storeId);
  else yield* ordersOfNdjson(path, storeId);
}

async function* ordersOfNdjson(path: string, storeId: string): AsyncGenerator<FileOrder> {
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line += 1;
    if (!text.trim()) continue;
    try {
      const order = JSON.parse(text) as OrderInput;
      if (typeof order !== "object" || order === null || !Array.isArray(order.lines))
        yield { line, problem: "not an order object with lines" };
      else yield { line, order: { ...order, storeId, refunds: order.refunds ?? [] } };
    } catch {
      yield { line, problem: "not valid JSON" };
    }
  }
}

async function* ordersOfCsv(path: string, storeId: string): AsyncGenerator<FileOrder> {
  let current: FileOrder | undefined;
  const parser = createReadStream(path).pipe(parse({ columns: true, skip_empty_lines: true, trim: true }));
  let line = 1;
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    line += 1;
    const missing = CSV_COLUMNS.slice(0, 9).filter((column) => !(column in row));
    if (missing.length > 0) {
      yield { line, problem: `the header lacks ${missing.join(", ")}` };
      return;
    }
    if (!current?.order || current.order.orderId !== row.orderId) {
      if (current) yield current;
      current = {
        line,
        order: {
          storeId,
          orderId: row.orderId ?? "",
          placedAt: row.placedAt ?? "",
          updatedAt: row.updatedAt ?? "",
          status: (row.status ?? "").toUpperCase() as OrderStatus,
          currency: row.currency ?? "",
          lines: [],
          refunds: [],
        },
      };
    }
    const order = current.order as OrderInput & { refunds: NonNullable<OrderInput["refunds"]> };
    const lineId = row.lineId ?? "";
    order.lines.push({
      lineId,
      productId: row.productId ?? "",
      quantity: Number(row.quantity),
      unitPrice: row.unitPrice ?? "",
      clickId: row.clickId || null,
    });
    if (row.refundedAmount && row.refundedAmount !== "0")
      order.refunds.push({ lineId, quantity: Number(row.refundedQuantity || 0), amount: row.refundedAmount });
  }
  if (current) yield current;
}
