import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { recordset } from "../lib/runtime/sql-recordset.ts";
import type { JobsDb } from "./db/index.ts";
import {
  type Delivery,
  deliveries,
  type OutgoingEmail,
  providerPause,
  reportRuns,
  type SlackPayload,
  slackMessages,
} from "./db/schema.ts";

/**
 * The provider's Idempotency-Key of one recipient's email of a mailing (a report, a confirmation, an
 * alert): the same whoever sends it, however often. The address is hashed: a key is a header, which must
 * stay ASCII and at most 256 characters.
 */
export function deliveryKey(storeId: string, mailing: string, recipient: string, resends = 0): string {
  const hashed = createHash("sha256").update(recipient).digest("hex").slice(0, 32);
  return `mail/${storeId}/${mailing}/${hashed}${resends > 0 ? `/resend-${resends}` : ""}`;
}

/**
 * Of the given stores' report periods (a week or a month), those whose send job has already done its work:
 * one statement for all. Answered as `<store>/<period>`.
 */
export async function runsDone(db: JobsDb, runs: { storeId: string; week: string }[]): Promise<Set<string>> {
  if (runs.length === 0) return new Set();
  const rows = await db.execute<{ store_id: string; period: string }>(sql`
    select r.store_id, r.period from ${reportRuns} r
    join ${recordset(runs.map((run) => ({ store_id: run.storeId, period: run.week })))} as k(store_id uuid, period text)
      on k.store_id = r.store_id and k.period = r.period`);
  return new Set(rows.map((row) => `${row.store_id}/${row.period}`));
}

/**
 * Queues a store's report for each recipient and records the run, in one transaction, so a send job that
 * runs twice (retried, or on two workers) queues each recipient once.
 */
export async function queueReport(
  db: JobsDb,
  run: {
    storeId: string;
    week: string;
    partial: boolean;
    emails: { recipient: string; email: OutgoingEmail }[];
    /** Recipients that cannot be mailed: recorded as failed with the reason, never sent. */
    refused?: { recipient: string; reason: string }[];
    /** The report's summary for the store's Slack, posted by the Slack sender. */
    slack?: SlackPayload;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    let queued = 0;
    if (run.emails.length > 0) {
      const rows = await tx
        .insert(deliveries)
        .values(
          run.emails.map(({ recipient, email }) => ({
            storeId: run.storeId,
            mailing: run.week,
            recipient,
            email,
          })),
        )
        .onConflictDoNothing()
        .returning({ recipient: deliveries.recipient });
      queued = rows.length;
    }
    const refused = run.refused ?? [];
    if (refused.length > 0)
      await tx
        .insert(deliveries)
        .values(
          refused.map(({ recipient, reason }) => ({
            storeId: run.storeId,
            mailing: run.week,
            recipient,
            status: "failed" as const,
            lastError: `refused before sending: ${reason}`,
          })),
        )
        .onConflictDoNothing();
    if (run.slack)
      await tx
        .insert(slackMessages)
        .values({ storeId: run.storeId, key: `report:${run.week}`, payload: run.slack })
        .onConflictDoNothing();
    await tx
      .insert(reportRuns)
      .values({
        storeId: run.storeId,
        period: run.week,
        outcome: run.emails.length > 0 || refused.length > 0 ? "queued" : "no-recipients",
        partial: run.partial,
      })
      .onConflictDoNothing();
    return queued;
  });
}

/**
 * Queues the confirmation email of a recipient request, once per request: its mailing is
 * `confirm:<request id>`, which no report period can be.
 */
export async function queueConfirmation(
  db: JobsDb,
  c: { storeId: string; requestId: string; recipient: string; email: OutgoingEmail },
): Promise<void> {
  await db
    .insert(deliveries)
    .values({ storeId: c.storeId, mailing: `confirm:${c.requestId}`, recipient: c.recipient, email: c.email })
    .onConflictDoNothing();
}

export interface Batch {
  key: string;
  /** This claim's fencing token: the batch is this sender's while the rows still carry it. */
  token: string;
  rows: Delivery[];
}

/**
 * The provider remembers an Idempotency-Key for 24 hours; a batch first sent longer ago than this (with a
 * margin for clocks and retries) cannot be replayed safely.
 */
export const KEY_WINDOW_SECONDS = 23 * 3_600;

const HELD_REASON =
  "not confirmed by the provider within its 24 h idempotency window: it may have been sent; " +
  "resend or drop it with npm run weekly -- --held resend|drop";

/**
 * Claims what to send next: first a batch whose sender stopped answering (claimed longer ago than
 * `leaseSeconds`), with its members and key unchanged; else up to `max` queued emails (one, if it must
 * go alone). Each claim writes a new fencing token. A takeover locks the whole batch and only proceeds if
 * no one else took it first; a stale batch first sent outside the provider's key window is held instead.
 */
export async function claimBatch(
  db: JobsDb,
  { max, leaseSeconds }: { max: number; leaseSeconds: number },
): Promise<Batch | null> {
  const token = randomUUID();
  return db.transaction(async (tx) => {
    const [stale] = await tx.execute<{ batch_key: string; claim_token: string }>(sql`
      select batch_key, claim_token from ${deliveries}
      where status = 'sending' and claimed_at < now() - make_interval(secs => ${leaseSeconds})
      limit 1`);
    if (stale) {
      // Every row of the batch, in one order (no deadlock between two takers), waiting rather than
      // skipping: whoever comes second sees the first's token and leaves the batch alone.
      const locked = await tx.execute<{ expired: boolean }>(sql`
        select first_attempt_at < now() - make_interval(secs => ${KEY_WINDOW_SECONDS}) as expired
        from ${deliveries}
        where batch_key = ${stale.batch_key} and status = 'sending' and claim_token = ${stale.claim_token}
        order by store_id, mailing, recipient for update`);
      if (locked.length === 0) return null;
      if (locked.some((row) => row.expired)) {
        await tx
          .update(deliveries)
          .set({ status: "held", lastError: HELD_REASON })
          .where(eq(deliveries.batchKey, stale.batch_key));
        return null;
      }
      const rows = await tx
        .update(deliveries)
        .set({ claimedAt: sql`now()`, claimToken: token, attempts: sql`${deliveries.attempts} + 1` })
        .where(and(eq(deliveries.batchKey, stale.batch_key), eq(deliveries.claimToken, stale.claim_token)))
        .returning();
      return { key: stale.batch_key, token, rows: inSendOrder(rows) };
    }
    const picked = await tx.execute<{
      store_id: string;
      mailing: string;
      recipient: string;
      alone: boolean;
      resends: number;
    }>(sql`
      select store_id, mailing, recipient, alone, resends from ${deliveries}
      where status = 'queued' and next_attempt_at <= now()
      order by alone desc, created_at
      limit ${max} for update skip locked`);
    const first = picked[0];
    if (!first) return null;
    const members = first.alone ? [first] : picked.filter((row) => !row.alone);
    const key =
      members.length === 1
        ? deliveryKey(first.store_id, first.mailing, first.recipient, first.resends)
        : `mail-batch/${randomUUID()}`;
    const rows = await tx
      .update(deliveries)
      .set({
        status: "sending",
        batchKey: key,
        claimToken: token,
        claimedAt: sql`now()`,
        firstAttemptAt: sql`now()`,
        attempts: sql`${deliveries.attempts} + 1`,
      })
      .where(
        sql`(${deliveries.storeId}, ${deliveries.mailing}, ${deliveries.recipient}) in (${sql.join(
          members.map((m) => sql`(${m.store_id}::uuid, ${m.mailing}, ${m.recipient})`),
          sql`, `,
        )})`,
      )
      .returning();
    return { key, token, rows: inSendOrder(rows) };
  });
}

/** A batch is always sent in the same order, so a replay carries the same request. */
function inSendOrder(rows: Delivery[]): Delivery[] {
  return rows.sort(
    (a, b) =>
      a.storeId.localeCompare(b.storeId) ||
      a.mailing.localeCompare(b.mailing) ||
      a.recipient.localeCompare(b.recipient),
  );
}

/** The rows of a batch while this sender still owns it. */
const owned = (batch: Batch) =>
  and(
    eq(deliveries.batchKey, batch.key),
    eq(deliveries.claimToken, batch.token),
    eq(deliveries.status, "sending"),
  );

/** Records what the provider accepted. The provider's answer is the truth, whoever owns the batch now. */
export async function markSent(
  db: JobsDb,
  { batch, providerIds }: { batch: Batch; providerIds: string[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [index, row] of batch.rows.entries()) {
      await tx
        .update(deliveries)
        .set({
          status: "sent",
          providerId: providerIds[index] ?? null,
          sentAt: sql`now()`,
          email: null,
          lastError: null,
        })
        .where(
          and(
            eq(deliveries.storeId, row.storeId),
            eq(deliveries.mailing, row.mailing),
            eq(deliveries.recipient, row.recipient),
          ),
        );
    }
  });
}

/**
 * Extends this sender's lease before it asks the provider (again): `lost` when the batch is no longer its
 * own (another sender took it over, or it was sent, held or split meanwhile) and the sender must leave it;
 * `expired` when it was first sent longer ago than the provider remembers its key.
 */
export async function renewClaim(
  db: JobsDb,
  { batch, reason }: { batch: Batch; reason?: string },
): Promise<"ours" | "lost" | "expired"> {
  const rows = await db
    .update(deliveries)
    .set({ claimedAt: sql`now()`, ...(reason === undefined ? {} : { lastError: reason }) })
    .where(owned(batch))
    .returning({
      expired: sql<boolean>`${deliveries.firstAttemptAt} < now() - make_interval(secs => ${KEY_WINDOW_SECONDS})`,
    });
  if (rows.length === 0) return "lost";
  return rows.some((row) => row.expired) ? "expired" : "ours";
}

/** Puts a batch aside for a person: it may have been sent, and its key can no longer prove it. */
export async function markHeld(db: JobsDb, batch: Batch): Promise<void> {
  await db.update(deliveries).set({ status: "held", lastError: HELD_REASON }).where(owned(batch));
}

/**
 * The provider refused the request for good: a lone email fails with the reason, and keeps its content so
 * that `retryFailed` can send it once the cause is fixed; a batch is split up.
 */
export async function markRejected(
  db: JobsDb,
  { batch, reason }: { batch: Batch; reason: string },
): Promise<void> {
  await db
    .update(deliveries)
    .set(
      batch.rows.length === 1
        ? { status: "failed", lastError: reason }
        : { status: "queued", batchKey: null, claimToken: null, alone: true, lastError: reason },
    )
    .where(owned(batch));
}

/** Notes that the provider refuses this account, for every worker and the status command to see. */
export async function notePause(db: JobsDb, reason: string): Promise<void> {
  await db
    .insert(providerPause)
    .values({ reason })
    .onConflictDoUpdate({ target: providerPause.id, set: { reason, lastSeenAt: sql`now()` } });
}

/** The provider took a request again: whatever paused sending is over. */
export async function clearPause(db: JobsDb): Promise<void> {
  await db.delete(providerPause);
}

export async function currentPause(db: JobsDb) {
  const [pause] = await db.select().from(providerPause);
  return pause ?? null;
}

/**
 * A person's decision on held emails of a mailing (a report's week or month): `resend` queues them again
 * under a new key (they may arrive twice), `drop` fails them with that reason. Returns how many emails it
 * changed.
 */
export async function decideHeld(
  db: JobsDb,
  { mailing, decision }: { mailing: string; decision: "resend" | "drop" },
): Promise<number> {
  const rows = await db
    .update(deliveries)
    .set(
      decision === "resend"
        ? {
            status: "queued",
            batchKey: null,
            claimToken: null,
            firstAttemptAt: null,
            nextAttemptAt: sql`now()`,
            resends: sql`${deliveries.resends} + 1`,
          }
        : { status: "failed", email: null, lastError: "held, then dropped by an operator" },
    )
    .where(and(eq(deliveries.mailing, mailing), eq(deliveries.status, "held")))
    .returning({ recipient: deliveries.recipient });
  return rows.length;
}

/**
 * Failed emails of a mailing queued again (after the cause was fixed), each alone under a new idempotency
 * key; returns how many. Recipients refused before sending and emails an operator dropped have no content
 * to send and stay failed.
 */
export async function retryFailed(db: JobsDb, mailing: string): Promise<number> {
  const rows = await db
    .update(deliveries)
    .set({
      status: "queued",
      batchKey: null,
      claimToken: null,
      alone: true,
      firstAttemptAt: null,
      nextAttemptAt: sql`now()`,
      resends: sql`${deliveries.resends} + 1`,
    })
    .where(
      and(
        eq(deliveries.mailing, mailing),
        eq(deliveries.status, "failed"),
        sql`${deliveries.email} is not null`,
      ),
    )
    .returning({ recipient: deliveries.recipient });
  return rows.length;
}

export interface DeliveryCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  held: number;
}

export async function deliveryCounts(db: JobsDb, mailing?: string): Promise<DeliveryCounts> {
  const rows = await db
    .select({ status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(mailing ? eq(deliveries.mailing, mailing) : undefined)
    .groupBy(deliveries.status);
  const counts: DeliveryCounts = { queued: 0, sending: 0, sent: 0, failed: 0, held: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export async function deliveriesOf(db: JobsDb, storeIds: string[]) {
  return db
    .select()
    .from(deliveries)
    .where(inArray(deliveries.storeId, storeIds))
    .orderBy(asc(deliveries.recipient));
}
