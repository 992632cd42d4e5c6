import { jobsMigrations } from "../../jobs/db/index.ts";
import { reviewMigrations } from "../../subgraphs/review/db/index.ts";
import { shopMigrations } from "../../subgraphs/shop/db/index.ts";

/** Where each of the project's databases keeps its committed migrations (what provisioning applies). */
export const projectMigrations = { shop: shopMigrations, review: reviewMigrations, jobs: jobsMigrations };
