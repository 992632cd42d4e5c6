import { describe, expect, it } from "vitest";
import { alertText } from "./alert-words.ts";

const creditedSalesFell = {
  kind: "change" as const,
  widgetName: "Best sellers",
  changes: [{ metric: "creditedSales" as const, current: 41_234.567, baseline: 90_010.4, relative: -0.54 }],
};

describe("an alert's credited sales", () => {
  it.each([
    ["en-US", "USD", /\$41,234\.57.*\$90,010\.40/],
    ["ko-KR", "KRW", /₩41,235.*₩90,010/],
    ["en-US", "BHD", /BHD\s41,234\.567.*BHD\s90,010\.400/],
  ])("are rounded to the digits of the store's currency (%s, %s)", (locale, currency, expected) => {
    const { lines } = alertText(creditedSalesFell, {
      storeName: "Store",
      locale,
      timezone: "UTC",
      currency,
    });
    expect(lines.join(" ")).toMatch(expected);
  });
});
