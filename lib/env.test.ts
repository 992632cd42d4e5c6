import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  dashboardAddress,
  dashboardUrl,
  databaseUrl,
  defineEnv,
  EnvError,
  gatewayAddress,
  loadEnv as load,
  optional,
  port,
  publicUrl,
} from "./env.ts";

const schema = defineEnv({
  ...gatewayAddress,
  ...dashboardAddress,
  SHOP_PORT: port(4001),
  REVIEW_PORT: port(4002),
  SHOP_DATABASE_URL: optional(databaseUrl),
  REVIEW_DATABASE_URL: optional(databaseUrl),
});
const loadEnv = (source: NodeJS.ProcessEnv): z.infer<typeof schema> => load(schema, source);

describe("loadEnv", () => {
  it("has defaults for a plain development run", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      GATEWAY_PORT: 4000,
      SHOP_PORT: 4001,
      REVIEW_PORT: 4002,
    });
    expect(env.SHOP_DATABASE_URL).toBeUndefined();
  });

  it("treats an empty value as unset", () => {
    expect(loadEnv({ SHOP_DATABASE_URL: "" }).SHOP_DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable", () => {
    const attempt = () => loadEnv({ GATEWAY_PORT: "http", REVIEW_DATABASE_URL: "mysql://localhost/review" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/GATEWAY_PORT/);
    expect(attempt).toThrow(/REVIEW_DATABASE_URL: must be a postgres/);
  });

  it("rejects ports out of range", () => {
    expect(() => loadEnv({ SHOP_PORT: "70000" })).toThrow(/SHOP_PORT/);
  });

  it("derives the public addresses from the ports the services use, unless configured", () => {
    const moved = loadEnv({ GATEWAY_PORT: "14000", DASHBOARD_PORT: "13000", GATEWAY_HOST: "0.0.0.0" });
    expect(publicUrl(moved)).toBe("http://127.0.0.1:14000");
    expect(dashboardUrl(moved)).toBe("http://127.0.0.1:13000");
    expect(publicUrl(loadEnv({ GATEWAY_HOST: "::1", GATEWAY_PORT: "4100" }))).toBe("http://[::1]:4100");
    const configured = loadEnv({ PUBLIC_URL: "https://api.example/", DASHBOARD_URL: "https://app.example" });
    expect(publicUrl(configured)).toBe("https://api.example");
    expect(dashboardUrl(configured)).toBe("https://app.example");
  });

  it("will not guess public addresses in production", () => {
    const env = loadEnv({ NODE_ENV: "production" });
    expect(() => publicUrl(env)).toThrow(/PUBLIC_URL must be set in production/);
    expect(() => dashboardUrl(env)).toThrow(/DASHBOARD_URL must be set in production/);
  });
});
