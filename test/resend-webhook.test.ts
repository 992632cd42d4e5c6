import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportEmails } from "../jobs/report-email.ts";
import { fetchReport } from "../jobs/report-model.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeStores } from "./helpers/factories.ts";
import { startStack } from "./helpers/stack.ts";

const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const STORE = randomUUID();
const RECIPIENTS = ["bounced@alpha.example", "complained@alpha.example", "full@alpha.example"];

/** A Resend event about a report email of STORE, as Resend sends it. */
function event(type: "email.bounced" | "email.complained", to: string, bounceType = "Permanent") {
  return JSON.stringify({
    type,
    created_at: "2026-11-24T09:01:00.000Z",
    data: {
      email_id: randomUUID(),
      created_at: "2026-11-24T09:00:00.000Z",
      from: "List Designer <reports@listdesigner.example>",
      to: [to],
      subject: "Your List Designer week",
      tags: { store: STORE },
      ...(type === "email.bounced"
        ? { bounce: { type: bounceType, subType: "General", message: "The mailbox does not exist" } }
        : {}),
    },
  });
}

/** Svix's headers for `payload`, signed with `secret` at `at` (Standard Webhooks, as Resend signs). */
function signed(payload: string, { id = `msg_${randomUUID()}`, at = new Date(), secret = SECRET } = {}) {
  return {
    "svix-id": id,
    "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(id, at, payload),
  };
}

describe("Resend's bounce and complaint webhooks", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let gateway: Awaited<ReturnType<Awaited<ReturnType<typeof startStack>>["extraGateway"]>>;

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeStores(databases.shop.db, {
      id: STORE,
      name: "Alpha",
      listDesignerEnabled: true,
      reportRecipients: RECIPIENTS,
    });
    stack = await startStack(databases.urls, { clock: () => new Date("2026-11-24T12:00:00Z") });
    gateway = await stack.extraGateway({ resendWebhookSecret: SECRET });
  });
  afterAll(async () => {
    await gateway?.close();
    await stack?.close();
    await databases?.drop();
  });

  const deliver = async (payload: string, headers: Record<string, string>) => {
    const response = await fetch(new URL("/webhooks/resend", gateway.url), {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: payload,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const recipients = async () => {
    const answer = await stack.query<{
      store: {
        reportRecipients: string[];
        suppressedRecipients: { email: string; reason: string; detail: string }[];
      };
    }>(
      `query($id: ID!) { store(id: $id) { reportRecipients suppressedRecipients { email reason detail suppressedAt } } }`,
      { id: STORE },
    );
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.store;
  };

  it("suppresses a hard bounce and a complaint at once, each delivery once, and a soft bounce not at all", async () => {
    const bounce = event("email.bounced", "bounced@alpha.example");
    const bounceHeaders = signed(bounce);
    expect(await deliver(bounce, bounceHeaders)).toEqual({
      status: 200,
      body: { duplicate: false, suppressed: true },
    });
    // Resend delivering the same event again (a retry, or a replay within the 5 minutes): handled once.
    expect(await deliver(bounce, bounceHeaders)).toEqual({
      status: 200,
      body: { duplicate: true, suppressed: false },
    });
    const complaint = event("email.complained", "complained@alpha.example");
    expect((await deliver(complaint, signed(complaint))).body).toEqual({
      duplicate: false,
      suppressed: true,
    });
    const soft = event("email.bounced", "full@alpha.example", "Transient");
    expect((await deliver(soft, signed(soft))).body).toEqual({ duplicate: false, suppressed: false });

    const store = await recipients();
    expect(store.reportRecipients).toEqual(["full@alpha.example"]);
    expect(store.suppressedRecipients).toMatchObject([
      {
        email: "bounced@alpha.example",
        reason: "BOUNCE",
        detail: "Permanent (General): The mailbox does not exist",
      },
      { email: "complained@alpha.example", reason: "COMPLAINT" },
    ]);
  });

  it("refuses unsigned, altered, stale and wrongly keyed deliveries with 400 and changes nothing", async () => {
    const before = await recipients();
    const bounce = event("email.bounced", "full@alpha.example");
    const other = event("email.bounced", "someone@alpha.example");
    const refusals = [
      await deliver(bounce, {}),
      await deliver(bounce, signed(other)), // the signature of another body
      await deliver(bounce, signed(bounce, { at: new Date(Date.now() - 10 * 60_000) })), // past 5 minutes
      await deliver(bounce, signed(bounce, { secret: `whsec_${randomBytes(24).toString("base64")}` })),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(await recipients()).toEqual(before);
  });

  it("leaves suppressed addresses out of the next weekly report, whose emails name their store", async () => {
    const settings = stack.workerSettings();
    const report = await fetchReport(settings, STORE, "2026-W47");
    const { emails } = await reportEmails(settings, report, "2026-W47");
    expect(emails.map((e) => e.email.to)).toEqual(["full@alpha.example"]);
    expect(emails[0]?.email.tags).toEqual([{ name: "store", value: STORE }]);
  });

  it("counts the suppressed addresses in npm run weekly -- --status", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/weekly.ts", "--status"],
      {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: {
          ...process.env,
          SHOP_DATABASE_URL: databases.urls.shop,
          REVIEW_DATABASE_URL: databases.urls.review,
          JOBS_DATABASE_URL: databases.urls.jobs,
          LOG_LEVEL: "error",
        },
      },
    );
    expect(stdout).toContain("Suppressed addresses: 2 (1 bounced for good, 1 complained)");
  });

  it("answers 404 where no webhook secret is configured", async () => {
    const response = await fetch(new URL("/webhooks/resend", stack.gatewayUrl), {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(404);
  });
});
