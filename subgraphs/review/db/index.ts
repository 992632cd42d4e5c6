import { fileURLToPath } from "node:url";
import type { Db } from "../../../lib/runtime/database.ts";
import * as schema from "./schema.ts";

export { schema };
export type ReviewDb = Db<typeof schema>;
export const reviewMigrations = fileURLToPath(new URL("./migrations", import.meta.url));
