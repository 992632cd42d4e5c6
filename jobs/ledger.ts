import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { recordset } from "../lib/batch.ts";
import type { JobsDb } from "./db/index.ts";
import { type Delivery, deliveries, type OutgoingEmail, reportRuns } from "./db/schema.ts";

/** The provider's Idempotency-Key of one recipient's report: the same whoever sends it, however often. */
export function deliveryKey(storeId: string, week: string, recipient: string): string {
  return `weekly-report/${storeId}/${week}/${recipient}`;
}

/** Whether the send job of this store and week has already done its work. */
export async function hasRun(db: JobsDb, storeId: string, week: string): Promise<boolean> {
  const [run] = await db
    .select()
    .from(reportRuns)
    .where(and(eq(reportRuns.storeId, storeId), eq(reportRuns.week, week)));
  return run !== undefined;
}

/** Of the given store weeks, those whose send job has already done its work: one statement for all. */
export async function runsDone(db: JobsDb, weeks: { storeId: string; week: string }[]): Promise<Set<string>> {
  if (weeks.length === 0) return new Set();
  const rows = await db.execute<{ store_id: string; week: string }>(sql`
    select r.store_id, r.week from report_runs r
    join ${recordset(weeks.map((w) => ({ store_id: w.storeId, week: w.week })))} as k(store_id uuid, week text)
      on k.store_id = r.store_id and k.week = r.week`);
  return new Set(rows.map((row) => `${row.store_id}/${row.week}`));
}

/**
 * Queues a store's report for each recipient and records the run, in one transaction, so a send job that
 * runs twice (retried, or on two workers) queues each recipient once.
 */
export async function queueReport(
  db: JobsDb,
  run: { storeId: string; week: string; partial: boolean; emails: OutgoingEmail[] },
): Promise<number> {
  return db.transaction(async (tx) => {
    let queued = 0;
    if (run.emails.length > 0) {
      const rows = await tx
        .insert(deliveries)
        .values(
          run.emails.map((email) => ({ storeId: run.storeId, week: run.week, recipient: email.to, email })),
        )
        .onConflictDoNothing()
        .returning({ recipient: deliveries.recipient });
      queued = rows.length;
    }
    await tx
      .insert(reportRuns)
      .values({
        storeId: run.storeId,
        week: run.week,
        outcome: run.emails.length > 0 ? "queued" : "no-recipients",
        partial: run.partial,
      })
      .onConflictDoNothing();
    return queued;
  });
}

export interface Batch {
  key: string;
  rows: Delivery[];
}

/**
 * Claims what to send next: first a batch whose sender stopped answering (claimed longer ago than
 * `leaseSeconds`), with its members and key unchanged; else up to `max` queued emails (one, if it must
 * go alone). Rows are locked with SKIP LOCKED, so concurrent senders never take the same rows.
 */
export async function claimBatch(
  db: JobsDb,
  { max, leaseSeconds }: { max: number; leaseSeconds: number },
): Promise<Batch | null> {
  return db.transaction(async (tx) => {
    const [stale] = await tx.execute<{ batch_key: string }>(sql`
      select batch_key from deliveries
      where status = 'sending' and claimed_at < now() - make_interval(secs => ${leaseSeconds})
      limit 1 for update skip locked`);
    if (stale) {
      const rows = await tx
        .update(deliveries)
        .set({ claimedAt: sql`now()`, attempts: sql`${deliveries.attempts} + 1` })
        .where(and(eq(deliveries.batchKey, stale.batch_key), eq(deliveries.status, "sending")))
        .returning();
      return { key: stale.batch_key, rows: inSendOrder(rows) };
    }
    const picked = await tx.execute<{
      store_id: string;
      week: string;
      recipient: string;
      alone: boolean;
    }>(sql`
      select store_id, week, recipient, alone from deliveries
      where status = 'queued' and next_attempt_at <= now()
      order by alone desc, created_at
      limit ${max} for update skip locked`);
    const first = picked[0];
    if (!first) return null;
    const members = first.alone ? [first] : picked.filter((row) => !row.alone);
    const key =
      members.length === 1
        ? deliveryKey(first.store_id, first.week, first.recipient)
        : `weekly-report-batch/${randomUUID()}`;
    const rows = await tx
      .update(deliveries)
      .set({
        status: "sending",
        batchKey: key,
        claimedAt: sql`now()`,
        attempts: sql`${deliveries.attempts} + 1`,
      })
      .where(
        sql`(${deliveries.storeId}, ${deliveries.week}, ${deliveries.recipient}) in (${sql.join(
          members.map((m) => sql`(${m.store_id}::uuid, ${m.week}, ${m.recipient})`),
          sql`, `,
        )})`,
      )
      .returning();
    return { key, rows: inSendOrder(rows) };
  });
}

/** A batch is always sent in the same order, so a replay carries the same request. */
function inSendOrder(rows: Delivery[]): Delivery[] {
  return rows.sort(
    (a, b) =>
      a.storeId.localeCompare(b.storeId) ||
      a.week.localeCompare(b.week) ||
      a.recipient.localeCompare(b.recipient),
  );
}

export async function markSent(db: JobsDb, batch: Batch, providerIds: string[]): Promise<void> {
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
            eq(deliveries.week, row.week),
            eq(deliveries.recipient, row.recipient),
          ),
        );
    }
  });
}

/** Keeps the claim alive while the sender waits to retry the same request. */
export async function renewClaim(db: JobsDb, batch: Batch, reason: string): Promise<void> {
  await db
    .update(deliveries)
    .set({ claimedAt: sql`now()`, lastError: reason })
    .where(eq(deliveries.batchKey, batch.key));
}

/** The provider refused the request for good: a lone email fails with the reason; a batch is split up. */
export async function markRejected(db: JobsDb, batch: Batch, reason: string): Promise<void> {
  if (batch.rows.length === 1) {
    await db
      .update(deliveries)
      .set({ status: "failed", lastError: reason, email: null })
      .where(eq(deliveries.batchKey, batch.key));
    return;
  }
  await db
    .update(deliveries)
    .set({ status: "queued", batchKey: null, alone: true, lastError: reason })
    .where(eq(deliveries.batchKey, batch.key));
}

export interface DeliveryCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
}

export async function deliveryCounts(db: JobsDb, week?: string): Promise<DeliveryCounts> {
  const rows = await db
    .select({ status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(week ? eq(deliveries.week, week) : undefined)
    .groupBy(deliveries.status);
  const counts: DeliveryCounts = { queued: 0, sending: 0, sent: 0, failed: 0 };
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
