/** What the page shows, all of it in the URL so a reader can share or bookmark it (without the token). */
export type View =
  | { storeId: string; mode: "week"; week: string | null }
  | { storeId: string; mode: "range"; from: string; to: string };

const STORE_PATH = /^\/stores\/([0-9a-f-]{36})\/?$/i;

export function viewFromLocation(location: Location): View | null {
  const storeId = STORE_PATH.exec(location.pathname)?.[1]?.toLowerCase();
  if (!storeId) return null;
  const query = new URLSearchParams(location.search);
  const from = query.get("from");
  const to = query.get("to");
  if (from && to) return { storeId, mode: "range", from, to };
  return { storeId, mode: "week", week: query.get("week") };
}

export function hrefOf(view: View): string {
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
