import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit.ts";

describe("the per-address rate limit", () => {
  it("lets each address send its share in a second, and again in the next", () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.allow("198.51.100.9"))).toEqual([true, true, true, false]);
    expect(limiter.allow("203.0.113.5")).toBe(true); // another address has its own share
    now = 999;
    expect(limiter.allow("198.51.100.9")).toBe(false);
    now = 1_000;
    expect(limiter.allow("198.51.100.9")).toBe(true);
  });
});
