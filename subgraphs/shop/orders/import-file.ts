import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { type CsvError, parse } from "csv-parse";
import { z } from "zod";
import type { OrderInput } from "../generated/resolvers.ts";

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

/** What a file's order must hold before `upsertOrder`'s rules are checked: the types of `OrderInput`. */
const fileOrder = z.object({
  orderId: z.string(),
  placedAt: z.string(),
  updatedAt: z.string(),
  status: z
    .string()
    .transform((status) => status.toUpperCase())
    .pipe(z.enum(["PAID", "FULFILLED", "CANCELLED", "REFUNDED"])),
  currency: z.string(),
  lines: z.array(
    z.object({
      lineId: z.string(),
      productId: z.string(),
      quantity: z.number(),
      unitPrice: z.string(),
      clickId: z.string().nullish(),
    }),
  ),
  refunds: z.array(z.object({ lineId: z.string(), quantity: z.number(), amount: z.string() })).default([]),
});

/** The order a file's row holds, or why it holds none: the first field of the wrong type, named. */
function checked(raw: unknown, storeId: string, line: number): FileOrder {
  const parsed = fileOrder.safeParse(raw);
  if (parsed.success) return { line, order: { ...parsed.data, storeId } };
  const [issue] = parsed.error.issues;
  const field =
    issue?.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") ?? "";
  return { line, problem: `${field.replace(/^\./, "") || "the row"}: ${issue?.message ?? "not an order"}` };
}

/**
 * The orders of an NDJSON file (one `upsertOrder` input without storeId per line) or a CSV file (header
 * row with {@link CSV_COLUMNS}), streamed, with the file line each starts on. A row that is not an order
 * (bad JSON, a field of the wrong type, an unknown status, a CSV order split over rows apart) comes with
 * its problem instead, and reading goes on.
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
    // A byte order mark before the first line is the editor's, not the order's.
    const json = line === 1 ? text.replace(/^\uFEFF/, "") : text;
    if (!json.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      yield { line, problem: "not valid JSON" };
      continue;
    }
    yield checked(raw, storeId, line);
  }
}

async function* ordersOfCsv(path: string, storeId: string): AsyncGenerator<FileOrder> {
  let current:
    | { line: number; orderId: string; raw: Record<string, unknown> & { lines: object[]; refunds: object[] } }
    | undefined;
  /** Orders already read, by id: their rows must be consecutive, or the later ones would be lost. */
  const seen = new Map<string, number>();
  // A record the parser cannot read (an unclosed quote) is skipped and listed, not the end of the import.
  const unreadable: FileOrder[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      info: true,
      skip_records_with_error: true,
    }),
  );
  parser.on("skip", (error: CsvError) => unreadable.push({ line: error.lines ?? 0, problem: error.message }));
  const finish = (order: NonNullable<typeof current>): FileOrder =>
    seen.get(order.orderId) === order.line
      ? checked(order.raw, storeId, order.line)
      : {
          line: order.line,
          problem: `the rows of order ${order.orderId.slice(0, 64)} are not consecutive: it began at line ${seen.get(order.orderId)}`,
        };
  for await (const { record: row, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    yield* unreadable.splice(0);
    const line = info.lines;
    const missing = CSV_COLUMNS.slice(0, 9).filter((column) => !(column in row));
    if (missing.length > 0) {
      yield { line, problem: `the header lacks ${missing.join(", ")}` };
      return;
    }
    const orderId = row.orderId ?? "";
    if (current?.orderId !== orderId) {
      if (current) yield finish(current);
      if (!seen.has(orderId)) seen.set(orderId, line);
      current = {
        line,
        orderId,
        raw: {
          orderId,
          placedAt: row.placedAt,
          updatedAt: row.updatedAt,
          status: row.status,
          currency: row.currency,
          lines: [],
          refunds: [],
        },
      };
    }
    const lineId = row.lineId ?? "";
    current.raw.lines.push({
      lineId,
      productId: row.productId,
      quantity: Number(row.quantity),
      unitPrice: row.unitPrice,
      clickId: row.clickId || null,
    });
    // A refund of units alone (amount 0) is a refund too.
    const refundedQuantity = Number(row.refundedQuantity || 0);
    const refundedAmount = row.refundedAmount || "0";
    if (refundedQuantity !== 0 || !/^0*(\.0*)?$/.test(refundedAmount))
      current.raw.refunds.push({ lineId, quantity: refundedQuantity, amount: refundedAmount });
  }
  if (current) yield finish(current);
  yield* unreadable.splice(0);
}
