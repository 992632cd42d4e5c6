/**
 * A process's background loop (a sender working through its outbox): `round` runs again and again from
 * `start()` until `stop()`, which lets the round in flight finish and cuts short any `sleep` it waits in,
 * so a graceful shutdown never waits out a backoff.
 */
export class BackgroundLoop {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly round: () => Promise<void>) {}

  get stopped(): boolean {
    return this.stopping;
  }

  start(): void {
    this.running ??= (async () => {
      while (!this.stopping) await this.round();
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  /** Waits `ms`, or until `stop()`. */
  sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((done) => {
      const timer = setTimeout(done, ms);
      this.wake = () => {
        clearTimeout(timer);
        done();
      };
    });
  }
}
