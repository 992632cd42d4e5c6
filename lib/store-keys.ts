import { createHash, randomBytes } from "node:crypto";

/**
 * Store API keys: `ldk_<key id>_<secret>`. The key id (public, what lists and revocations name) finds the
 * key; the secret (256 random bits) proves it, and only its SHA-256 is kept.
 */
const KEY = /^ldk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function isStoreKey(token: string): boolean {
  return token.startsWith("ldk_");
}

export function newStoreKey() {
  const keyId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { keyId, key: `ldk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/** The key id and the hash of the secret of a well-formed key; undefined otherwise. */
export function parseStoreKey(key: string): { keyId: string; secretHash: string } | undefined {
  const match = KEY.exec(key);
  if (!match?.[1] || !match[2]) return undefined;
  return { keyId: match[1], secretHash: hashSecret(match[2]) };
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
