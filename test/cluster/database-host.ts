import { loadEnv } from "../../lib/env.ts";
import { createLogger } from "../../lib/logger.ts";
import { devEnv } from "../../scripts/dev/env.ts";
import { projectMigrations } from "../../scripts/dev/migrations.ts";
import { provisionDatabases } from "../../scripts/dev/provision.ts";

/**
 * The cluster's database host, run inside its namespace: the embedded PostgreSQL on the host's address
 * (DATABASE_HOST_ADDRESS, letting in DATABASE_CLIENTS, a CIDR; data in DATA_DIR), the three databases migrated and handed to their roles
 * as `npm start` does. Prints their URLs as one JSON line, and stops the server on SIGTERM.
 */
const { DATABASE_HOST_ADDRESS: host, DATABASE_CLIENTS: clients, DATA_DIR } = process.env;
if (!host || !clients || !DATA_DIR) throw new Error("DATABASE_HOST_ADDRESS, DATABASE_CLIENTS and DATA_DIR");
const log = createLogger("database-host", "warn");
const env = loadEnv(devEnv, { DATA_DIR, EMBEDDED_POSTGRES_PORT: "5432" });
const databases = await provisionDatabases(env, log, projectMigrations, { network: { host, clients } });
process.stdout.write(`${JSON.stringify(databases.urls)}\n`);
process.once("SIGTERM", () => void databases.stop().then(() => process.exit(0)));
