/**
 * A browser's holdout groups as the tracker writes them into the cart (`ListDesigner.holdoutGroups()`, a
 * hidden input, a platform's line property): `<run id>:H` (held out) or `<run id>:E` (exposed), comma
 * separated. What is not one is left out: a cart field is the shopper's to tamper with.
 */
const ENTRY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([HE])$/i;

export interface CartHoldoutGroup {
  runId: string;
  group: "EXPOSED" | "HELD_OUT";
}

export function parseHoldoutGroups(value: unknown, max = 50): CartHoldoutGroup[] {
  if (typeof value !== "string") return [];
  const groups = new Map<string, CartHoldoutGroup>();
  for (const entry of value.split(",").slice(0, max)) {
    const match = ENTRY.exec(entry.trim());
    if (!match?.[1] || !match[2]) continue;
    const runId = match[1].toLowerCase();
    if (!groups.has(runId))
      groups.set(runId, { runId, group: match[2].toUpperCase() === "H" ? "HELD_OUT" : "EXPOSED" });
  }
  return [...groups.values()];
}

/** Groups in the cart's form (what the tracker writes). */
export function formatHoldoutGroups(groups: readonly CartHoldoutGroup[]): string {
  return groups.map((group) => `${group.runId}:${group.group === "HELD_OUT" ? "H" : "E"}`).join(",");
}
