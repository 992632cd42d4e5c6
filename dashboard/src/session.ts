/**
 * The settings link's token is kept apart from the dashboard link's: each opens only its own pages, and
 * opening one must not put the other out of the tab.
 */
export type TokenKind = "dashboard" | "settings";

const key = (storeId: string, kind: TokenKind) => `ld-${kind}-token:${storeId}`;

/**
 * A dashboard link carries the store's read-only token in the URL fragment (`#token=...`), which browsers
 * never send to a server, so no server log holds it. The page keeps it in this tab's sessionStorage and
 * takes it out of the address bar at once, so it is neither bookmarked nor shown over a shoulder.
 */
export function takeToken(storeId: string, kind: TokenKind): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (fromLink) {
    sessionStorage.setItem(key(storeId, kind), fromLink);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(key(storeId, kind));
}

export function forgetToken(storeId: string, kind: TokenKind): void {
  sessionStorage.removeItem(key(storeId, kind));
}

/**
 * Whether a token names this store, read from its own claims without verifying them: a link for another
 * store is refused without asking anything. Its expiry is the gateway's to judge (an expired token is
 * answered UNAUTHENTICATED), never this device's clock, which may be wrong.
 */
export function tokenFits(token: string, storeId: string): boolean {
  try {
    const payload = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as {
      sub?: string;
    };
    const [, subject] = payload.sub?.split(":") ?? [];
    return subject === storeId;
  } catch {
    return false;
  }
}
