/**
 * A dashboard link carries the store's read-only token in the URL fragment (`#token=...`), which browsers
 * never send to a server, so no server log holds it. The page keeps it in this tab's sessionStorage and
 * takes it out of the address bar at once, so it is neither bookmarked nor shown over a shoulder.
 */
const key = (storeId: string) => `ld-dashboard-token:${storeId}`;

export function takeToken(storeId: string): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (fromLink) {
    sessionStorage.setItem(key(storeId), fromLink);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(key(storeId));
}

export function forgetToken(storeId: string): void {
  sessionStorage.removeItem(key(storeId));
}

/**
 * Whether a token could be this store's and still valid, read from its own claims without verifying them
 * (the gateway verifies): a link for another store or an expired one is refused without asking anything.
 */
export function tokenFits(token: string, storeId: string, now: Date): boolean {
  try {
    const payload = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as {
      sub?: string;
      exp?: number;
    };
    const [, subject] = payload.sub?.split(":") ?? [];
    return subject === storeId && typeof payload.exp === "number" && payload.exp * 1000 > now.getTime();
  } catch {
    return false;
  }
}
