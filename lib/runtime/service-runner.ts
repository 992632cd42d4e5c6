import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { loadEnv } from "../env.ts";
import { createLogger, type Logger } from "../logger.ts";
import { startTracing } from "../tracing.ts";

export interface Running {
  close(): Promise<void>;
}

/** True when `moduleUrl` is the script node was asked to run (so a module can be imported or run). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/**
 * Runs one long-lived service as its own process: validated env, a logger, and a graceful stop on
 * SIGINT/SIGTERM. A start-up failure prints its reason and exits 1.
 */
export async function runService<T extends z.ZodType<{ LOG_LEVEL: string }>>(
  name: string,
  /** The service's own variables (its config.ts): it starts with those and nothing else. */
  schema: T,
  start: (env: z.infer<T>, log: Logger) => Promise<Running>,
) {
  let log = createLogger(name);
  try {
    // Development defaults (generated secrets, introspection, mail to a folder) must never be what a
    // deployment that forgot NODE_ENV gets: a service says which it is or does not start.
    if (!process.env.NODE_ENV)
      throw new Error(
        "NODE_ENV is not set: production for a deployment, development on a machine of your own (npm start sets it)",
      );
    const env = loadEnv(schema);
    log = createLogger(name, env.LOG_LEVEL as Parameters<typeof createLogger>[1]);
    // Traces, when OTEL_TRACES_EXPORTER asks for them; flushed on a graceful stop.
    const tracing = await startTracing(name);
    const running = await start(env, log);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info("stopping", { signal });
      await running.close();
      await tracing?.shutdown();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop("SIGINT"));
    process.on("SIGTERM", () => void stop("SIGTERM"));
  } catch (error) {
    log.error(`failed to start: ${(error as Error).message}`, { error });
    process.exit(1);
  }
}

/** A database URL a service cannot run without. */
export function requireUrl(name: string, url: string | undefined): string {
  if (!url) throw new Error(`${name} is not set (npm start sets it for you; see docs/configuration.md)`);
  return url;
}
