/**
 * The columns a hand-written statement returns, declared once: the row type is derived from them, and each
 * answer is checked against them (names and PostgreSQL types), so a statement and the code reading it
 * cannot drift apart unnoticed. A column that may be null ends its type with `?`.
 */

/**
 * Each type a statement may answer: its PostgreSQL type numbers, and what `typeof` says of a value (of
 * each element, for an array) as postgres.js gives it on this project's connections: numeric and bigint
 * as strings (its default), and timestamps as the server's text too (drizzle's postgres.js driver turns
 * postgres.js's date parsing off for the whole client).
 */
const pgTypes = {
  bool: { oids: [16], arrives: "boolean" },
  int4: { oids: [23], arrives: "number" },
  int8: { oids: [20], arrives: "string" },
  numeric: { oids: [1700], arrives: "string" },
  float8: { oids: [701], arrives: "number" },
  text: { oids: [25, 1043], arrives: "string" }, // text and varchar read the same
  uuid: { oids: [2950], arrives: "string" },
  timestamptz: { oids: [1184], arrives: "string" },
  "int4[]": { oids: [1007], arrives: "number" },
} as const;

interface Arrivals {
  boolean: boolean;
  number: number;
  string: string;
}

/** The TypeScript type of a value of each type. */
type PgTypes = {
  [T in keyof typeof pgTypes]: T extends `${string}[]`
    ? Arrivals[(typeof pgTypes)[T]["arrives"]][]
    : Arrivals[(typeof pgTypes)[T]["arrives"]];
};

type PgType = keyof PgTypes;

/** A json or jsonb column, read as `T` (what the code stored there; null included if it may be). */
export interface JsonColumn<T> {
  json: true;
  /** Never set: carries `T` to the row type. */
  value?: T;
}

export function json<T>(): JsonColumn<T> {
  return { json: true };
}

/**
 * A column: a PostgreSQL type (with `?` when it may be null), an enum (drizzle's `pgEnum`, or anything
 * with its `enumValues`), or {@link json}.
 */
export type ColumnSpec =
  | PgType
  | `${PgType}?`
  | { enumValues: readonly [string, ...string[]] }
  | JsonColumn<unknown>;

type ValueOf<C> = C extends PgType
  ? PgTypes[C]
  : C extends `${infer T extends PgType}?`
    ? PgTypes[T] | null
    : C extends { enumValues: readonly (infer V)[] }
      ? V
      : C extends JsonColumn<infer T>
        ? T
        : never;

/** The row a statement with these columns answers. */
export type RowOf<S extends Record<string, ColumnSpec>> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** What postgres.js tells of each column of an answer. */
export interface AnswerColumn {
  name: string;
  type: number;
}

/**
 * Throws unless the answer's columns are exactly the declared ones, each of its declared type (an enum's
 * values are checked row by row: its type's number differs between databases).
 */
export function checkColumns(
  spec: Record<string, ColumnSpec>,
  columns: readonly AnswerColumn[],
  rows: readonly Record<string, unknown>[],
): void {
  const problems: string[] = [];
  const answered = new Set(columns.map((column) => column.name));
  for (const name of Object.keys(spec)) if (!answered.has(name)) problems.push(`no column ${name}`);
  for (const { name, type } of columns) {
    const declared = spec[name];
    if (declared === undefined) problems.push(`column ${name} (type ${type}) not declared`);
    else if (typeof declared === "string") {
      const pgType = declared.replace(/\?$/, "") as PgType;
      const { oids, arrives } = pgTypes[pgType];
      if (!(oids as readonly number[]).includes(type)) {
        problems.push(`column ${name} is type ${type}, declared ${pgType}`);
      }
      if (!declared.endsWith("?") && rows.some((row) => row[name] === null)) {
        problems.push(`column ${name} is null, declared not null`);
      }
      // The first value says how the connection parses the type (a client option can change it).
      const value = rows.find((row) => row[name] !== null)?.[name];
      const sample = pgType.endsWith("[]") && Array.isArray(value) ? value[0] : value;
      if (sample !== undefined && typeof sample !== arrives) {
        problems.push(`column ${name} arrives as ${typeof sample}, declared ${arrives}`);
      }
    } else if ("json" in declared) {
      if (type !== 114 && type !== 3802) problems.push(`column ${name} is type ${type}, declared json`);
    } else {
      const { enumValues } = declared;
      const bad = rows.find((row) => !enumValues.includes(row[name] as string));
      if (bad) problems.push(`column ${name}: ${String(bad[name])} is none of ${enumValues.join(", ")}`);
    }
  }
  if (problems.length > 0)
    throw new Error(`A statement's answer is not what its code reads: ${problems.join("; ")}`);
}
