import { fileURLToPath } from "node:url";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema.ts";

export { schema };
export type ShopDb = PostgresJsDatabase<typeof schema>;
export const shopMigrations = fileURLToPath(new URL("./migrations", import.meta.url));
