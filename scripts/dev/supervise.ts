import type { Logger } from "../../lib/logger.ts";
import type { ServiceProcess } from "./processes.ts";

export interface SuperviseOptions {
  log: Logger;
  /** The wait before the first restart; each crash soon after a restart doubles it, up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long before it crashed starts again after `initialBackoffMs`. */
  healthyAfterMs?: number;
}

export interface Supervised {
  /** The process running now (a new one after each restart). */
  current(): ServiceProcess;
  /** How many times it was restarted. */
  restarts(): number;
  /** Stops restarting and stops the process, with SIGKILL if it has not exited after `graceMs`. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

/**
 * Keeps one service running as `npm start` does: a process that exits on its own is logged with its exit
 * code or signal and started again after a backoff (1 s, 2 s, 4 s… up to 30 s while it keeps crashing),
 * while the other services keep serving.
 */
export function supervise(
  name: string,
  start: () => ServiceProcess,
  { log, initialBackoffMs = 1_000, maxBackoffMs = 30_000, healthyAfterMs = 60_000 }: SuperviseOptions,
): Supervised {
  let stopped = false;
  let restarts = 0;
  let backoff = initialBackoffMs;
  let timer: NodeJS.Timeout | undefined;
  let service: ServiceProcess;

  const run = () => {
    const startedAt = performance.now();
    service = start();
    service.child.once("exit", (code, signal) => {
      if (stopped) return;
      if (performance.now() - startedAt >= healthyAfterMs) backoff = initialBackoffMs;
      log.error(`${name} exited unexpectedly; restarting`, { code, signal, restartInMs: backoff });
      timer = setTimeout(() => {
        restarts++;
        run();
      }, backoff);
      backoff = Math.min(backoff * 2, maxBackoffMs);
    });
  };
  run();

  return {
    current: () => service,
    restarts: () => restarts,
    async stop(signal, graceMs) {
      stopped = true;
      clearTimeout(timer);
      const kill = setTimeout(() => service.child.kill("SIGKILL"), graceMs);
      await service.kill(signal);
      clearTimeout(kill);
    },
  };
}
