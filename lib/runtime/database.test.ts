import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { connect, inTransaction, isDatabaseUnavailable } from "./database.ts";

/**
 * A connection dropped under a transaction (a failover: the balancer closing every session to a dead
 * primary) must fail that transaction with an error the services answer 503 for, and leave the pool and
 * the process working. postgres.js 3.4.9 instead threw outside any promise (ending the process) or left the
 * transaction waiting forever; patches/postgres+3.4.9.patch fixes it.
 */
describe("a connection dropped under a transaction", () => {
  const url = inject("databaseServerUrl");
  const database = connect(url, {}, { max: 2 });
  const killer = postgres(url, { max: 1, onnotice: () => {} });
  afterAll(async () => {
    await database.close();
    await killer.end();
  });

  it("fails the transaction as unavailable and keeps the pool", async () => {
    const outcome = await inTransaction(database.db, async (tx) => {
      const [own] = await tx.$client.unsafe<{ pid: number }[]>("select pg_backend_pid() as pid");
      await killer`select pg_terminate_backend(${own?.pid ?? 0})`;
      await tx.$client.unsafe("select 1");
    }).then(
      () => "committed",
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(outcome)).toBe(true);
    expect(await database.sql`select 1 as alive`).toEqual([{ alive: 1 }]);
  });

  it("counts a write refused by a read-only server as not now, and a data error as never", () => {
    expect(isDatabaseUnavailable({ code: "25006" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "57P01" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "CONNECTION_CLOSED" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "22003" })).toBe(false);
  });
});
