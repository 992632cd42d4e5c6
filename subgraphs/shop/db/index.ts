import { fileURLToPath } from "node:url";
import type { Db } from "../../../lib/runtime/database.ts";
import * as schema from "./schema.ts";

export { schema };
export type ShopDb = Db<typeof schema>;
export const shopMigrations = fileURLToPath(new URL("./migrations", import.meta.url));
