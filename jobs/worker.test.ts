import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv as load } from "../lib/env.ts";
import { startResendStandIn } from "../test/helpers/resend-stand-in.ts";
import { providerFrom, workerEnv } from "./config.ts";
import type { OutgoingEmail } from "./db/schema.ts";
import { resendProvider } from "./mail-provider.ts";

const EMAIL: OutgoingEmail = {
  from: "List Designer <reports@listdesigner.example>",
  to: "owner@shop.example",
  subject: "Your week",
  html: "<p>Your week</p>",
  text: "Your week",
  headers: {},
};

const loadEnv = (source: NodeJS.ProcessEnv) => load(workerEnv, source);

describe("the mail provider the environment asks for", () => {
  it("refuses to start in production without RESEND_API_KEY", () => {
    expect(() => providerFrom(loadEnv({ NODE_ENV: "production" }))).toThrow(
      /RESEND_API_KEY must be set in production/,
    );
  });

  it("writes to DATA_DIR/outbox in development, and sends nothing anywhere", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "ldi-outbox-"));
    const outcome = await providerFrom(loadEnv({ DATA_DIR: dataDir })).send([EMAIL], "key-1");
    expect(outcome.kind).toBe("accepted");
    const files = await readdir(join(dataDir, "outbox"));
    expect(files.map((file) => file.split(".").pop()).sort()).toEqual(["html", "json", "txt"]);
  });

  it("sends through Resend at RESEND_BASE_URL when it has a key", async () => {
    const standIn = await startResendStandIn();
    try {
      const env = loadEnv({ NODE_ENV: "production", RESEND_API_KEY: "re_123", RESEND_BASE_URL: standIn.url });
      const outcome = await providerFrom(env).send([EMAIL], "key-2");
      expect(outcome.kind).toBe("accepted");
      expect(standIn.sent.map((email) => email.to)).toEqual(["owner@shop.example"]);
    } finally {
      await standIn.close();
    }
  });

  it("gives up on a provider that does not answer within its deadline, so the same request can go again", async () => {
    const standIn = await startResendStandIn({ holdFirstAnswerMs: 5_000 });
    try {
      const provider = resendProvider("re_123", standIn.url, { timeoutMs: 200 });
      expect(await provider.send([EMAIL], "key-3")).toEqual({
        kind: "transient",
        reason: "no answer within 200 ms",
      });
      // Sent again with the same key, the provider replays what it took the first time.
      expect(await provider.send([EMAIL], "key-3")).toMatchObject({ kind: "accepted" });
      expect(standIn.sent).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  });
});
