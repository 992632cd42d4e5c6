import { type Env, loadEnv } from "./env.ts";
import { createLogger, type Logger } from "./logger.ts";

/** Runs a one-shot command: validated env, a logger, and a clear message and exit code 1 on failure. */
export async function runCommand(name: string, body: (env: Env, log: Logger) => Promise<void>) {
  let log = createLogger(name);
  try {
    const env = loadEnv();
    log = createLogger(name, env.LOG_LEVEL);
    await body(env, log);
  } catch (error) {
    log.error((error as Error).message);
    process.exitCode = 1;
  }
}
