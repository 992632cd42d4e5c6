/** A name as a file name's part: lower case letters and digits, joined by dashes. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "table"
  );
}

/** What a download of a store's table over a period is named: `<store>-<period>-<table>.csv`. */
export function csvName(storeName: string, period: string, table: string): string {
  return `${slug(storeName)}-${period}-${table}.csv`;
}

/** A cell of a CSV export: text as is, numbers and amounts as the graph gives them (never formatted). */
type Cell = string | number | boolean | null;

/** RFC 4180: fields quoted when they hold a comma, a quote or a line break; quotes doubled; CRLF rows. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  const field = (cell: Cell) => {
    const text = cell === null ? "" : String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${rows.map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
}

/**
 * A table's "Download CSV": the rows the table shows, with a header row, amounts as decimal strings and
 * the store's currency in a column of its own, so a spreadsheet reads them as numbers.
 */
export function CsvButton({
  filename,
  header,
  rows,
  label,
}: {
  filename: string;
  header: readonly string[];
  rows: () => readonly (readonly Cell[])[];
  label: string;
}) {
  const download = () => {
    const blob = new Blob([toCsv([header, ...rows()])], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement("a"), { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  };
  return (
    <button type="button" className="secondary csv" onClick={download} data-testid={`csv-${filename}`}>
      {label}
    </button>
  );
}
