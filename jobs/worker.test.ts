import { describe, expect, it } from "vitest";
import { loadEnv } from "../lib/env.ts";
import { providerFrom } from "./worker.ts";

describe("the mail provider the environment asks for", () => {
  it("refuses to start in production without RESEND_API_KEY", () => {
    expect(() => providerFrom(loadEnv({ NODE_ENV: "production" }))).toThrow(
      /RESEND_API_KEY must be set in production/,
    );
  });

  it("writes to the outbox in development and uses Resend with a key", () => {
    expect(providerFrom(loadEnv({}))).toBeDefined();
    expect(providerFrom(loadEnv({ NODE_ENV: "production", RESEND_API_KEY: "re_123" }))).toBeDefined();
  });
});
