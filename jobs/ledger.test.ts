import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connect } from "../lib/runtime/database.ts";
import { freshDatabases } from "../test/helpers/databases.ts";
import { startResendStandIn } from "../test/helpers/resend-stand-in.ts";
import { type JobsDb, schema } from "./db/index.ts";
import { deliveries, type OutgoingEmail } from "./db/schema.ts";
import {
  claimBatch,
  decideHeld,
  deliveryCounts,
  deliveryKey,
  markRejected,
  queueReport,
  renewClaim,
  retryFailed,
} from "./ledger.ts";
import { resendProvider } from "./mail-provider.ts";
import { formatStatus, periodStatus } from "./status.ts";

const WEEK = "2026-W47";
const email = (to: string): OutgoingEmail => ({
  from: "List Designer <reports@listdesigner.example>",
  to,
  subject: "Your week",
  html: "<p>Your week</p>",
  text: "Your week",
  headers: {},
});

describe("the delivery ledger", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let db: JobsDb;
  let close: () => Promise<void>;

  beforeAll(async () => {
    databases = await freshDatabases();
    const jobs = connect(databases.urls.jobs, schema, { max: 4 });
    db = jobs.db;
    close = jobs.close;
  });
  afterAll(async () => {
    await close?.();
    await databases?.drop();
  });
  beforeEach(async () => {
    await db.delete(deliveries);
  });

  /** Queues `count` emails of one store and claims them as one batch, as a sender would. */
  async function claimedBatch(count: number) {
    const storeId = randomUUID();
    const emails = Array.from({ length: count }, (_, i) => ({
      recipient: `owner${i}@shop.example`,
      email: email(`owner${i}@shop.example`),
    }));
    await queueReport(db, { storeId, week: WEEK, partial: false, emails });
    const batch = await claimBatch(db, { max: 100, leaseSeconds: 60 });
    if (!batch) throw new Error("nothing claimed");
    return batch;
  }

  const ageClaims = (seconds: number) =>
    db
      .update(deliveries)
      .set({ claimedAt: sql`now() - make_interval(secs => ${seconds})` })
      .where(eq(deliveries.status, "sending"));

  it("hands a stale batch to exactly one of several senders taking it over at once", async () => {
    const original = await claimedBatch(5);
    await ageClaims(120);
    const takers = await Promise.all(
      Array.from({ length: 4 }, () => claimBatch(db, { max: 100, leaseSeconds: 60 })),
    );
    const winners = takers.filter((batch) => batch !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.key).toBe(original.key); // same members and key: the provider sees a replay
    expect(winners[0]?.rows).toHaveLength(5);
    expect(winners[0]?.token).not.toBe(original.token);
  });

  it("keeps a sender that lost its batch from touching it", async () => {
    const slow = await claimedBatch(3);
    await ageClaims(120);
    const taker = await claimBatch(db, { max: 100, leaseSeconds: 60 });
    expect(taker?.key).toBe(slow.key);
    expect(await renewClaim(db, { batch: slow })).toBe("lost");
    await markRejected(db, { batch: slow, reason: "422 from the slow sender's late answer" });
    expect(await deliveryCounts(db, WEEK)).toMatchObject({ sending: 3, failed: 0, queued: 0 });
    expect(await renewClaim(db, { batch: taker as NonNullable<typeof taker> })).toBe("ours");
  });

  it("holds a batch unconfirmed past the provider's 24 h key window for a person, who can resend or drop it", async () => {
    const batch = await claimedBatch(2);
    await db
      .update(deliveries)
      .set({ firstAttemptAt: sql`now() - interval '25 hours'` })
      .where(eq(deliveries.batchKey, batch.key));
    expect(await renewClaim(db, { batch })).toBe("expired");
    await ageClaims(120);
    expect(await claimBatch(db, { max: 100, leaseSeconds: 60 })).toBeNull(); // not taken over: held
    expect(await deliveryCounts(db, WEEK)).toMatchObject({ held: 2, sending: 0 });
    const status = await formatStatus(db, [await periodStatus(db, WEEK, [])]);
    expect(status).toContain("2 held");
    expect(status).toContain("--held resend|drop");

    expect(await decideHeld(db, { mailing: WEEK, decision: "resend" })).toBe(2);
    const again = await claimBatch(db, { max: 100, leaseSeconds: 60 });
    expect(again?.rows).toHaveLength(2);
    expect(again?.key).not.toBe(batch.key); // a new request: the person chose to risk a second copy
  });

  it("records a recipient that cannot be mailed as failed with its reason, and never sends it", async () => {
    const storeId = randomUUID();
    await queueReport(db, {
      storeId,
      week: WEEK,
      partial: false,
      emails: [{ recipient: "ok@shop.example", email: email("ok@shop.example") }],
      refused: [{ recipient: "a@b.example\r\nBcc: x@y.example", reason: "the address contains line breaks" }],
    });
    const batch = await claimBatch(db, { max: 100, leaseSeconds: 60 });
    expect(batch?.rows.map((row) => row.recipient)).toEqual(["ok@shop.example"]);
    const [refused] = await db.select().from(deliveries).where(eq(deliveries.status, "failed"));
    expect(refused?.lastError).toBe("refused before sending: the address contains line breaks");
    const status = await formatStatus(db, [await periodStatus(db, WEEK, [])]);
    expect(status).toContain("refused before sending: the address contains line breaks");
  });

  it("keeps an email the provider refused, so --retry-failed sends it again under a new key; not a refused address", async () => {
    const storeId = randomUUID();
    await queueReport(db, {
      storeId,
      week: WEEK,
      partial: false,
      emails: [{ recipient: "owner@shop.example", email: email("owner@shop.example") }],
      refused: [{ recipient: "not an address", reason: "no @" }],
    });
    const batch = await claimBatch(db, { max: 100, leaseSeconds: 60 });
    if (!batch) throw new Error("nothing claimed");
    await markRejected(db, { batch, reason: "The domain is not verified" });
    expect(await deliveryCounts(db, WEEK)).toMatchObject({ failed: 2, queued: 0 });
    const status = await formatStatus(db, [await periodStatus(db, WEEK, [])]);
    expect(status).toContain("owner@shop.example (store");
    expect(status).toContain("not an address (store");
    expect(status).toContain("(not retryable)");
    expect(status).toContain(
      "(1 retryable, after fixing the cause: npm run weekly -- --week 2026-W47 --retry-failed)",
    );

    expect(await retryFailed(db, WEEK)).toBe(1);
    const again = await claimBatch(db, { max: 100, leaseSeconds: 60 });
    expect(again?.rows.map((row) => row.recipient)).toEqual(["owner@shop.example"]);
    expect(again?.key).not.toBe(batch.key);
    expect(await deliveryCounts(db, WEEK)).toMatchObject({ failed: 1, sending: 1 });
  });

  it("makes idempotency keys of at most 256 ASCII characters that never carry the address", () => {
    const key = deliveryKey(randomUUID(), WEEK, `owner@회사.kr\r\nBcc: ${"x".repeat(300)}@y.example`);
    expect(key).toMatch(/^mail\/[0-9a-f-]{36}\/2026-W47\/[0-9a-f]{32}$/);
    expect(key.length).toBeLessThanOrEqual(256);
  });
});

describe("what the provider's answers mean", () => {
  it.each([
    [{ statusCode: 401, name: "validation_error", message: "API key is invalid" }, "account"],
    [{ statusCode: 403, name: "invalid_api_key", message: "API key is invalid" }, "account"],
    [
      { statusCode: 403, name: "validation_error", message: "The example.com domain is not verified" },
      "account",
    ],
    [{ statusCode: 422, name: "invalid_from_address", message: "Invalid `from` field" }, "account"],
    [
      { statusCode: 429, name: "daily_quota_exceeded", message: "You have reached your daily quota" },
      "account",
    ],
    [{ statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, "rate-limited"],
    [{ statusCode: 422, name: "validation_error", message: "Invalid `to` field" }, "rejected"],
    [{ statusCode: 500, name: "internal_server_error", message: "Unexpected error" }, "transient"],
  ])("classifies %o as %s", async (refusal, kind) => {
    const standIn = await startResendStandIn();
    try {
      standIn.refuse(refusal);
      const outcome = await resendProvider("re_key", standIn.url).send([email("a@shop.example")], "key");
      expect(outcome.kind).toBe(kind);
    } finally {
      await standIn.close();
    }
  });
});
