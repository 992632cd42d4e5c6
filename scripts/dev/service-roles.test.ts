import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase } from "../../lib/runtime/database.ts";
import { handToServiceRole } from "./service-roles.ts";

describe("a role per service", () => {
  const server = inject("databaseServerUrl");
  const names = [
    `t_roles_a_${randomBytes(3).toString("hex")}`,
    `t_roles_b_${randomBytes(3).toString("hex")}`,
  ];
  afterAll(async () => {
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    for (const name of names) {
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.unsafe(`drop role if exists ${name}_service`);
    }
    await admin.end();
  });

  it("reads and writes its own database's rows, owns only what it makes at run time, and cannot open another", async () => {
    if (!new URL(server).password) return; // a trust-auth server (TEST_DATABASE_URL) checks no passwords
    const [a, b] = await Promise.all(names.map((name) => ensureDatabase(server, name)));
    const admin = postgres(a as string, { max: 1, onnotice: () => {} });
    await admin`create table made_by_a_migration (id serial primary key)`;
    await admin`create table events (id int)`;
    await admin.end();
    const roleA = await handToServiceRole(a as string, { owns: /^events($|_)/ });
    const roleB = await handToServiceRole(b as string);
    expect(new URL(roleA).username).toBe(`${names[0]}_service`);

    const asA = postgres(roleA, { max: 1, onnotice: () => {} });
    await asA`insert into made_by_a_migration default values`;
    expect(await asA`select count(*)::int as n from made_by_a_migration`).toEqual([{ n: 1 }]);
    await asA`delete from made_by_a_migration`;
    // The migrations' tables are not the service's to drop or change.
    await expect(asA`drop table made_by_a_migration`).rejects.toMatchObject({ code: "42501" });
    await expect(asA`alter table made_by_a_migration add column x int`).rejects.toMatchObject({
      code: "42501",
    });
    // What it makes and drops itself (partitions of its own table) it may.
    await asA`create table events_2026w49 (like events)`;
    await asA`drop table events_2026w49`;
    await asA.end();
    const asB = postgres(roleB, { max: 1, onnotice: () => {} });
    await expect(asB`create table anything (id int)`).rejects.toMatchObject({ code: "42501" });
    await asB.end();

    const target = new URL(roleA);
    target.pathname = new URL(roleB).pathname;
    const aIntoB = postgres(target.toString(), { max: 1, onnotice: () => {} });
    await expect(aIntoB`select 1`).rejects.toMatchObject({ code: "42501" });
    await aIntoB.end();
    // Run again (every start does): nothing breaks.
    expect(await handToServiceRole(a as string, { owns: /^events($|_)/ })).toBe(roleA);
  });
});
