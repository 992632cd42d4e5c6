import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AuthError,
  authorizeSettings,
  authorizeStore,
  decodeViewer,
  encodeViewer,
  issueEmailLinkToken,
  issueToken,
  verifyEmailLinkToken,
  viewerFromAuthorization,
} from "./auth.ts";

const SECRET = "a-test-secret-of-at-least-32-characters";
const LINK_SECRET = "a-link-secret-of-at-least-32-characters";
/** The gateway's two key rings, with graph tokens signed by `authSecret`. */
const ring = (authSecret: string) => ({ authSecret, linkSecret: LINK_SECRET });
const storeViewer = { kind: "store", storeId: "3f0c4a52-6f7e-4a59-9a43-0d2f5b7f9e11" } as const;

describe("graph tokens", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps refusing a token once it has expired, though it was accepted (and remembered) before", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-11T10:00:00Z"));
    const token = await issueToken(SECRET, storeViewer, 60);
    await expect(viewerFromAuthorization(ring(SECRET), `Bearer ${token}`)).resolves.toEqual(storeViewer);
    await expect(viewerFromAuthorization(ring(SECRET), `Bearer ${token}`)).resolves.toEqual(storeViewer);
    vi.setSystemTime(new Date("2026-11-11T10:01:01Z"));
    await expect(viewerFromAuthorization(ring(SECRET), `Bearer ${token}`)).rejects.toThrow("expired");
  });

  it("refuses an altered copy of an accepted token, and the token under another secret", async () => {
    const token = await issueToken(SECRET, storeViewer, 60);
    await viewerFromAuthorization(ring(SECRET), `Bearer ${token}`);
    const altered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    await expect(viewerFromAuthorization(ring(SECRET), `Bearer ${altered}`)).rejects.toBeInstanceOf(
      AuthError,
    );
    await expect(
      viewerFromAuthorization(ring("another-secret-of-at-least-32-characters"), `Bearer ${token}`),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it.each([
    ["no expiry", (jwt: SignJWT) => jwt, /must say when it was issued and when it expires/],
    ["a year's lifetime", (jwt: SignJWT) => jwt.setExpirationTime("365d"), /at most 90 days/],
  ])("refuses a token with %s", async (_what, shape, message) => {
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(`store:${storeViewer.storeId}`)
      .setIssuer("listdesigner-insights")
      .setAudience("listdesigner-insights/graph")
      .setIssuedAt();
    const token = await shape(jwt).sign(new TextEncoder().encode(SECRET));
    await expect(viewerFromAuthorization(ring(SECRET), `Bearer ${token}`)).rejects.toThrow(message);
  });
});

describe("key rings", () => {
  const OLD = `2026-06:${"o".repeat(40)}`;
  const NEW = `2026-12:${"n".repeat(40)}`;
  const kidOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()) as { kid?: string }).kid;

  it("signs with the first key, by its id, and verifies with every key of the ring", async () => {
    const before = await issueToken(OLD, storeViewer, 600);
    const rotated = `${NEW},${OLD}`;
    const after = await issueToken(rotated, storeViewer, 600);
    expect(kidOf(before)).toBe("2026-06");
    expect(kidOf(after)).toBe("2026-12");
    await expect(viewerFromAuthorization(ring(rotated), `Bearer ${before}`)).resolves.toEqual(storeViewer);
    await expect(viewerFromAuthorization(ring(rotated), `Bearer ${after}`)).resolves.toEqual(storeViewer);
    // The old key dropped: what it signed is refused, what the new one signed still passes.
    await expect(viewerFromAuthorization(ring(NEW), `Bearer ${before}`)).rejects.toThrow(AuthError);
    await expect(viewerFromAuthorization(ring(NEW), `Bearer ${after}`)).resolves.toEqual(storeViewer);
  });

  it("keeps unsubscribe links apart from graph tokens: replacing the graph keys breaks no link", async () => {
    const claims = { storeId: storeViewer.storeId, email: "owner@store.example" };
    const link = await issueEmailLinkToken(OLD, "unsubscribe", claims);
    await expect(verifyEmailLinkToken(OLD, "unsubscribe", link)).resolves.toEqual(claims);
    await expect(verifyEmailLinkToken(NEW, "unsubscribe", link)).rejects.toThrow(AuthError);
    await expect(viewerFromAuthorization(ring(OLD), `Bearer ${link}`)).rejects.toThrow(AuthError);
  });

  it("keeps each kind of email link to its own purpose", async () => {
    const claims = { storeId: storeViewer.storeId, email: "new@store.example", requestId: "r1" };
    const confirm = await issueEmailLinkToken(OLD, "confirm", claims);
    await expect(verifyEmailLinkToken(OLD, "confirm", confirm)).resolves.toEqual(claims);
    await expect(verifyEmailLinkToken(OLD, "unsubscribe", confirm)).rejects.toThrow(AuthError);
    // A confirm link must name its request: one without is refused.
    const bare = await issueEmailLinkToken(OLD, "confirm", { storeId: claims.storeId, email: claims.email });
    await expect(verifyEmailLinkToken(OLD, "confirm", bare)).rejects.toThrow(AuthError);
  });

  it("carries a settings link and a key with its id through the viewer header, and refuses an unsubscribe viewer in a token", async () => {
    const settings = {
      kind: "store" as const,
      storeId: storeViewer.storeId,
      link: { purpose: "settings" as const, email: "owner@store.example" },
    };
    const key = {
      kind: "store" as const,
      storeId: storeViewer.storeId,
      keyId: "0123456789abcdef",
      scopes: ["orders:write", "settings:write"] as const,
    };
    expect(decodeViewer(encodeViewer(settings))).toEqual(settings);
    expect(decodeViewer(encodeViewer(key))).toEqual({ ...key, scopes: [...key.scopes] });
    const settingsToken = await issueToken(OLD, settings, 600);
    await expect(viewerFromAuthorization(ring(OLD), `Bearer ${settingsToken}`)).resolves.toEqual(settings);
    const unsubscribe = await issueToken(
      OLD,
      { ...settings, link: { ...settings.link, purpose: "unsubscribe" } },
      600,
    );
    await expect(viewerFromAuthorization(ring(OLD), `Bearer ${unsubscribe}`)).rejects.toThrow(AuthError);
  });

  it("lets a settings link and a settings:write key at the settings only", () => {
    const storeId = storeViewer.storeId;
    const link = {
      kind: "store" as const,
      storeId,
      link: { purpose: "settings" as const, email: "a@b.example" },
    };
    expect(() => authorizeSettings(link, storeId, { write: true })).not.toThrow();
    expect(() => authorizeStore(link, storeId)).toThrow(/settings/);
    expect(() => authorizeSettings(link, "another", { write: false })).toThrow(/not allowed/);
    const reader = { kind: "store" as const, storeId, scopes: ["reports:read"] as const };
    expect(() => authorizeSettings(reader, storeId, { write: false })).toThrow(/settings:write/);
    expect(() =>
      authorizeSettings({ kind: "store", storeId, readOnly: true }, storeId, { write: false }),
    ).toThrow(/dashboard link/);
    expect(() => authorizeSettings({ kind: "service" }, storeId, { write: false })).not.toThrow();
    expect(() => authorizeSettings({ kind: "service" }, storeId, { write: true })).toThrow(/read-only/);
  });

  it("still takes a token without a key id under a bare secret (tokens from before key ids)", async () => {
    const bare = await issueToken(SECRET, storeViewer, 600);
    expect(kidOf(bare)).toBeUndefined();
    await expect(viewerFromAuthorization(ring(`${NEW},${SECRET}`), `Bearer ${bare}`)).resolves.toEqual(
      storeViewer,
    );
  });
});
