import { createHmac } from "node:crypto";
import postgres from "postgres";

/**
 * Gives a database to a role of its own (`<database>_service`): the role owns the database and everything
 * in it, and PUBLIC may no longer connect to it, so a service holding that role's URL can read and change
 * its own database and no other. Run as a superuser after migrating (it hands over whatever the migrations
 * made); idempotent, so every start hands over what new migrations made. Returns the role's URL.
 *
 * The role's password is derived from the superuser's (an HMAC), so nothing more needs keeping.
 */
export async function handToServiceRole(databaseUrl: string): Promise<string> {
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
    await sql.unsafe(`alter database ${database} owner to ${role}`);
    await sql.unsafe(`revoke connect, temporary on database ${database} from public`);
    await sql.unsafe(`grant connect on database ${database} to ${role}`);
    await sql.unsafe(`
      do $$ declare object record; begin
        for object in select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p', 'S', 'v', 'm')
                        -- A sequence owned by a column follows its table.
                        and not (c.relkind = 'S' and exists (
                          select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) loop
          execute format('alter %s %I.%I owner to ${role}',
            case object.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
            object.nspname, object.relname);
        end loop;
        for object in select n.nspname, t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
                      where n.nspname = 'public' and t.typtype = 'e' loop
          execute format('alter type %I.%I owner to ${role}', object.nspname, object.typname);
        end loop;
        if exists (select 1 from pg_namespace where nspname = 'drizzle') then alter schema drizzle owner to ${role}; end if;
      end $$`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  url.username = role;
  url.password = password;
  return url.toString();
}
