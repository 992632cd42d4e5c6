import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat } from "./intl.ts";

describe("cached Intl formatters", () => {
  it("build each locale and options once", () => {
    const won = numberFormat("ko", { style: "currency", currency: "KRW" });
    expect(numberFormat("ko", { style: "currency", currency: "KRW" })).toBe(won);
    expect(numberFormat("en", { style: "currency", currency: "KRW" })).not.toBe(won);
    expect(won.format(12_500)).toBe("₩12,500");
    const seoul = dateTimeFormat("en-CA", { timeZone: "Asia/Seoul", year: "numeric" });
    expect(dateTimeFormat("en-CA", { timeZone: "Asia/Seoul", year: "numeric" })).toBe(seoul);
  });

  it("throw on a bad currency or zone, every time, caching nothing", () => {
    expect(() => numberFormat("en", { style: "currency", currency: "NOPE!" })).toThrow(RangeError);
    expect(() => numberFormat("en", { style: "currency", currency: "NOPE!" })).toThrow(RangeError);
    expect(() => dateTimeFormat("en", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
