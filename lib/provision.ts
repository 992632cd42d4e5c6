import { join } from "node:path";
import { jobsMigrations } from "../jobs/db/index.ts";
import { reviewMigrations } from "../subgraphs/review/db/index.ts";
import { shopMigrations } from "../subgraphs/shop/db/index.ts";
import { ensureDatabase, runMigrations } from "./database.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import type { Env } from "./env.ts";
import type { Logger } from "./logger.ts";
import { handToServiceRole } from "./service-roles.ts";

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
 * Resolves the three databases: configured URLs are used as they are; any left unset lives on an embedded
 * PostgreSQL under DATA_DIR. All three are migrated to the committed migrations. On the embedded server
 * each database is then handed to a role of its own, and the URLs returned are the roles': a service can
 * reach its own database only (with configured URLs, that is the operator's to set up; see README).
 */
export async function provisionDatabases(env: Env, log: Logger): Promise<Provisioned> {
  const configured = {
    shop: env.SHOP_DATABASE_URL,
    review: env.REVIEW_DATABASE_URL,
    jobs: env.JOBS_DATABASE_URL,
  };
  const needsEmbedded = Object.values(configured).some((url) => !url);
  const embedded = needsEmbedded
    ? await startEmbeddedPostgres({
        dir: join(env.DATA_DIR, "postgres"),
        port: env.EMBEDDED_POSTGRES_PORT,
        log: log.child("postgres"),
      })
    : undefined;
  try {
    const resolveUrl = async (name: keyof DatabaseUrls) =>
      configured[name] ?? ensureDatabase((embedded as NonNullable<typeof embedded>).url("postgres"), name);
    const urls = {
      shop: await resolveUrl("shop"),
      review: await resolveUrl("review"),
      jobs: await resolveUrl("jobs"),
    };
    await runMigrations(urls.shop, shopMigrations);
    await runMigrations(urls.review, reviewMigrations);
    await runMigrations(urls.jobs, jobsMigrations);
    for (const name of Object.keys(urls) as (keyof DatabaseUrls)[])
      if (!configured[name]) urls[name] = await handToServiceRole(urls[name]);
    log.info("databases migrated");
    return { urls, stop: async () => embedded?.stop() };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
