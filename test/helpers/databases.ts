import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { jobsMigrations } from "../../jobs/db/index.ts";
import { connect, ensureDatabase, runMigrations } from "../../lib/runtime/database.ts";
import type { DatabaseUrls } from "../../scripts/dev/provision.ts";
import { reviewMigrations, schema as reviewSchema } from "../../subgraphs/review/db/index.ts";
import { shopMigrations, schema as shopSchema } from "../../subgraphs/shop/db/index.ts";

/** Fresh, migrated shop, review and jobs databases for one suite, with connections and a cleanup. */
export async function freshDatabases() {
  const suffix = randomBytes(4).toString("hex");
  const server = inject("databaseServerUrl");
  const urls: DatabaseUrls = {
    shop: await ensureDatabase(server, `t_shop_${suffix}`),
    review: await ensureDatabase(server, `t_review_${suffix}`),
    jobs: await ensureDatabase(server, `t_jobs_${suffix}`),
  };
  await runMigrations(urls.shop, shopMigrations);
  await runMigrations(urls.review, reviewMigrations);
  await runMigrations(urls.jobs, jobsMigrations);
  const shop = connect(urls.shop, shopSchema);
  const review = connect(urls.review, reviewSchema);
  return {
    urls,
    shop,
    review,
    async drop() {
      await Promise.all([shop.close(), review.close()]);
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      for (const url of Object.values(urls)) {
        await admin`drop database if exists ${admin(new URL(url).pathname.slice(1))} with (force)`;
      }
      await admin.end();
    },
  };
}
