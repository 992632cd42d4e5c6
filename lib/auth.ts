import { timingSafeEqual, webcrypto } from "node:crypto";
import { decodeJwt, errors, jwtVerify, SignJWT } from "jose";
import { DomainError } from "./errors.ts";
import { getOrBuild } from "./memo.ts";

/**
 * Who is asking. Dashboards get a token for one store (read-only when it comes from an email's dashboard
 * link). The service is the gateway itself (its own calls: key lookups, confirmation links, the provider's
 * webhook) or whoever holds AUTH_SECRET; the worker's jobs are the service with `scopes`, each job only the
 * operations it sends. Storefronts calling `recordClick` need no token: they are anonymous.
 */
export type Viewer =
  | { kind: "anonymous" }
  | {
      kind: "store";
      storeId: string;
      readOnly?: boolean;
      /** Only for a store API key, which may do only what they name; `keyId` names it in the change history. */
      scopes?: readonly KeyScope[];
      keyId?: string;
      /** A link mailed to one recipient, good for the report's settings only (see `EmailLink`). */
      link?: EmailLink;
    }
  | {
      kind: "service";
      /** A worker job's token: only these (the gateway's own calls and AUTH_SECRET's tokens have none). */
      scopes?: readonly ServiceScope[];
    };

/**
 * What a worker job may ask, as the service: `reports:read` every store's report and settings (the
 * dispatcher and the send jobs), `claims` the attribution job's three operations, `confirmations` the
 * confirmation emails' two, `alerts` a store's Slack webhook (to post to it, and to pause it when Slack refuses
 * it). Never a recipient's confirmation, a provider event or a key lookup.
 */
export const SERVICE_SCOPES = ["reports:read", "claims", "confirmations", "alerts"] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];

/**
 * The links a report carries for its recipient: `settings` opens the settings page ("Manage these
 * emails"), `unsubscribe` (made by the gateway from an unsubscribe token, never a graph token) removes that
 * one address. Neither reads a figure of the report.
 */
export interface EmailLink {
  purpose: "settings" | "unsubscribe";
  email: string;
}

/** What a store API key may do: write the store's orders, read its reports, change the report's settings. */
export const KEY_SCOPES = ["orders:write", "reports:read", "settings:write"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

const ISSUER = "listdesigner-insights";
const AUDIENCE = "listdesigner-insights/graph";

export class AuthError extends DomainError {
  constructor(message: string) {
    super("UNAUTHENTICATED", message);
  }
}

const keys = new Map<string, Promise<webcrypto.CryptoKey>>();

/**
 * The HMAC key of a secret, imported once: given the raw bytes, jose imports a key on every sign and
 * verify, which was 8% of the gateway's CPU per dashboard request.
 */
function key(secret: string): Promise<webcrypto.CryptoKey> {
  return getOrBuild(keys, secret, () =>
    webcrypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    ),
  );
}

/**
 * A key ring as AUTH_SECRET and LINK_SECRET hold one: `kid:secret` entries separated by commas, the first
 * signing (its id in the token's `kid` header), every one verifying. Rotation: put a new key first, keep
 * the old ones until what they signed has expired, then drop them. A bare secret is one key without an id
 * (tokens signed before key ids existed carry none).
 */
export interface KeyRing {
  signing: { kid: string | undefined; secret: string };
  verifying: Map<string | undefined, string>;
}

const rings = new Map<string, KeyRing>();

export function keyRing(spec: string): KeyRing {
  const known = rings.get(spec);
  if (known) return known;
  const entries = spec.split(",").map((entry) => {
    const withId = /^([A-Za-z0-9._-]{1,64}):(.+)$/.exec(entry.trim());
    return withId ? { kid: withId[1], secret: withId[2] ?? "" } : { kid: undefined, secret: entry.trim() };
  });
  const [signing] = entries;
  if (!signing || entries.some((entry) => entry.secret.length < 32))
    throw new Error("every key must be at least 32 characters (`kid:secret,kid:secret` or one secret)");
  const ring = { signing, verifying: new Map(entries.map((entry) => [entry.kid, entry.secret])) };
  rings.set(spec, ring);
  return ring;
}

async function sign(jwt: SignJWT, spec: string): Promise<string> {
  const { kid, secret } = keyRing(spec).signing;
  return jwt.setProtectedHeader(kid ? { alg: "HS256", kid } : { alg: "HS256" }).sign(await key(secret));
}

/** The verifying key a token names by its `kid`; a key no longer in the ring verifies nothing. */
function verifyingKey(spec: string) {
  const ring = keyRing(spec);
  return async ({ kid }: { kid?: string }) => {
    const secret = ring.verifying.get(kid);
    if (!secret) throw new AuthError("The token was signed with a key that is no longer valid");
    return key(secret);
  };
}

/**
 * Tokens the worker signs with LINK_SECRET (it holds no AUTH_SECRET), each kind with its own audience: its
 * jobs' scoped service tokens, and the dashboard and settings links its emails carry. The gateway takes
 * from these only what that kind may be.
 */
const WORKER_AUDIENCE = "listdesigner-insights/worker";
const STORE_LINK_AUDIENCE = "listdesigner-insights/store-link";

/** A worker job's service token, for `scopes` only. */
export function issueWorkerToken(linkSecret: string, scopes: readonly ServiceScope[], ttlSeconds: number) {
  if (scopes.length === 0) throw new Error("A worker token names at least one scope");
  return issueSigned(linkSecret, WORKER_AUDIENCE, { kind: "service", scopes }, ttlSeconds);
}

/** An email's dashboard link (read-only) or settings link token, for one store. */
export function issueStoreLinkToken(
  linkSecret: string,
  viewer: Extract<Viewer, { kind: "store" }>,
  ttlSeconds: number,
) {
  if (!isStoreLink(viewer)) throw new Error("A store link is a read-only dashboard link or a settings link");
  return issueSigned(linkSecret, STORE_LINK_AUDIENCE, viewer, ttlSeconds);
}

const isStoreLink = (viewer: Viewer) =>
  viewer.kind === "store" &&
  !viewer.scopes &&
  (viewer.link ? viewer.link.purpose === "settings" : viewer.readOnly === true);

/** The longest a graph token may live: a token without an end, or a longer one, is refused. */
export const MAX_TOKEN_SECONDS = 90 * 86_400;

/** A graph token (AUTH_SECRET) for any viewer: dashboards, `npm run token`, tests. */
export function issueToken(
  secret: string,
  viewer: Exclude<Viewer, { kind: "anonymous" }>,
  ttlSeconds: number,
) {
  return issueSigned(secret, AUDIENCE, viewer, ttlSeconds);
}

function issueSigned(
  secret: string,
  audience: string,
  viewer: Exclude<Viewer, { kind: "anonymous" }>,
  ttlSeconds: number,
) {
  if (ttlSeconds > MAX_TOKEN_SECONDS) throw new Error(`A token may live at most ${MAX_TOKEN_SECONDS} s`);
  return sign(
    new SignJWT({})
      .setSubject(encodeViewer(viewer))
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`),
    secret,
  );
}

/**
 * Graph tokens already verified, per secret, with their expiry in ms. A dashboard or the weekly job sends
 * the same token with every request, and verifying it (WebCrypto's HMAC, an async job) cost 7% of the
 * gateway's CPU per report; a token is trusted from here only until its own expiry. Emptied when full.
 */
const verified = new Map<string, Map<string, { viewer: Viewer; expiresAt: number }>>();
const MAX_VERIFIED_TOKENS = 10_000;

/**
 * The viewer an `Authorization` header names; no header is anonymous, a bad or expired token an error. A
 * graph token (AUTH_SECRET) may name any viewer but an unsubscribe link; a token the worker signed
 * (LINK_SECRET) only a scoped service or an email's dashboard or settings link.
 */
export async function viewerFromAuthorization(
  secrets: { authSecret: string; linkSecret: string },
  header: string | undefined,
): Promise<Viewer> {
  if (!header) return { kind: "anonymous" };
  const token = bearerToken(header);
  if (!token) throw new AuthError("Authorization must be `Bearer <token>`");
  const { authSecret } = secrets;
  let known = verified.get(authSecret);
  const hit = known?.get(token);
  if (hit && hit.expiresAt > Date.now()) return hit.viewer;
  try {
    // The audience says which key ring signed it; the signature is then checked against that ring only.
    const audience = audienceOf(token);
    const secret = audience === AUDIENCE ? authSecret : secrets.linkSecret;
    const { payload } = await jwtVerify(token, verifyingKey(secret), {
      issuer: ISSUER,
      audience,
      algorithms: ["HS256"],
    });
    const viewer = decodeViewer(payload.sub);
    if (viewer.kind === "anonymous") throw new AuthError("The token names no store");
    // Only the gateway's unsubscribe route acts as an unsubscribe link, from its own kind of token.
    if (viewer.kind === "store" && viewer.link?.purpose === "unsubscribe")
      throw new AuthError("The token is not valid");
    if (audience === WORKER_AUDIENCE && !(viewer.kind === "service" && viewer.scopes?.length))
      throw new AuthError("The token is not valid");
    if (audience === STORE_LINK_AUDIENCE && !isStoreLink(viewer))
      throw new AuthError("The token is not valid");
    if (payload.exp === undefined || payload.iat === undefined)
      throw new AuthError("The token must say when it was issued and when it expires");
    if (payload.exp - payload.iat > MAX_TOKEN_SECONDS)
      throw new AuthError(`The token may live at most ${MAX_TOKEN_SECONDS / 86_400} days`);
    if (!known || known.size >= MAX_VERIFIED_TOKENS) {
      known = new Map();
      verified.set(authSecret, known);
    }
    known.set(token, { viewer, expiresAt: payload.exp * 1000 });
    return viewer;
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof errors.JWTExpired) throw new AuthError("The token has expired");
    throw new AuthError("The token is not valid");
  }
}

/** The credential of an `Authorization: Bearer <credential>` header, if it is one. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
}

/** The audience a token claims, read before its signature is checked (to pick the key ring). */
function audienceOf(token: string): string {
  let claimed: unknown;
  try {
    claimed = decodeJwt(token).aud;
  } catch {
    throw new AuthError("The token is not valid");
  }
  const audience = [AUDIENCE, WORKER_AUDIENCE, STORE_LINK_AUDIENCE].find((known) => known === claimed);
  if (!audience) throw new AuthError("The token is not valid");
  return audience;
}

/**
 * The tokens of links a report email carries, signed with LINK_SECRET's key ring (never the graph tokens'
 * keys, so rotating those breaks no link), each kind with its own audience so that none passes as a graph
 * token, or as another kind (the reverse neither).
 *  - unsubscribe: removes one address from one store's report recipients; valid 400 days, so links in
 *    old reports keep working for more than a year.
 *  - confirm: adds an address a store asked for, once its owner follows the link; it names the request,
 *    so an address removed and asked for again needs the newer link. Valid 7 days.
 */
const EMAIL_LINKS = {
  unsubscribe: { audience: "listdesigner-insights/unsubscribe", ttl: "400d" },
  confirm: { audience: "listdesigner-insights/confirm-recipient", ttl: "7d" },
} as const;

export type EmailLinkKind = keyof typeof EMAIL_LINKS;

/** How long a recipient's confirmation link stays valid, in days. */
export const CONFIRM_LINK_DAYS = 7;

export interface EmailLinkClaims {
  storeId: string;
  email: string;
  /** The confirmation request a confirm link answers. */
  requestId?: string;
}

export async function issueEmailLinkToken(
  secret: string,
  kind: EmailLinkKind,
  { storeId, email, requestId }: EmailLinkClaims,
): Promise<string> {
  return sign(
    new SignJWT({ store: storeId, email, ...(requestId ? { request: requestId } : {}) })
      .setIssuer(ISSUER)
      .setAudience(EMAIL_LINKS[kind].audience)
      .setIssuedAt()
      .setExpirationTime(EMAIL_LINKS[kind].ttl),
    secret,
  );
}

export async function verifyEmailLinkToken(
  secret: string,
  kind: EmailLinkKind,
  token: string,
): Promise<EmailLinkClaims> {
  try {
    const { payload } = await jwtVerify(token, verifyingKey(secret), {
      issuer: ISSUER,
      audience: EMAIL_LINKS[kind].audience,
      algorithms: ["HS256"],
    });
    if (typeof payload.store !== "string" || typeof payload.email !== "string")
      throw new AuthError("Incomplete link");
    if (kind === "confirm" && typeof payload.request !== "string") throw new AuthError("Incomplete link");
    return {
      storeId: payload.store,
      email: payload.email,
      ...(typeof payload.request === "string" ? { requestId: payload.request } : {}),
    };
  } catch {
    throw new AuthError("This link is not valid or has expired");
  }
}

/**
 * The compact form a viewer travels in, from token to gateway to subgraph: `service`, `store:<id>`,
 * (read-only) `store-read:<id>`, (a store API key) `store-key:<id>:<key id>:<scope>+<scope>` or (an email
 * link) `store-link:<id>:<purpose>:<address>`. Key ids are hex and addresses hold no colon
 * (lib/email-address.ts), so only scopes, last, carry colons of their own.
 */
export function encodeViewer(viewer: Viewer): string {
  if (viewer.kind === "service" && viewer.scopes) return `service-scoped:${viewer.scopes.join("+")}`;
  if (viewer.kind !== "store") return viewer.kind;
  if (viewer.scopes) return `store-key:${viewer.storeId}:${viewer.keyId ?? ""}:${viewer.scopes.join("+")}`;
  if (viewer.link) return `store-link:${viewer.storeId}:${viewer.link.purpose}:${viewer.link.email}`;
  return `${viewer.readOnly ? "store-read" : "store"}:${viewer.storeId}`;
}

export function decodeViewer(value: string | undefined): Viewer {
  if (value === "service") return { kind: "service" };
  if (value?.startsWith("service-scoped:"))
    return {
      kind: "service",
      scopes: value.slice("service-scoped:".length).split("+").filter(isServiceScope),
    };
  const [kind, storeId, part, ...rest] = value?.split(":") ?? [];
  if (storeId && kind === "store") return { kind: "store", storeId };
  if (storeId && kind === "store-read") return { kind: "store", storeId, readOnly: true };
  if (storeId && kind === "store-key")
    return {
      kind: "store",
      storeId,
      ...(part ? { keyId: part } : {}),
      scopes: rest.join(":").split("+").filter(isKeyScope),
    };
  const email = rest.join(":");
  if (storeId && kind === "store-link" && (part === "settings" || part === "unsubscribe") && email)
    return { kind: "store", storeId, link: { purpose: part, email } };
  return { kind: "anonymous" };
}

export function isKeyScope(scope: string): scope is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(scope);
}

function isServiceScope(scope: string): scope is ServiceScope {
  return (SERVICE_SCOPES as readonly string[]).includes(scope);
}

/** A worker job's token lacking `scope`: refused with what it may do. */
function refuseUnscoped(viewer: Viewer, scope: ServiceScope): void {
  if (viewer.kind === "service" && viewer.scopes && !viewer.scopes.includes(scope))
    throw new DomainError("FORBIDDEN", `This job's token may not do this (it lacks the ${scope} scope)`);
}

/** Store-owned data: the store's own token or the service token, nobody else. */
export function authorizeStore(viewer: Viewer, storeId: string): void {
  if (viewer.kind === "anonymous") throw new AuthError("This needs a token (Authorization: Bearer ...)");
  refuseUnscoped(viewer, "reports:read");
  if (viewer.kind === "store" && viewer.storeId !== storeId) {
    throw new DomainError("FORBIDDEN", "This token is not allowed to read that store");
  }
  if (viewer.kind === "store" && viewer.scopes && !viewer.scopes.includes("reports:read"))
    throw new DomainError("FORBIDDEN", "This key may not read reports (it lacks the reports:read scope)");
  if (viewer.kind === "store" && viewer.link)
    throw new DomainError("FORBIDDEN", "A settings link opens the report's settings, not its figures");
}

/** Who a settings change names (the change history, a holdout run): its actor, and its address or key. */
export interface SettingsActor {
  actor: "store_token" | "settings_link" | "api_key" | "unsubscribe_link";
  actorRef: string | null;
}

/** The actor of a viewer allowed to change settings ({@link authorizeSettings} passed). */
export function settingsActorOf(viewer: Viewer): SettingsActor {
  if (viewer.kind !== "store") throw new Error("only a store's viewers change its settings");
  if (viewer.keyId) return { actor: "api_key", actorRef: viewer.keyId };
  if (viewer.link?.purpose === "settings") return { actor: "settings_link", actorRef: viewer.link.email };
  if (viewer.link?.purpose === "unsubscribe")
    return { actor: "unsubscribe_link", actorRef: viewer.link.email };
  return { actor: "store_token", actorRef: null };
}

/**
 * A store's holdout runs (their shares and dates, not their figures): settings they are, and the
 * dashboard's panel shows them beside the figures, so either a reader of the figures or of the settings.
 */
export function authorizeHoldouts(viewer: Viewer, storeId: string): void {
  if (viewer.kind === "store" && viewer.link && !viewer.readOnly)
    authorizeSettings(viewer, storeId, { write: false });
  else authorizeStore(viewer, storeId);
}

/**
 * What only the store's owner changes (its own token, or a key with settings:write): a widget's holdout
 * changes what the storefront shows, a Slack webhook where the store's figures are posted. An emailed
 * "Manage these emails" link manages the emails only.
 */
export function authorizeOwnerChange(viewer: Viewer, storeId: string, what: string): void {
  authorizeSettings(viewer, storeId, { write: true });
  if (viewer.kind === "store" && viewer.link)
    throw new DomainError(
      "FORBIDDEN",
      `An emailed settings link manages the emails; the store's owner sets ${what}`,
    );
}

/**
 * The report's settings (recipients, schedule, pause, their history): read by the store's own token, its
 * settings link, a key with the settings:write scope and the service (the dispatcher reads schedules);
 * changed by the first three only. A dashboard link (forwarded with an email) shows neither.
 */
export function authorizeSettings(viewer: Viewer, storeId: string, { write }: { write: boolean }): void {
  if (viewer.kind === "anonymous") throw new AuthError("This needs a token (Authorization: Bearer ...)");
  if (viewer.kind === "service") {
    if (write) throw new DomainError("FORBIDDEN", "The service token is read-only");
    refuseUnscoped(viewer, "reports:read");
    return;
  }
  if (viewer.storeId !== storeId)
    throw new DomainError("FORBIDDEN", "This token is not allowed to read that store");
  if (viewer.readOnly)
    throw new DomainError(
      "FORBIDDEN",
      write ? "A dashboard link is read-only" : "A dashboard link cannot read the report's settings",
    );
  if (viewer.scopes && !viewer.scopes.includes("settings:write"))
    throw new DomainError(
      "FORBIDDEN",
      "This key may not change settings (it lacks the settings:write scope)",
    );
  if (viewer.link?.purpose === "unsubscribe" && !write)
    throw new DomainError("FORBIDDEN", "An unsubscribe link reads nothing");
}

/** A store's orders: written only with that store's API key holding the orders:write scope. */
export function authorizeOrderWrite(viewer: Viewer, storeId: string): void {
  if (viewer.kind === "anonymous")
    throw new AuthError("This needs a store API key (Authorization: Bearer ...)");
  if (viewer.kind !== "store" || !viewer.scopes?.includes("orders:write"))
    throw new DomainError(
      "FORBIDDEN",
      "Orders are written with a store API key that has the orders:write scope",
    );
  if (viewer.storeId !== storeId)
    throw new DomainError("FORBIDDEN", "This key is not allowed to write that store's orders");
}

/**
 * Data across stores: the service only; a worker job's token only with `scope`, and never for what only
 * the gateway itself does (no `scope`: a recipient's confirmation, a provider event, a key lookup).
 */
export function authorizeService(viewer: Viewer, scope?: ServiceScope): void {
  if (viewer.kind === "anonymous") throw new AuthError("This needs a token (Authorization: Bearer ...)");
  if (viewer.kind !== "service") throw new DomainError("FORBIDDEN", "Only the service token may ask this");
  if (!scope && viewer.scopes) throw new DomainError("FORBIDDEN", "Only the gateway itself may ask this");
  if (scope) refuseUnscoped(viewer, scope);
}

/** Compares secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
