import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { keyRing } from "./auth.ts";

/**
 * Secrets kept at rest under a key ring (CONNECTION_SECRET): AES-256-GCM with a key derived per ring key
 * (HKDF-SHA256), so a database dump alone opens nothing. A sealed value names its ring key
 * (`v1.<kid>.<iv>.<tag>.<ciphertext>`, base64url), so keys rotate: the ring's first key seals, every key
 * opens, and `reseal` moves a value to the first key.
 */
const PURPOSE = "listdesigner-insights/sealed-secret/v1";
const NO_KID = "-";

export class SealedSecretError extends Error {
  override name = "SealedSecretError";
}

export function seal(ringSpec: string, plaintext: string): string {
  const { kid, secret } = keyRing(ringSpec).signing;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", kid ?? NO_KID, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function unseal(ringSpec: string, sealed: string): string {
  const [version, kid, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !kid || !iv || !tag || ciphertext === undefined)
    throw new SealedSecretError("not a sealed secret");
  const secret = keyRing(ringSpec).verifying.get(kid === NO_KID ? undefined : kid);
  if (!secret)
    throw new SealedSecretError(`sealed under key ${kid}, which CONNECTION_SECRET no longer holds`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SealedSecretError(`does not open under key ${kid}`);
  }
}

/** Whether a sealed value is under the ring's sealing key already. */
export function sealedUnderFirstKey(ringSpec: string, sealed: string): boolean {
  return sealed.split(".")[1] === (keyRing(ringSpec).signing.kid ?? NO_KID);
}

const keys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", PURPOSE, 32));
    keys.set(secret, key);
  }
  return key;
}
