import { asc, eq, sql } from "drizzle-orm";
import type { ShopDb } from "../index.ts";
import { emailEvents, stores, suppressedRecipients } from "../schema.ts";
import { recipientsWithout, recordSuppressionChange } from "./settings.ts";

export interface EmailEvent {
  eventId: string;
  kind: "HARD_BOUNCE" | "SOFT_BOUNCE" | "COMPLAINT";
  storeId: string;
  email: string;
  detail: string;
  occurredAt: Date;
}

/**
 * Records a provider event once (by its id). A hard bounce or a complaint suppresses the address for its
 * store in the same transaction: it leaves the report recipients (compared without case), is listed
 * with its reason, and the settings history says so. Answers false for `found` when the store does not exist (nothing is recorded then).
 */
export async function recordEmailEvent(
  db: ShopDb,
  event: EmailEvent,
): Promise<{ found: boolean; duplicate: boolean; suppressed: boolean }> {
  return db.transaction(async (tx) => {
    const [store] = await tx.select({ id: stores.id }).from(stores).where(eq(stores.id, event.storeId));
    if (!store) return { found: false, duplicate: false, suppressed: false };
    const fresh = await tx
      .insert(emailEvents)
      .values({ id: event.eventId, type: event.kind })
      .onConflictDoNothing()
      .returning({ id: emailEvents.id });
    if (fresh.length === 0) return { found: true, duplicate: true, suppressed: false };
    if (event.kind === "SOFT_BOUNCE") return { found: true, duplicate: false, suppressed: false };
    const email = event.email.toLowerCase();
    await tx
      .update(stores)
      .set({ reportRecipients: recipientsWithout(email) })
      .where(eq(stores.id, event.storeId));
    const suppression = {
      reason: event.kind === "COMPLAINT" ? ("complaint" as const) : ("bounce" as const),
      detail: event.detail,
      suppressedAt: event.occurredAt,
    };
    await tx
      .insert(suppressedRecipients)
      .values({ storeId: event.storeId, email, ...suppression })
      .onConflictDoUpdate({
        target: [suppressedRecipients.storeId, suppressedRecipients.email],
        set: suppression,
      });
    await recordSuppressionChange(tx, { storeId: event.storeId, email, at: event.occurredAt });
    return { found: true, duplicate: false, suppressed: true };
  });
}

/** A store's suppressed addresses, oldest first. */
export function suppressionsOf(db: ShopDb, storeId: string) {
  return db
    .select()
    .from(suppressedRecipients)
    .where(eq(suppressedRecipients.storeId, storeId))
    .orderBy(asc(suppressedRecipients.suppressedAt));
}

/** Suppressed addresses over all stores, by reason (what `npm run weekly -- --status` reports). */
export async function suppressionCounts(db: ShopDb): Promise<{ bounce: number; complaint: number }> {
  const rows = await db
    .select({ reason: suppressedRecipients.reason, count: sql<number>`count(*)::int` })
    .from(suppressedRecipients)
    .groupBy(suppressedRecipients.reason);
  const count = (reason: string) => rows.find((row) => row.reason === reason)?.count ?? 0;
  return { bounce: count("bounce"), complaint: count("complaint") };
}
