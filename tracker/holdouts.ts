/**
 * Holdouts in the browser. The gateway serves `/tracker.js?store=<store id>` with the store's running
 * holdouts in `window.ListDesignerHoldouts`; the script, placed without `defer` in the page's `<head>`,
 * runs before the page's body is parsed, so a held-out widget is hidden by a style rule before it is ever
 * painted. Each browser draws its group once per run, kept in the storefront's own localStorage with no
 * identifier of anyone: only the group leaves the browser, in slot views and in the cart.
 */

/** What the gateway puts before the script: the store's running holdouts. */
export interface HoldoutConfig {
  storeId: string;
  runs: { runId: string; widgetId: string; share: number }[];
}

/** A browser's draw for a run: held out or exposed, and the id of its first slot view until acknowledged. */
interface Draw {
  heldOut: boolean;
  /** The first slot view's id, kept until the gateway acknowledged it: a retry counts the visitor once. */
  first: string | null;
}

export const GROUPS_KEY = "ld-holdouts";

export interface SlotView {
  runId: string;
  slotViewId: string;
  group: "EXPOSED" | "HELD_OUT";
  firstInRun: boolean;
}

/**
 * Draws (or reads) this browser's group in each running run, and hides the held-out widgets before they
 * are painted. Without storage the browser is left out of every run: a group drawn again on each page
 * would mix the groups.
 */
export function applyHoldouts(config: HoldoutConfig | undefined, uuid: () => string) {
  const runs = config?.runs ?? [];
  let draws: Record<string, Draw> = {};
  let stored = false;
  try {
    draws = JSON.parse(localStorage.getItem(GROUPS_KEY) ?? "{}") as Record<string, Draw>;
    for (const run of runs) draws[run.runId] ??= { heldOut: Math.random() * 100 < run.share, first: uuid() };
    // Runs that ended are forgotten with the page that no longer names them.
    draws = Object.fromEntries(runs.map((run) => [run.runId, draws[run.runId] as Draw]));
    localStorage.setItem(GROUPS_KEY, JSON.stringify(draws));
    stored = true;
  } catch {
    draws = {};
  }
  const active = stored ? runs : [];
  const hidden = active.filter((run) => draws[run.runId]?.heldOut).map((run) => run.widgetId);
  if (hidden.length > 0) {
    const style = document.createElement("style");
    style.textContent = `${hidden.map((id) => `[data-ld-widget="${CSS.escape(id)}"]`).join(",")}{display:none!important}`;
    (document.head ?? document.documentElement).append(style);
  }
  const runOf = new Map(active.map((run) => [run.widgetId, run]));
  return {
    /** The slot view of a widget on this page, if a run holds it (once per page view: the caller's job). */
    slotView(widgetId: string): SlotView | undefined {
      const run = runOf.get(widgetId);
      const draw = run && draws[run.runId];
      if (!run || !draw) return undefined;
      return {
        runId: run.runId,
        slotViewId: draw.first ?? uuid(),
        group: draw.heldOut ? "HELD_OUT" : "EXPOSED",
        firstInRun: draw.first !== null,
      };
    },
    /** The first slot view of a run was acknowledged: later ones do not count the visitor again. */
    enrolled(runId: string) {
      const draw = draws[runId];
      if (!draw?.first) return;
      draw.first = null;
      try {
        localStorage.setItem(GROUPS_KEY, JSON.stringify(draws));
      } catch {
        // The next page sends the same first view again: counted once by its id.
      }
    },
    /** This browser's groups, as the cart carries them: `<run id>:H` or `:E`, comma separated. */
    groups(): string {
      return active
        .filter((run) => draws[run.runId])
        .map((run) => `${run.runId}:${draws[run.runId]?.heldOut ? "H" : "E"}`)
        .join(",");
    },
  };
}
