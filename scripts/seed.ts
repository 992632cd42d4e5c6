// npm run seed: loads the demo stores, widgets, orders and clicks into empty databases.

import type { Logger } from "../lib/logger.ts";
import { connect } from "../lib/runtime/database.ts";
import { isMain } from "../lib/runtime/service-runner.ts";
import { schema as reviewSchema } from "../subgraphs/review/db/index.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { buildDemoData, seedDemoData } from "./demo-data.ts";
import { runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { type DatabaseUrls, provisionDatabases } from "./dev/provision.ts";

/** Seeds demo data unless the shop database already has stores; says which it did. */
export async function seedIfEmpty(urls: DatabaseUrls, log: Logger, now = new Date()): Promise<boolean> {
  const shop = connect(urls.shop, shopSchema, { max: 1 });
  const review = connect(urls.review, reviewSchema, { max: 1 });
  try {
    const data = buildDemoData(now);
    const seeded = await seedDemoData(shop.db, review.db, data);
    if (seeded) {
      log.info("demo data seeded", {
        stores: data.stores.length,
        orders: data.orders.length,
        clicks: data.clicks.length,
      });
    } else {
      log.info("databases already hold stores; demo data not loaded");
    }
    return seeded;
  } finally {
    await Promise.all([shop.close(), review.close()]);
  }
}

if (isMain(import.meta.url)) {
  await runCommand("seed", async (env, log) => {
    const databases = await provisionDatabases(env, log, projectMigrations);
    try {
      await seedIfEmpty(databases.urls, log);
    } finally {
      await databases.stop();
    }
  });
}
