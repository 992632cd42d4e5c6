import { sql } from "drizzle-orm";
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

/** Order lines whose claimed click is not decided yet, oldest line first, through the partial index. */
export async function pendingClaims(
  db: ShopDb,
  { first, placedBefore }: { first: number; placedBefore?: Date },
): Promise<PendingClaim[]> {
  const rows = await executePrepared<{
    id: string;
    store_id: string;
    product_id: string;
    click_id: string;
    placed_at: string;
  }>(
    db,
    sql`
    select l.id::text, o.store_id, l.product_id, l.click_id, o.placed_at
    from ${orderLines} l join ${orders} o on o.id = l.order_id
    where l.click_id is not null and l.claim_checked_at is null
      ${placedBefore ? sql`and o.placed_at < ${placedBefore.toISOString()}` : sql``}
    order by l.id
    limit ${first}`,
  );
  return rows.map((row) => ({
    lineRef: row.id,
    storeId: row.store_id,
    productId: row.product_id,
    clickId: row.click_id,
    placedAt: new Date(row.placed_at),
  }));
}

/** The claims of these lines, still undecided, as the verdicts' checks need them. */
export async function undecidedClaims(
  db: ShopDb,
  lineRefs: readonly string[],
): Promise<Map<string, PendingClaim>> {
  if (lineRefs.length === 0) return new Map();
  const rows = await executePrepared<{
    id: string;
    store_id: string;
    product_id: string;
    click_id: string;
    placed_at: string;
  }>(
    db,
    sql`
    select l.id::text, o.store_id, l.product_id, l.click_id, o.placed_at
    from ${orderLines} l join ${orders} o on o.id = l.order_id
    where l.id in (select value::bigint from json_array_elements_text(${JSON.stringify(lineRefs)}::json))
      and l.click_id is not null and l.claim_checked_at is null`,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        lineRef: row.id,
        storeId: row.store_id,
        productId: row.product_id,
        clickId: row.click_id,
        placedAt: new Date(row.placed_at),
      },
    ]),
  );
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
  const rows = await executePrepared<{ decided: number }>(
    db,
    sql`
    with v as (
      update ${orderLines} l set claim_checked_at = now(), credited_widget_id = v.widget_id
      from ${recordset(verdicts.map((v) => ({ line_id: v.lineRef, widget_id: v.creditedWidgetId })))}
        as v(line_id bigint, widget_id uuid)
      where l.id = v.line_id and l.click_id is not null and l.claim_checked_at is null
      returning 1
    )
    select count(*)::int as decided from v`,
  );
  return Number(rows[0]?.decided ?? 0);
}
