import { fileURLToPath } from "node:url";
import type { Db } from "../../lib/runtime/database.ts";
import * as schema from "./schema.ts";

export { schema };
export type JobsDb = Db<typeof schema>;
export const jobsMigrations = fileURLToPath(new URL("./migrations", import.meta.url));
