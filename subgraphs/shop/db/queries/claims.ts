import { type SQL, sql } from "drizzle-orm";
import { executePrepared } from "../../../../lib/runtime/database.ts";
import { recordset } from "../../../../lib/runtime/sql-recordset.ts";
import type { ShopDb } from "../index.ts";
import { orderLines, orders } from "../schema.ts";

export interface PendingClaim {
  lineRef: string;
  storeId: string;
  productId: string;
  clickId: string;
  placedAt: Date;
}

/** Undecided claims that also meet `where`, in the order and number `tail` says. */
async function undecided(db: ShopDb, where: SQL, tail: SQL = sql``): Promise<PendingClaim[]> {
  const rows = await executePrepared(db, {
    columns: { id: "text", store_id: "uuid", product_id: "uuid", click_id: "uuid", placed_at: "timestamptz" },
    sql: sql`
    select l.id::text, o.store_id, l.product_id, l.click_id, o.placed_at
    from ${orderLines} l join ${orders} o on o.id = l.order_id
    where l.click_id is not null and l.claim_checked_at is null and ${where}
    ${tail}`,
  });
  return rows.map((row) => ({
    lineRef: row.id,
    storeId: row.store_id,
    productId: row.product_id,
    clickId: row.click_id,
    placedAt: new Date(row.placed_at),
  }));
}

/**
 * Order lines whose claimed click is not decided yet (with `placedBefore`, of orders placed before it),
 * oldest line first, through the partial index.
 */
export function pendingClaims(
  db: ShopDb,
  { first, placedBefore }: { first: number; placedBefore?: Date },
): Promise<PendingClaim[]> {
  return undecided(
    db,
    placedBefore ? sql`o.placed_at < ${placedBefore.toISOString()}` : sql`true`,
    sql`order by l.id limit ${first}`,
  );
}

/** The claims of these lines that are still undecided, by line, as the verdicts' checks need them. */
export async function undecidedClaims(
  db: ShopDb,
  lineRefs: readonly string[],
): Promise<Map<string, PendingClaim>> {
  if (lineRefs.length === 0) return new Map();
  const claims = await undecided(
    db,
    sql`l.id in (select value::bigint from json_array_elements_text(${JSON.stringify(lineRefs)}::json))`,
  );
  return new Map(claims.map((claim) => [claim.lineRef, claim]));
}

/**
 * Writes verdicts in one statement; a claim decided before keeps its verdict, so a batch verified twice
 * (a worker that died before it heard back) credits nothing twice. Returns how many it decided.
 */
export async function recordVerdicts(
  db: ShopDb,
  verdicts: readonly { lineRef: string; creditedWidgetId: string | null }[],
): Promise<number> {
  if (verdicts.length === 0) return 0;
  const rows = await executePrepared(db, {
    columns: { decided: "int4" },
    sql: sql`
    with v as (
      update ${orderLines} l set claim_checked_at = now(), credited_widget_id = v.widget_id
      from ${recordset(verdicts.map((v) => ({ line_id: v.lineRef, widget_id: v.creditedWidgetId })))}
        as v(line_id bigint, widget_id uuid)
      where l.id = v.line_id and l.click_id is not null and l.claim_checked_at is null
      returning 1
    )
    select count(*)::int as decided from v`,
  });
  return Number(rows[0]?.decided ?? 0);
}
