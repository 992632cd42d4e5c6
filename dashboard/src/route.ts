/** What the page shows, all of it in the URL so a reader can share or bookmark it (without the token). */
export type View =
  | { storeId: string; mode: "week"; week: string | null }
  | { storeId: string; mode: "range"; from: string; to: string }
  /** The report's settings, opened from an email's "Manage these emails" link. */
  | { storeId: string; mode: "settings" };

const STORE_PATH = /^\/stores\/([0-9a-f-]{36})(\/settings)?\/?$/i;

export function viewFromLocation(location: Location): View | null {
  const path = STORE_PATH.exec(location.pathname);
  const storeId = path?.[1]?.toLowerCase();
  if (!storeId) return null;
  if (path?.[2]) return { storeId, mode: "settings" };
  const query = new URLSearchParams(location.search);
  const from = query.get("from");
  const to = query.get("to");
  if (from && to) return { storeId, mode: "range", from, to };
  return { storeId, mode: "week", week: query.get("week") };
}

export function hrefOf(view: View): string {
  if (view.mode === "settings") return `/stores/${view.storeId}/settings`;
  const query =
    view.mode === "range"
      ? new URLSearchParams({ from: view.from, to: view.to })
      : new URLSearchParams(view.week ? { week: view.week } : {});
  const search = query.toString();
  return `/stores/${view.storeId}${search ? `?${search}` : ""}`;
}

/** Moves to another view without a page load; the app listens for `popstate`. */
export function navigate(view: View): void {
  window.history.pushState(null, "", hrefOf(view));
  window.dispatchEvent(new PopStateEvent("popstate"));
}
