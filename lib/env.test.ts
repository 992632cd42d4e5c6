import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env.ts";

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
});
