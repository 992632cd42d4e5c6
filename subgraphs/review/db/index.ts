import { fileURLToPath } from "node:url";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema.ts";

export { schema };
export type ReviewDb = PostgresJsDatabase<typeof schema>;
export const reviewMigrations = fileURLToPath(new URL("./migrations", import.meta.url));
