import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxies } from "./client-address.ts";

const proxies = trustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);

describe("the client's address behind proxies", () => {
  it("is the socket's peer when no proxy is trusted or the peer is not one", () => {
    expect(clientAddress("203.0.113.5", "1.2.3.4", trustedProxies([]))).toBe("203.0.113.5");
    expect(clientAddress("203.0.113.5", "1.2.3.4", proxies)).toBe("203.0.113.5");
  });

  it("is the right-most address not a trusted proxy, whatever the client wrote to the left", () => {
    // The client forged "1.2.3.4"; the load balancer (10.0.0.2) appended the address it saw.
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.9", proxies)).toBe("198.51.100.9");
    // Two trusted hops.
    expect(clientAddress("::ffff:10.0.0.2", "1.2.3.4, 198.51.100.9, 192.0.2.7", proxies)).toBe(
      "198.51.100.9",
    );
    expect(clientAddress("2001:db8::1", "2001:db8:ffff::9, 2a00:1450::1", proxies)).toBe("2a00:1450::1");
  });

  it("reads entries that carry a port or brackets, as some balancers write them", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.9:5678", proxies)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.2", "[2a00:1450::1]", proxies)).toBe("2a00:1450::1");
    expect(clientAddress("10.0.0.2", "[2a00:1450::1]:443, 192.0.2.7:80", proxies)).toBe("2a00:1450::1");
    expect(clientAddress("10.0.0.2", "[::ffff:198.51.100.9]:80", proxies)).toBe("198.51.100.9");
  });

  it("stops at an entry that is not an address", () => {
    expect(clientAddress("10.0.0.2", "'; drop table--", proxies)).toBe("10.0.0.2");
  });

  it("refuses a configuration entry that is not an address or a CIDR", () => {
    expect(() => trustedProxies(["10.0.0.0/8", "localhost"])).toThrow(/TRUSTED_PROXIES: "localhost"/);
  });
});
