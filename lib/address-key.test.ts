import { describe, expect, it } from "vitest";
import { addressKey } from "./address-key.ts";

describe("addressKey", () => {
  it("keeps an IPv4 address whole", () => {
    expect(addressKey("198.51.100.9")).toBe("198.51.100.9");
  });

  it("keys every address of one IPv6 /64 the same, however it is written", () => {
    const keys = new Set(
      [
        "2001:db8:1:2::1",
        "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
        "2001:DB8:1:2:a::b",
        "2001:db8:1:2:0:0:0:0",
      ].map(addressKey),
    );
    expect([...keys]).toEqual(["2001:db8:1:2::/64"]);
  });

  it("tells /64s apart", () => {
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1.2.3.4")).toBe("fe80:0:0:0::/64");
  });
});
