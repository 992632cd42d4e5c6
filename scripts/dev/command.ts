import { loadEnv } from "../../lib/env.ts";
import { createLogger, type Logger } from "../../lib/logger.ts";
import { type DevEnv, devEnv } from "./env.ts";

/** Runs a one-shot command: validated env, a logger, and a clear message and exit code 1 on failure. */
export async function runCommand(name: string, body: (env: DevEnv, log: Logger) => Promise<void>) {
  let log = createLogger(name);
  // Development tools run on a machine of one's own; the services they start inherit this.
  process.env.NODE_ENV ??= "development";
  try {
    const env = loadEnv(devEnv);
    log = createLogger(name, env.LOG_LEVEL);
    await body(env, log);
  } catch (error) {
    log.error((error as Error).message);
    process.exitCode = 1;
  }
}

/**
 * A progress bar on stderr, redrawn in place: `label [########----------] 412/1000`. Where stderr is not a
 * terminal (CI logs) it prints a line at each tenth instead of redrawing.
 */
export function progressBar(total: number, label = "") {
  let done = 0;
  let lastTenth = -1;
  const prefix = label ? `${label} ` : "";
  const draw = () => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `${prefix}[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth !== lastTenth) process.stderr.write(`${line}\n`);
      lastTenth = tenth;
    }
  };
  draw();
  return {
    tick(count = 1) {
      done += count;
      draw();
    },
    done: () => {
      if (process.stderr.isTTY) process.stderr.write("\n");
    },
  };
}
