import { PostgresBackend } from "@agendajs/postgres-backend";
import { Agenda } from "agenda";
import type { Logger } from "../lib/logger.ts";
import { isMain, requireUrl, runService } from "../lib/service.ts";

export interface WorkerOptions {
  databaseUrl: string;
  log: Logger;
}

/**
 * The Agenda worker on the `jobs` database. Job definitions (the weekly report dispatcher and sender) are
 * registered here as they are built; until then it only owns Agenda's table and its processing loop.
 */
export async function startWorker({ databaseUrl, log }: WorkerOptions) {
  const agenda = new Agenda({ backend: new PostgresBackend({ connectionString: databaseUrl }) });
  agenda.on("error", (error: Error) => log.error("agenda error", { error }));
  // start() (not just `ready`) so this process is told about new jobs.
  await agenda.start();
  log.info("worker ready");
  return {
    async close() {
      await agenda.stop();
    },
  };
}

if (isMain(import.meta.url)) {
  await runService("worker", (env, log) =>
    startWorker({ databaseUrl: requireUrl(env, "JOBS_DATABASE_URL"), log }),
  );
}
