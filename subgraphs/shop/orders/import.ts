import { existsSync } from "node:fs";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { DomainError } from "../../../lib/errors.ts";
import { isDataException } from "../../../lib/runtime/database.ts";
import type { ShopDb } from "../db/index.ts";
import { REFUNDS_EXCEED_LINE, refundsExceedLine, upsertOrders } from "../db/queries/orders.ts";
import { stores } from "../db/schema.ts";
import { ordersOfFile } from "./import-file.ts";
import { type ValidOrder, validOrder } from "./order-input.ts";

/** Orders written per statement: large enough to amortise the round trip, small enough to stop promptly. */
export const IMPORT_BATCH = 500;
/** Batch statements in flight at once: the connections `db` should have. */
export const IMPORT_WRITERS = 2;

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  refused: { line: number; reason: string }[];
  /** The file line the import started from (past what an interrupted run had committed). */
  resumedFrom: number;
  /** False when `shouldStop` ended it early; running it again goes on from there. */
  complete: boolean;
}

/**
 * Imports a store's past orders from an NDJSON or CSV file under the rules of `upsertOrder`, a batch per
 * statement. Every line that is not a valid order is listed with its number and reason, and the rest goes
 * on. After each batch it records in `<file>.progress` the line the next batch starts on (and which file
 * that was), so a run stopped (Ctrl-C, a crash) goes on from there; re-importing is harmless anyway, since
 * orders are idempotent on their id.
 */
export async function importOrders(
  db: ShopDb,
  {
    storeId,
    path,
    now = new Date(),
    onProgress,
    shouldStop = () => false,
  }: {
    storeId: string;
    path: string;
    now?: Date;
    onProgress?: (line: number) => void;
    shouldStop?: () => boolean;
  },
): Promise<ImportSummary> {
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new Error(`No store ${storeId}`);
  const progressFile = `${path}.progress`;
  // The progress names the file it was made for: another file at the same path starts from its first line.
  const file = await fileIdentity(path);
  const progress = existsSync(progressFile)
    ? (JSON.parse(await readFile(progressFile, "utf8")) as { line: number; file?: string })
    : undefined;
  const resumedFrom = progress?.file === file ? Number(progress.line) : 0;
  const summary: ImportSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: [],
    resumedFrom,
    complete: false,
  };
  let batch: { order: ValidOrder; line: number }[] = [];
  let ids = new Set<string>();
  // Batches are written IMPORT_WRITERS at a time while the file is read and checked, so PostgreSQL works
  // on both cores. A batch naming an order a batch in flight holds waits for it (file order decides
  // between equal versions). Progress is recorded only past batches that committed with all before them.
  const inFlight: { ids: Set<string>; done: Promise<void> }[] = [];
  let committed: Promise<void> = Promise.resolve();

  const count = (outcome: string) => {
    if (outcome === "CREATED") summary.created += 1;
    else if (outcome === "UPDATED") summary.updated += 1;
    else summary.unchanged += 1;
  };
  // A batch one order's data breaks (a later version whose refunds exceed a line as first stored) is
  // written again order by order: that order is refused with its line, the others go in.
  const write = async (rows: { order: ValidOrder; line: number }[]) => {
    try {
      for (const stored of await upsertOrders(
        db,
        rows.map((row) => row.order),
      ))
        count(stored.outcome);
    } catch (error) {
      if (!refusedByData(error)) throw error;
      for (const { order, line } of rows) {
        try {
          const [stored] = await upsertOrders(db, [order]);
          if (stored) count(stored.outcome);
        } catch (orderError) {
          if (!refusedByData(orderError)) throw orderError;
          summary.refused.push({ line, reason: dataProblem(orderError) });
        }
      }
    }
  };
  const flush = async (nextLine: number) => {
    const rows = batch;
    const rowIds = ids;
    batch = [];
    ids = new Set();
    while (
      inFlight.length >= IMPORT_WRITERS ||
      (inFlight.length > 0 && inFlight.some((w) => [...rowIds].some((id) => w.ids.has(id))))
    )
      await inFlight.shift()?.done;
    const written = rows.length > 0 ? write(rows) : Promise.resolve();
    const done = Promise.all([committed, written]).then(async () => {
      await writeFile(progressFile, JSON.stringify({ line: nextLine, file }));
      onProgress?.(nextLine);
    });
    done.catch(() => undefined); // its failure is thrown where it is awaited, not as an unhandled one
    committed = done;
    inFlight.push({ ids: rowIds, done });
  };
  const settle = async () => {
    while (inFlight.length > 0) await inFlight.shift()?.done;
  };

  for await (const { line, order, problem } of ordersOfFile(path, storeId)) {
    if (line < resumedFrom) continue;
    // A batch holds each order once (one statement cannot upsert a row twice), and stops between batches.
    if (batch.length >= IMPORT_BATCH || (order && ids.has(order.orderId))) {
      await flush(line);
      if (shouldStop()) {
        await settle();
        summary.refused.sort((a, b) => a.line - b.line);
        return summary;
      }
    }
    if (!order) {
      summary.refused.push({ line, reason: problem ?? "unreadable" });
      continue;
    }
    try {
      const valid = validOrder(order, store.currency, now);
      batch.push({ order: valid, line });
      ids.add(valid.orderId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      summary.refused.push({ line, reason: error.message });
    }
  }
  await flush(Number.POSITIVE_INFINITY);
  await settle();
  await rm(progressFile, { force: true });
  summary.complete = true;
  summary.refused.sort((a, b) => a.line - b.line);
  return summary;
}

/** The file an import reads, as its progress names it: device, inode, size and last change. */
async function fileIdentity(path: string): Promise<string> {
  const { dev, ino, size, mtimeMs } = await stat(path);
  return `${dev}:${ino}:${size}:${mtimeMs}`;
}

/** A statement refused for what one order holds (a check, a value out of range), not for an outage. */
function refusedByData(error: unknown): boolean {
  return refundsExceedLine(error) || isDataException(error);
}

function dataProblem(error: unknown): string {
  return refundsExceedLine(error)
    ? REFUNDS_EXCEED_LINE
    : `refused by the database: ${(error as Error).message}`;
}
