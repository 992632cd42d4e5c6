import { join } from "node:path";
import type { Logger } from "../../lib/logger.ts";
import { ensureDatabase, runMigrations } from "../../lib/runtime/database.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import type { DevEnv } from "./env.ts";
import { handToServiceRole } from "./service-roles.ts";

/** What each service creates and drops itself while it runs, and so must own (scripts/dev/service-roles.ts). */
const RUN_TIME_TABLES: Record<keyof DatabaseUrls, RegExp | undefined> = {
  shop: undefined,
  // The click table's weekly partitions (subgraphs/review/db/queries/partitions.ts).
  review: /^widget_clicks($|_)/,
  // Agenda's own tables and indexes (jobs/worker.ts).
  jobs: /^agenda_/,
};

export interface DatabaseUrls {
  shop: string;
  review: string;
  jobs: string;
}

export interface Provisioned {
  urls: DatabaseUrls;
  /** Stops the embedded server, if one was started. */
  stop(): Promise<void>;
}

/**
 * Resolves the three databases: configured URLs are used as they are; any left unset lives on `server` (a
 * superuser's URL of a server to create them on: the cluster test's primary) or else on an embedded
 * PostgreSQL under DATA_DIR. Each is migrated with the migration folder given for it. Each database created
 * here is then handed to a role of its own, and the URLs returned are the roles': a service can reach its
 * own database only (with configured URLs, that is the operator's to set up; see docs/security.md).
 */
export async function provisionDatabases(
  env: DevEnv,
  log: Logger,
  migrations: Record<keyof DatabaseUrls, string>,
  { server }: { server?: string } = {},
): Promise<Provisioned> {
  const configured = {
    shop: env.SHOP_DATABASE_URL,
    review: env.REVIEW_DATABASE_URL,
    jobs: env.JOBS_DATABASE_URL,
  };
  const needsEmbedded = Object.values(configured).some((url) => !url);
  const embedded =
    needsEmbedded && !server
      ? await startEmbeddedPostgres({
          dir: join(env.DATA_DIR, "postgres"),
          port: env.EMBEDDED_POSTGRES_PORT,
          log: log.child("postgres"),
        })
      : undefined;
  const serverUrl = server ?? embedded?.url("postgres");
  try {
    const resolveUrl = async (name: keyof DatabaseUrls) =>
      configured[name] ?? ensureDatabase(serverUrl as string, name);
    const urls = {
      shop: await resolveUrl("shop"),
      review: await resolveUrl("review"),
      jobs: await resolveUrl("jobs"),
    };
    for (const name of Object.keys(urls) as (keyof DatabaseUrls)[])
      await runMigrations(urls[name], migrations[name]);
    for (const name of Object.keys(urls) as (keyof DatabaseUrls)[])
      if (!configured[name])
        urls[name] = await handToServiceRole(urls[name], { owns: RUN_TIME_TABLES[name] });
    log.info("databases migrated");
    return { urls, stop: async () => embedded?.stop() };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
