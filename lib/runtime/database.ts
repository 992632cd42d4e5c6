import { type Column, sql as drizzleSql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { getOrBuild } from "../memo.ts";
import { type ColumnSpec, checkColumns, type RowOf } from "./sql-columns.ts";

/** A drizzle database on postgres.js, with the client underneath for prepared statements. */
export type Db<TSchema extends Record<string, unknown>> = PostgresJsDatabase<TSchema> & {
  $client: postgres.Sql;
};

export interface Database<TSchema extends Record<string, unknown>> {
  db: Db<TSchema>;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface ConnectOptions {
  max?: number;
  /** Called for every statement sent; tests count statements with it. */
  onQuery?: (query: string) => void;
  /** PostgreSQL cancels a statement that runs longer (DB_STATEMENT_TIMEOUT_MS for services). */
  statementTimeoutMs?: number;
  /** Connecting gives up after this (DB_CONNECT_TIMEOUT_SECONDS for services). */
  connectTimeoutSeconds?: number;
}

export function connect<TSchema extends Record<string, unknown>>(
  url: string,
  schema: TSchema,
  options: ConnectOptions = {},
): Database<TSchema> {
  const { onQuery } = options;
  // numeric and bigint stay strings: money must never pass through a float.
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Statements are prepared once per connection, and ours take their values as one JSON batch, so a
    // plan made for particular values is no better than a generic one; re-planning a query over a few
    // dozen click partitions on every call cost more than running it. Partitions are still pruned at
    // execution time.
    connection: {
      plan_cache_mode: "force_generic_plan",
      // A JSON batch is estimated at 100 rows and a generate_series at 1,000, so a report statement that
      // runs in 1 ms is costed past jit_above_cost: on a server built with LLVM (Debian's PostgreSQL is)
      // compiling it took 275 ms. Statements here are short; JIT never pays.
      jit: "off",
      // A deadline on every statement (services set it; 0, the default here, is none: migrations and
      // one-off scripts may run long).
      statement_timeout: options.statementTimeoutMs ?? 0,
    },
    connect_timeout: options.connectTimeoutSeconds ?? 30,
    // After a failed connection, the next attempt waits 0.1 s, doubling to at most 1 s. postgres.js's
    // default grows to 20 s: after a failover's 10 s without a primary, the services came back 5 s after
    // the new primary did.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    ...(onQuery ? { debug: (_connection: number, query: string) => onQuery(query) } : {}),
  });
  return { db: drizzle(sql, { schema, casing: "snake_case" }), sql, close: () => sql.end({ timeout: 5 }) };
}

const dialect = new PgDialect({ casing: "snake_case" });

/** What runs a statement: a database's pool, or one transaction of it ({@link inTransaction}). */
export type SqlClient = { $client: Pick<postgres.Sql, "unsafe"> };

/**
 * Runs a hand-written statement as a prepared statement, its rows typed by the columns it declares and
 * checked against them ({@link checkColumns}). drizzle's `execute` sends raw SQL unnamed, so PostgreSQL
 * plans it again on every call; the batched report and click queries are planned once per connection
 * instead (with a generic plan, see `connect`).
 */
export async function executePrepared<S extends Record<string, ColumnSpec>>(
  db: SqlClient,
  statement: { columns: S; sql: SQL },
): Promise<RowOf<S>[]> {
  const { sql: text, params } = dialect.sqlToQuery(statement.sql);
  const answer = await db.$client.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
    prepare: true,
  });
  checkColumns(statement.columns, answer.columns ?? [], answer);
  return answer as unknown as RowOf<S>[];
}

/** Runs a hand-written statement that answers no rows (an update, a savepoint) as a prepared statement. */
export async function runPrepared(db: SqlClient, statement: SQL): Promise<void> {
  await executePrepared(db, { columns: {}, sql: statement });
}

/** Runs `work` in one transaction of `db`'s pool, its statements through the client it is given. */
export function inTransaction<T>(
  db: { $client: postgres.Sql },
  work: (tx: SqlClient) => Promise<T>,
): Promise<T> {
  return db.$client.begin((tx) => work({ $client: tx })) as Promise<T>;
}

/**
 * A drizzle query prepared once per database. Built on first use and then only executed: drizzle no longer
 * assembles its SQL on every call, and PostgreSQL keeps its (generic) plan per connection instead of
 * parsing and planning it again, which `execute` on a builder does every time. Values come in through
 * `sql.placeholder`s; a batch of keys through {@link inKeys}.
 */
export function preparedPerDb<TDb extends object, TQuery>(build: (db: TDb) => TQuery): (db: TDb) => TQuery {
  const prepared = new WeakMap<TDb, TQuery>();
  return (db) => getOrBuild(prepared, db, () => build(db));
}

/**
 * `column = any(<the uuid array placeholder "keys">)`: one statement text for any number of keys, where
 * `inArray` would make a new text (and a new prepared statement) for every batch size.
 */
export function inKeys(column: Column): SQL {
  return drizzleSql`${column} = any(${drizzleSql.placeholder("keys")}::uuid[])`;
}

/** Applies the committed drizzle-kit migrations in `folder`; already-applied ones are skipped. */
export async function runMigrations(url: string, folder: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql, { casing: "snake_case" }), { migrationsFolder: folder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates `name` on the server behind `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return target.toString();
}

/**
 * PostgreSQL's class 22 (data exception: an overflow, a date out of range): an error the values of a row
 * cause, which asking again the same way would only repeat.
 */
export function isDataException(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? "").startsWith("22");
}

/**
 * Whether a database error means "not now" rather than "never": the server is unreachable, restarting,
 * or cancelled the statement at its deadline. Such a write may be retried; it was not acknowledged.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  return (
    code === "57014" || // statement_timeout
    code.startsWith("57P") || // admin shutdown, crash shutdown, cannot connect now
    code.startsWith("08") || // connection exceptions
    // A write on a server that is not (or not yet) the primary: a standby being promoted as the balancer
    // turned to it, or a primary stepping down. The next try reaches the primary.
    code === "25006" ||
    /^(CONNECT_TIMEOUT|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(
      code,
    )
  );
}
