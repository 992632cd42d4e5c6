import { describe, expect, it } from "vitest";
import { checkRecipient } from "./email-address.ts";

describe("checkRecipient", () => {
  it("takes ordinary addresses as they are", () => {
    expect(checkRecipient("owner+weekly@shop.example")).toEqual({
      ok: true,
      address: "owner+weekly@shop.example",
    });
  });

  it("sends to an internationalized domain in its punycode form", () => {
    expect(checkRecipient("owner@회사.kr")).toEqual({ ok: true, address: "owner@xn--vf4b131b.kr" });
    expect(checkRecipient("info@bücher.example")).toEqual({
      ok: true,
      address: "info@xn--bcher-kva.example",
    });
  });

  it.each([
    ["a header injection", "a@b.example\r\nBcc: x@y.example", /line breaks/],
    ["a line feed alone", "a@b.example\nx", /line breaks/],
    ["a display name", "Owner <owner@shop.example>", /not allowed/],
    ["two addresses", "a@b.example,c@d.example", /not allowed/],
    ["no @", "owner.shop.example", /exactly one @/],
    ["two @", "a@b@c.example", /exactly one @/],
    ["a non-ASCII mailbox", "사장@회사.kr", /outside ASCII/],
    ["a domain without a dot", "owner@localhost", /not a domain/],
    ["an empty address", "", /empty/],
  ])("refuses %s with a reason", (_what, address, reason) => {
    const check = checkRecipient(address);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});
