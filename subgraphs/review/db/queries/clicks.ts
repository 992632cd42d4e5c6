import { and, eq, sql } from "drizzle-orm";
import { type Period, periodBounds } from "../../../../lib/week.ts";
import type { ReviewDb } from "../index.ts";
import { widgetClicks, widgetProducts, widgets } from "../schema.ts";

export interface ClickCountRequest {
  widgetId: string;
  timeZone: string;
  period: Period;
}

/** Clicks on each widget over a period in its store's timezone, in the order asked, in one statement. */
export async function clickCounts(db: ReviewDb, requests: readonly ClickCountRequest[]): Promise<number[]> {
  const batch = JSON.stringify(
    requests.map((r, ord) => ({
      ord,
      widget_id: r.widgetId,
      tz: r.timeZone,
      start: r.period.start,
      days: r.period.days,
    })),
  );
  const bounds = periodBounds(sql`k.start`, sql`k.days`, sql`k.tz`);
  const rows = await db.execute<{ ord: number; clicks: number }>(sql`
    select k.ord, (
      select count(*)::int from ${widgetClicks}
      where ${widgetClicks.widgetId} = k.widget_id
        and ${widgetClicks.occurredAt} >= ${bounds.from} and ${widgetClicks.occurredAt} < ${bounds.to}
    ) as clicks
    from json_to_recordset(${batch}::json) as k(ord int, widget_id uuid, tz text, start date, days int)`);
  const byOrd = new Map(rows.map((row) => [Number(row.ord), Number(row.clicks)]));
  return requests.map((_, ord) => byOrd.get(ord) ?? 0);
}

export type ClickTarget =
  | { status: "ok"; storeId: string }
  | { status: "no-widget" }
  | { status: "inactive" }
  | { status: "product-not-in-widget" };

/** Checks that a click names an active widget and, if any, a product that widget shows. */
export async function clickTarget(
  db: ReviewDb,
  widgetId: string,
  productId: string | null,
): Promise<ClickTarget> {
  const [row] = await db
    .select({ storeId: widgets.storeId, active: widgets.active, shown: widgetProducts.productId })
    .from(widgets)
    .leftJoin(
      widgetProducts,
      and(
        eq(widgetProducts.widgetId, widgets.id),
        productId ? eq(widgetProducts.productId, productId) : sql`false`,
      ),
    )
    .where(eq(widgets.id, widgetId));
  if (!row) return { status: "no-widget" };
  if (!row.active) return { status: "inactive" };
  if (productId && !row.shown) return { status: "product-not-in-widget" };
  return { status: "ok", storeId: row.storeId };
}

/** Stores a click once: a click id seen before is not stored again. Returns whether it was new. */
export async function insertClick(
  db: ReviewDb,
  click: { clickId: string; widgetId: string; storeId: string; productId: string | null },
): Promise<boolean> {
  const inserted = await db
    .insert(widgetClicks)
    .values(click)
    .onConflictDoNothing({ target: widgetClicks.clickId })
    .returning({ clickId: widgetClicks.clickId });
  return inserted.length === 1;
}
