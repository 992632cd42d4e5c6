import { domainToASCII } from "node:url";

export type RecipientCheck = { ok: true; address: string } | { ok: false; reason: string };

// Characters that end or split an address in a header or a list, plus whitespace and controls (CR/LF
// would start a new header: "a@b.example\r\nBcc: ...").
const FORBIDDEN = /[\s\p{Cc}<>()[\]\\,;:"]/u;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;

/**
 * Whether a report recipient can be mailed, and the address to send to. Internationalized domains are
 * sent in their ASCII (punycode) form, which every mail provider takes and which reaches the same
 * mailbox; a non-ASCII local part would need SMTPUTF8, which the provider's API does not offer, so it is
 * refused with that reason rather than failing later.
 */
export function checkRecipient(raw: string): RecipientCheck {
  if (raw.length === 0) return { ok: false, reason: "the address is empty" };
  if (raw.length > 254) return { ok: false, reason: "the address is longer than 254 characters" };
  if (FORBIDDEN.test(raw))
    return { ok: false, reason: "the address contains spaces, line breaks or characters not allowed in one" };
  const at = raw.lastIndexOf("@");
  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1);
  if (at <= 0 || local.includes("@") || domain.length === 0)
    return { ok: false, reason: "the address needs exactly one @ with a name before it and a domain after" };
  if (!LOCAL_PART.test(local))
    return {
      ok: false,
      reason: "the part before @ has characters outside ASCII, which the mail provider cannot send to",
    };
  if (local.length > 64 || local.startsWith(".") || local.endsWith(".") || local.includes(".."))
    return { ok: false, reason: "the part before @ is not a valid mailbox name" };
  const ascii = domainToASCII(domain); // "" when the domain is not one
  const labels = ascii.split(".");
  if (labels.length < 2 || labels.some((label) => !/^[a-z0-9-]{1,63}$/i.test(label)))
    return { ok: false, reason: `"${domain}" is not a domain that mail can be sent to` };
  return { ok: true, address: `${local}@${ascii}` };
}
