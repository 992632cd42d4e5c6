import { markdownTable } from "../dev/table.ts";

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
  return markdownTable(["section", "metric", "value", "unit", "target", ""], rows, { alignRight: [2] });
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
}
