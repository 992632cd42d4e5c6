import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createLogger } from "../lib/logger.ts";
import { startEmbeddedPostgres } from "../scripts/dev/embedded-postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL server on which each suite creates its own databases. */
    databaseServerUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run: `TEST_DATABASE_URL` if set, otherwise an embedded one in a
 * temporary folder on a free port (5432 may already be taken by a system server).
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("databaseServerUrl", external);
    return;
  }
  const folder = await mkdtemp(join(tmpdir(), "ldi-test-"));
  await chmod(folder, 0o755); // the postgres user must traverse it when tests run as root
  const server = await startEmbeddedPostgres({
    dir: join(folder, "postgres"),
    log: createLogger("test-postgres", "warn"),
    // Shared by every suite at once: see scripts/dev/real-clock.ts.
    realClock: true,
  });
  project.provide("databaseServerUrl", server.url("postgres"));
  return async () => {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  };
}
