import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../lib/logger.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";

const log = createLogger("test", "silent");

describe("embedded PostgreSQL", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "ldi-embedded-"));
    await chmod(folder, 0o755);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("initialises, serves SQL, keeps data across restarts and cleans up after a killed owner", async () => {
    const dir = join(folder, "pg");
    const first = await startEmbeddedPostgres({ dir, log });
    const sql = postgres(first.url("postgres"), { max: 1 });
    await sql`create table kept (n int)`;
    await sql`insert into kept values (42)`;
    await sql.end();
    const stalePid = Number((await readFile(join(dir, "postmaster.pid"), "utf8")).split("\n")[0]);

    // As if the run that started it had been SIGKILLed: its server is still up, its owner is gone.
    await writeFile(`${dir}.owner`, "999999");
    const second = await startEmbeddedPostgres({ dir, log });
    expect(() => process.kill(stalePid, 0)).toThrow(); // the stale server was stopped
    const again = postgres(second.url("postgres"), { max: 1 });
    expect(await again`select n from kept`).toEqual([{ n: 42 }]);
    await again.end();
    await second.stop();
  });

  it("uses, and leaves running, a server whose owner is still alive", async () => {
    const dir = join(folder, "busy");
    const server = await startEmbeddedPostgres({ dir, log });
    const owner = spawn("sleep", ["30"]);
    try {
      await writeFile(`${dir}.owner`, String(owner.pid));
      const attached = await startEmbeddedPostgres({ dir, log });
      expect(attached.port).toBe(server.port);
      const sql = postgres(attached.url("postgres"), { max: 1 });
      expect(await sql`select 1 as ok`).toEqual([{ ok: 1 }]);
      await sql.end();
      await attached.stop(); // not ours to stop
      const still = postgres(server.url("postgres"), { max: 1 });
      expect(await still`select 1 as ok`).toEqual([{ ok: 1 }]);
      await still.end();
    } finally {
      owner.kill();
      await server.stop();
    }
  });
});
