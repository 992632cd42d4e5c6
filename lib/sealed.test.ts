import { describe, expect, it } from "vitest";
import { SealedSecretError, seal, sealedUnderFirstKey, unseal } from "./sealed.ts";

const OLD = `k1:${"a".repeat(32)}`;
const NEW = `k2:${"b".repeat(32)}`;

describe("sealed secrets", () => {
  it("opens what it sealed, and never shows the secret in the sealed form", () => {
    const sealed = seal(OLD, "shpss_webhook-secret");
    expect(sealed).not.toContain("shpss");
    expect(sealed.startsWith("v1.k1.")).toBe(true);
    expect(unseal(OLD, sealed)).toBe("shpss_webhook-secret");
    expect(seal(OLD, "same")).not.toBe(seal(OLD, "same")); // a fresh IV each time
  });

  it("rotates: a new first key seals, the old one still opens, and without it nothing opens", () => {
    const sealed = seal(OLD, "secret");
    const ring = `${NEW},${OLD}`;
    expect(unseal(ring, sealed)).toBe("secret");
    expect(sealedUnderFirstKey(ring, sealed)).toBe(false);
    const resealed = seal(ring, unseal(ring, sealed));
    expect(sealedUnderFirstKey(ring, resealed)).toBe(true);
    expect(unseal(NEW, resealed)).toBe("secret");
    expect(() => unseal(NEW, sealed)).toThrow(/key k1, which CONNECTION_SECRET no longer holds/);
  });

  it("refuses an altered value", () => {
    const sealed = seal(OLD, "secret");
    const parts = sealed.split(".");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => unseal(OLD, parts.join("."))).toThrow(SealedSecretError);
    expect(() => unseal(OLD, "plain text")).toThrow(SealedSecretError);
  });
});
