import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { CONFIRM_LINK_DAYS } from "../../../../lib/auth.ts";
import { BadInputError, DomainError, NotFoundError } from "../../../../lib/errors.ts";
import type { ShopDb } from "../index.ts";
import { pendingRecipients, type Store, settingsChanges, stores, suppressedRecipients } from "../schema.ts";

type Tx = Parameters<Parameters<ShopDb["transaction"]>[0]>[0];
type Change = Omit<typeof settingsChanges.$inferInsert, "id" | "storeId" | "at" | "actor" | "actorRef">;
type Actor = Pick<typeof settingsChanges.$inferInsert, "actor" | "actorRef">;

/** Confirmed and pending addresses of one store together: a store mails a team, not a list. */
export const MAX_RECIPIENTS = 50;
/**
 * Confirmation emails one store may cause in a day, and one address of it: each request mails a stranger
 * from the shared sending domain, and a few complaints would stop every store's report.
 */
export const CONFIRMATIONS_PER_STORE_DAY = 20;
const DAY_MS = 86_400_000;

const CONFIRM_LINK_MS = CONFIRM_LINK_DAYS * 86_400_000;

/**
 * One settings change of a store: the store row locked first (so two changes of one store queue up and
 * each sees the other's result), the change made, and a history row written only when `apply` says it
 * changed something.
 */
async function change(
  db: ShopDb,
  storeId: string,
  who: Actor & { at: Date },
  apply: (tx: Tx, store: Store) => Promise<Change | null>,
): Promise<Store> {
  return db.transaction(async (tx) => {
    const [store] = await tx.select().from(stores).where(eq(stores.id, storeId)).for("update");
    if (!store) throw new NotFoundError(`No store ${storeId}`);
    // Checked under the row's lock: a link whose address was removed a moment ago changes nothing.
    if (who.actor === "settings_link") assertLinkRecipient(store, who.actorRef ?? "");
    const made = await apply(tx, store);
    if (made) await tx.insert(settingsChanges).values({ storeId, ...who, ...made });
    const [after] = await tx.select().from(stores).where(eq(stores.id, storeId));
    return after ?? store;
  });
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A settings link ("Manage these emails") is honoured only while its address receives the report: the
 * store's current row decides, so a removed recipient's link stops at once, on every gateway.
 */
export function assertLinkRecipient(store: Store, email: string): void {
  if (!store.reportRecipients.some((r) => sameAddress(r, email)))
    throw new DomainError(
      "FORBIDDEN",
      "This settings link's address no longer receives the report, so the link no longer opens its settings",
    );
}

/** A store's report recipients without `email`, compared without case: the SQL for `set`. */
export const recipientsWithout = (email: string) =>
  sql`array(select r from unnest(${stores.reportRecipients}) r where lower(r) <> lower(${email}))`;

/** A request for a new recipient (replacing an earlier one, whose link then confirms nothing). */
export function addRecipient(
  db: ShopDb,
  { storeId, email, who }: { storeId: string; email: string; who: Actor & { at: Date } },
) {
  return change(db, storeId, who, async (tx, store) => {
    if (store.reportRecipients.some((r) => sameAddress(r, email))) return null;
    const [suppressed] = await tx
      .select({ reason: suppressedRecipients.reason })
      .from(suppressedRecipients)
      .where(
        and(eq(suppressedRecipients.storeId, storeId), eq(suppressedRecipients.email, email.toLowerCase())),
      );
    if (suppressed)
      throw new BadInputError(
        `${email} ${suppressed.reason === "complaint" ? "marked the report as spam" : "bounced"}: this store sends it nothing again, not even a confirmation email`,
      );
    // Each request added is one confirmation email: the history of the last day counts them, whatever was
    // removed since (removing and adding again must not mail again).
    const lastDay = await tx
      .select({ email: settingsChanges.email, at: settingsChanges.at })
      .from(settingsChanges)
      .where(
        and(
          eq(settingsChanges.storeId, storeId),
          eq(settingsChanges.action, "recipient_added"),
          gt(settingsChanges.at, new Date(who.at.getTime() - DAY_MS)),
        ),
      )
      .orderBy(asc(settingsChanges.at));
    const mailedThisAddress = lastDay.find((row) => row.email && sameAddress(row.email, email));
    if (mailedThisAddress)
      throw new DomainError(
        "TOO_MANY_REQUESTS",
        `A confirmation email went to ${email} at ${mailedThisAddress.at.toISOString()}; nothing was sent now. Another may be asked for from ${new Date(mailedThisAddress.at.getTime() + DAY_MS).toISOString()}`,
      );
    if (lastDay.length >= CONFIRMATIONS_PER_STORE_DAY)
      throw new DomainError(
        "TOO_MANY_REQUESTS",
        `This store asked ${CONFIRMATIONS_PER_STORE_DAY} addresses to confirm in the last day, the most it may; nothing was sent. More may be asked for from ${new Date((lastDay[0]?.at.getTime() ?? who.at.getTime()) + DAY_MS).toISOString()}`,
      );
    const pending = await tx
      .select({ email: pendingRecipients.email })
      .from(pendingRecipients)
      .where(eq(pendingRecipients.storeId, storeId));
    const others = pending.filter((p) => !sameAddress(p.email, email)).length;
    if (store.reportRecipients.length + others >= MAX_RECIPIENTS)
      throw new BadInputError(`A report has at most ${MAX_RECIPIENTS} recipients, confirmed or pending`);
    await tx
      .delete(pendingRecipients)
      .where(
        and(eq(pendingRecipients.storeId, storeId), sql`lower(${pendingRecipients.email}) = lower(${email})`),
      );
    await tx.insert(pendingRecipients).values({ storeId, email, requestedAt: who.at });
    return { action: "recipient_added", email };
  });
}

/** An address out of the recipients and out of the pending requests; nothing recorded when it was in neither. */
export function removeRecipient(
  db: ShopDb,
  { storeId, email, who }: { storeId: string; email: string; who: Actor & { at: Date } },
) {
  return change(db, storeId, who, async (tx, store) => {
    const confirmed = store.reportRecipients.some((r) => sameAddress(r, email));
    if (confirmed)
      await tx
        .update(stores)
        .set({ reportRecipients: recipientsWithout(email) })
        .where(eq(stores.id, storeId));
    const withdrawn = await tx
      .delete(pendingRecipients)
      .where(
        and(eq(pendingRecipients.storeId, storeId), sql`lower(${pendingRecipients.email}) = lower(${email})`),
      )
      .returning({ id: pendingRecipients.id });
    return confirmed || withdrawn.length > 0 ? { action: "recipient_removed", email } : null;
  });
}

export function setSchedule(
  db: ShopDb,
  { storeId, day, hour, who }: { storeId: string; day: number; hour: number; who: Actor & { at: Date } },
) {
  return change(db, storeId, who, async (tx, store) => {
    if (store.reportDay === day && store.reportHour === hour) return null;
    await tx.update(stores).set({ reportDay: day, reportHour: hour }).where(eq(stores.id, storeId));
    return { action: "schedule_changed", day, hour };
  });
}

export function setPaused(
  db: ShopDb,
  { storeId, paused, who }: { storeId: string; paused: boolean; who: Actor & { at: Date } },
) {
  return change(db, storeId, who, async (tx, store) => {
    if (store.reportPaused === paused) return null;
    await tx.update(stores).set({ reportPaused: paused }).where(eq(stores.id, storeId));
    return { action: paused ? "paused" : "resumed" };
  });
}

export function setCadence(
  db: ShopDb,
  { storeId, cadence, who }: { storeId: string; cadence: Store["reportCadence"]; who: Actor & { at: Date } },
) {
  return change(db, storeId, who, async (tx, store) => {
    if (store.reportCadence === cadence) return null;
    await tx.update(stores).set({ reportCadence: cadence }).where(eq(stores.id, storeId));
    return { action: "cadence_changed" };
  });
}

/** What `setAlertDestinations` may change; the Slack webhook arrives checked and sealed. */
export interface AlertDestinationsChange {
  email?: boolean;
  sealedSlackWebhook?: string;
  removeSlack?: boolean;
  slackReports?: boolean;
}

/**
 * Alert destinations changed: a new webhook replaces the old and lifts its pause. The history names the
 * weightiest change (a webhook set, then removed, then a switch turned).
 */
export function setAlertDestinations(
  db: ShopDb,
  {
    storeId,
    change: asked,
    who,
  }: { storeId: string; change: AlertDestinationsChange; who: Actor & { at: Date } },
) {
  return change(db, storeId, who, async (tx, store) => {
    const set: Partial<typeof stores.$inferInsert> = {};
    if (asked.email !== undefined && asked.email !== store.alertEmail) set.alertEmail = asked.email;
    if (asked.slackReports !== undefined && asked.slackReports !== store.slackReports)
      set.slackReports = asked.slackReports;
    if (asked.sealedSlackWebhook)
      Object.assign(set, {
        slackWebhook: asked.sealedSlackWebhook,
        slackSetAt: who.at,
        slackPausedAt: null,
        slackPausedReason: null,
      });
    else if (asked.removeSlack && store.slackWebhook)
      Object.assign(set, {
        slackWebhook: null,
        slackSetAt: null,
        slackPausedAt: null,
        slackPausedReason: null,
      });
    if (Object.keys(set).length === 0) return null;
    await tx.update(stores).set(set).where(eq(stores.id, storeId));
    if (asked.sealedSlackWebhook) return { action: "slack_set" };
    return { action: set.slackWebhook === null ? "slack_removed" : "alerts_changed" };
  });
}

/**
 * Slack refused the webhook set at `setAt` for good: paused, with Slack's answer, unless the owner has set
 * another since (a refusal of the old one says nothing of the new). False when nothing changed.
 */
export async function pauseSlack(
  db: ShopDb,
  { storeId, setAt, reason, at }: { storeId: string; setAt: Date; reason: string; at: Date },
): Promise<boolean> {
  let paused = false;
  await change(db, storeId, { actor: "provider", actorRef: null, at }, async (tx, store) => {
    if (!store.slackWebhook || store.slackSetAt?.getTime() !== setAt.getTime() || store.slackPausedAt)
      return null;
    await tx
      .update(stores)
      .set({ slackPausedAt: at, slackPausedReason: reason.slice(0, 200) })
      .where(eq(stores.id, storeId));
    paused = true;
    return { action: "slack_paused" };
  });
  return paused;
}

/**
 * A confirmation link followed: the request, if it is still the address's newest and within the link's
 * days, becomes a recipient, and any suppression of the address is lifted (its owner just showed the
 * mailbox works). Null, with nothing changed, for a replaced, withdrawn or expired request.
 */
export async function confirmRecipient(
  db: ShopDb,
  { storeId, email, requestId, at }: { storeId: string; email: string; requestId: string; at: Date },
): Promise<Store | null> {
  try {
    return await change(db, storeId, { actor: "confirmation_link", actorRef: email, at }, async (tx) => {
      const [request] = await tx
        .delete(pendingRecipients)
        .where(
          and(
            eq(pendingRecipients.id, requestId),
            eq(pendingRecipients.storeId, storeId),
            eq(pendingRecipients.email, email),
            gt(pendingRecipients.requestedAt, new Date(at.getTime() - CONFIRM_LINK_MS)),
          ),
        )
        .returning();
      if (!request) throw new RequestGone();
      await tx
        .update(stores)
        .set({ reportRecipients: sql`array_append(${stores.reportRecipients}, ${email}::text)` })
        .where(
          and(
            eq(stores.id, storeId),
            sql`not exists (select from unnest(${stores.reportRecipients}) r where lower(r) = lower(${email}))`,
          ),
        );
      await tx
        .delete(suppressedRecipients)
        .where(
          and(eq(suppressedRecipients.storeId, storeId), eq(suppressedRecipients.email, email.toLowerCase())),
        );
      return { action: "recipient_confirmed", email };
    });
  } catch (error) {
    if (error instanceof RequestGone) return null;
    throw error;
  }
}

/** Rolls the confirmation back: the request is not there to confirm. */
class RequestGone extends Error {}

/**
 * Requests whose confirmation email is still to be queued, within the link's days, oldest first; never one
 * to an address suppressed since it was asked for.
 */
export function confirmationsToMail(db: ShopDb, { first, now }: { first: number; now: Date }) {
  return db
    .select()
    .from(pendingRecipients)
    .where(
      and(
        isNull(pendingRecipients.mailedAt),
        gt(pendingRecipients.requestedAt, new Date(now.getTime() - CONFIRM_LINK_MS)),
        sql`not exists (select from ${suppressedRecipients} s where s.store_id = ${pendingRecipients.storeId} and s.email = lower(${pendingRecipients.email}))`,
      ),
    )
    .orderBy(asc(pendingRecipients.requestedAt))
    .limit(first);
}

export async function markMailed(
  db: ShopDb,
  { requestIds, now }: { requestIds: string[]; now: Date },
): Promise<number> {
  if (requestIds.length === 0) return 0;
  const rows = await db
    .update(pendingRecipients)
    .set({ mailedAt: now })
    .where(and(inArray(pendingRecipients.id, requestIds), isNull(pendingRecipients.mailedAt)))
    .returning({ id: pendingRecipients.id });
  return rows.length;
}

export async function pendingOf(db: ShopDb, storeId: string) {
  const rows = await db
    .select()
    .from(pendingRecipients)
    .where(eq(pendingRecipients.storeId, storeId))
    .orderBy(asc(pendingRecipients.requestedAt));
  return rows.map((row) => ({ ...row, expiresAt: new Date(row.requestedAt.getTime() + CONFIRM_LINK_MS) }));
}

export function changesOf(db: ShopDb, { storeId, first }: { storeId: string; first: number }) {
  return db
    .select()
    .from(settingsChanges)
    .where(eq(settingsChanges.storeId, storeId))
    .orderBy(desc(settingsChanges.at), desc(settingsChanges.id))
    .limit(first);
}

/** The history row of an address the provider's webhook suppressed, in the suppression's transaction. */
export async function recordSuppressionChange(
  tx: Tx,
  { storeId, email, at }: { storeId: string; email: string; at: Date },
) {
  await tx
    .insert(settingsChanges)
    .values({ storeId, at, action: "recipient_suppressed", email, actor: "provider", actorRef: null });
}
