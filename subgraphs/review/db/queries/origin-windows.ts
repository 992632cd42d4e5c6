import { lt, type SQL, sql } from "drizzle-orm";
import type { ReviewDb } from "../index.ts";
import {
  impressionOriginWindows,
  originWindows,
  repeatOriginWindows,
  slotViewOriginWindows,
} from "../schema.ts";

/** The per-address windows: counted clicks, impressions, slot views and repeat clicks kept, each the same way. */
type OriginWindowTable =
  | typeof originWindows
  | typeof impressionOriginWindows
  | typeof slotViewOriginWindows
  | typeof repeatOriginWindows;

/**
 * The upsert behind a per-address cap, as a statement's CTE: one row per address (`origin`, a salted hash)
 * and widget for the whole batch, raising the window's count by what `rows` (a FROM item with `origin`,
 * `widget_id` and `occurred_at`) asks, up to `cap`; a window older than `windowSeconds` starts again.
 * It returns `origin, widget_id, last_granted`: how many of the batch's rows it let through, so one
 * statement both raises the count and says what it allowed, atomically against concurrent batches.
 */
export function raiseOriginWindows(
  table: OriginWindowTable,
  rows: SQL,
  { cap, windowSeconds }: { cap: number; windowSeconds: number },
): SQL {
  const expired = sql`ow.window_start <= excluded.window_start - make_interval(secs => ${windowSeconds})`;
  return sql`
    insert into ${table} as ow (origin, widget_id, window_start, counted, last_granted)
    select origin, widget_id, min(occurred_at), least(count(*), ${cap}), least(count(*), ${cap})
    from ${rows} group by origin, widget_id order by origin, widget_id
    on conflict (origin, widget_id) do update set
      window_start = case when ${expired} then excluded.window_start else ow.window_start end,
      counted = case when ${expired} then excluded.counted else least(ow.counted + excluded.counted, ${cap}) end,
      last_granted = case when ${expired} then excluded.counted
                          else least(ow.counted + excluded.counted, ${cap}) - ow.counted end
    returning origin, widget_id, last_granted`;
}

/** A cap of 0 means none (load tests from one address). */
export const capOf = (maxPerOrigin: number) => (maxPerOrigin > 0 ? maxPerOrigin : 2_147_483_647);

/** Forgets every kind of window once it has run out (one row per address, widget and window). */
export async function deleteExpiredOriginWindows(db: ReviewDb, before: Date): Promise<void> {
  for (const table of [originWindows, impressionOriginWindows, slotViewOriginWindows, repeatOriginWindows])
    await db.delete(table).where(lt(table.windowStart, before));
}
