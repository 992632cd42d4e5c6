/** A Markdown table padded for reading in a terminal; columns listed in `alignRight` are right-aligned. */
export function markdownTable(
  header: string[],
  rows: string[][],
  { alignRight = [] }: { alignRight?: number[] } = {},
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${widths
      .map((width, i) => {
        const cell = cells[i] ?? "";
        return alignRight.includes(i) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
