import { createHmac } from "node:crypto";
import postgres from "postgres";

/**
 * Gives a database to a role of its own (`<database>_service`) with only the rights its service uses: it
 * may connect to its own database and no other (PUBLIC may no longer connect), read and change the rows
 * of every table, but not drop or alter the tables the migrations made, which stay the migrator's. Only
 * the relations named by `owns` (what the service itself creates and drops at run time: review's click
 * partitions, Agenda's tables) are the role's, with the right to create tables in `public` that needs.
 * Run as a superuser after migrating; idempotent, so every start grants what new migrations made (and
 * takes back what an older version of this function handed over). Returns the role's URL.
 *
 * The role's password is derived from the superuser's (an HMAC), so nothing more needs keeping.
 */
export async function handToServiceRole(
  databaseUrl: string,
  { owns }: { owns?: RegExp } = {},
): Promise<string> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const role = `${database}_service`;
  const password = createHmac("sha256", decodeURIComponent(url.password)).update(role).digest("base64url");
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(hashtext('listdesigner-insights/service-roles'))`;
    const [exists] = await sql`select 1 from pg_roles where rolname = ${role}`;
    // Identifiers and the password are ours (letters, digits, _ and base64url): safe to inline.
    if (!exists) await sql.unsafe(`create role ${role} login password '${password}'`);
    else await sql.unsafe(`alter role ${role} login password '${password}'`);
    await sql.unsafe(`alter database ${database} owner to current_user`);
    await sql.unsafe(`revoke connect, temporary on database ${database} from public`);
    await sql.unsafe(`grant connect on database ${database} to ${role}`);
    await sql.unsafe(`grant usage on schema public to ${role}`);
    await sql.unsafe(`${owns ? "grant" : "revoke"} create on schema public ${owns ? "to" : "from"} ${role}`);
    const owned = owns?.source ?? "^$"; // a pattern of our own code, not of user input
    await sql.unsafe(`
      do $$ declare object record; begin
        for object in select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p', 'S', 'v', 'm')
                        -- A sequence owned by a column follows its table.
                        and not (c.relkind = 'S' and exists (
                          select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) loop
          execute format('alter %s %I.%I owner to %I',
            case object.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
            object.nspname, object.relname,
            case when object.nspname = 'public' and object.relname ~ '${owned}' then '${role}' else current_user end);
        end loop;
        for object in select n.nspname, t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
                      where n.nspname = 'public' and t.typtype = 'e' loop
          execute format('alter type %I.%I owner to current_user', object.nspname, object.typname);
        end loop;
        if exists (select 1 from pg_namespace where nspname = 'drizzle') then alter schema drizzle owner to current_user; end if;
      end $$`);
    await sql.unsafe(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await sql.unsafe(`grant usage, select, update on all sequences in schema public to ${role}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  url.username = role;
  url.password = password;
  return url.toString();
}
