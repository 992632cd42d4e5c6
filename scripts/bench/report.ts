import { markdownTable } from "../../lib/table.ts";

/** One line of the benchmark table. */
export interface Figure {
  section: string;
  metric: string;
  value: number;
  unit: string;
  /** e.g. ">= 1500"; compared with `value` when present. */
  target?: string;
}

export function meets(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  const match = /^(>=|<=)\s*([\d.]+)$/.exec(figure.target);
  if (!match) return undefined;
  const bound = Number(match[2]);
  return match[1] === ">=" ? figure.value >= bound : figure.value <= bound;
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const met = meets(f);
    return [
      f.section,
      f.metric,
      formatValue(f.value),
      f.unit,
      f.target ?? "",
      met === undefined ? "" : met ? "met" : "NOT MET",
    ];
  });
  const header = ["section", "metric", "value", "unit", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
}
