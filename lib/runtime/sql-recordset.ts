import { type SQL, sql } from "drizzle-orm";

/**
 * Rows sent as one parameter and read back as a table (`... as k(col type, ...)` follows it). The JSON
 * travels as text and is cast in SQL: once a statement is prepared, postgres.js would JSON-encode a
 * parameter the server declares as json a second time.
 */
export function recordset(rows: readonly object[]): SQL {
  return sql`json_to_recordset(${JSON.stringify(rows)}::text::json)`;
}

/**
 * Batched SQL: a batch of requests travels as one recordset, each row tagged with its position `ord`, so
 * one statement answers them all and the answers go back in order.
 */
export function batchRecordset<T>(requests: readonly T[], row: (request: T) => Record<string, unknown>): SQL {
  return recordset(requests.map((request, ord) => ({ ord, ...row(request) })));
}

/** One answer per request, in request order, from rows tagged with `ord`; `missing` fills the gaps. */
export function answersInOrder<R extends { ord: number }, A>(
  count: number,
  rows: Iterable<R>,
  answer: (row: R) => A,
  missing: (ord: number) => A,
): A[] {
  const byOrd = new Map<number, A>();
  for (const row of rows) byOrd.set(Number(row.ord), answer(row));
  return Array.from({ length: count }, (_, ord) => (byOrd.has(ord) ? (byOrd.get(ord) as A) : missing(ord)));
}

/** A list per request, in request order, from rows tagged with `ord` (already sorted within a request). */
export function listsInOrder<R extends { ord: number }, A>(
  count: number,
  rows: Iterable<R>,
  item: (row: R) => A,
): A[][] {
  const lists: A[][] = Array.from({ length: count }, () => []);
  for (const row of rows) lists[Number(row.ord)]?.push(item(row));
  return lists;
}

/** The row of each id, in the order of `ids`, `undefined` where there is none (a batch loader's answer). */
export function rowsInIdOrder<R extends { id: string }>(
  ids: readonly string[],
  rows: Iterable<R>,
): (R | undefined)[] {
  const byId = new Map<string, R>();
  for (const row of rows) byId.set(row.id, row);
  return ids.map((id) => byId.get(id));
}
