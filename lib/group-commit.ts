export interface GroupCommitOptions {
  /** Most items written together; 1 writes each item on its own. */
  maxBatch: number;
  /** How long the first item of a batch waits for company, in milliseconds. */
  flushMs: number;
  /**
   * Most writes in flight at once. While they run, new items queue up and go out together as soon as one
   * finishes, so batches grow with the load instead of each write carrying a timer's worth of items.
   */
  maxConcurrentWrites: number;
  /** Most items waiting; more are refused at once (default 10,000): memory stays bounded in a stall. */
  maxQueued?: number;
  /** An item that waited this long for a write is refused rather than written late (default 5 s). */
  maxWaitMs?: number;
  /**
   * Submitters of a write that has not finished after this long are answered with an error (default
   * 5 s). The write may still commit later: a submitter is never told "done" for it, and retries of
   * idempotent items find it done.
   */
  writeTimeoutMs?: number;
  /** Told of every batch written (its size and how long the write took) and every write refused. */
  observer?: { batch(size: number, seconds: number): void; shed(): void };
}

/** The writer is overloaded or stalled: nothing was acknowledged, try again shortly. */
export class OverloadedError extends Error {
  override name = "OverloadedError";
}

interface Pending<In, Out> {
  item: In;
  queuedAt: number;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted close together are written by one call of `write`, and each submitter is
 * answered only when that call has finished (for a database write: after its commit). A batch that fails
 * fails every submitter in it, so nobody is ever told "done" for work that was not done.
 */
export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly write: (items: In[]) => Promise<Out[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** When the writer last refused work (queue full, waited too long, or a write past its deadline). */
  lastOverloadAt = Number.NEGATIVE_INFINITY;

  /** Writes waiting for a batch. */
  get queued(): number {
    return this.queue.length;
  }

  /** Notes a refusal: when it happened (for readiness) and the observer. */
  private shed() {
    this.lastOverloadAt = performance.now();
    this.options.observer?.shed();
  }

  /** Writes in flight past their deadline: the database has stopped answering them. */
  private stuck = 0;

  /**
   * Whether the breaker is open: every write slot holds a write past its deadline, so whatever queued now
   * could only wait out its own deadline, holding memory here and in every caller. It closes by itself
   * as soon as one of those writes settles (the database answers again): they are the probes.
   */
  get open(): boolean {
    return this.stuck >= this.options.maxConcurrentWrites;
  }

  submit(item: In): Promise<Out> {
    if (this.open) {
      this.shed();
      return Promise.reject(new OverloadedError("the database is not answering writes"));
    }
    if (this.queue.length >= (this.options.maxQueued ?? 10_000)) {
      this.shed();
      return Promise.reject(new OverloadedError(`${this.queue.length} writes are already waiting`));
    }
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, queuedAt: performance.now(), resolve, reject });
      // While every write slot is stuck (a stalled database), nothing flushes: waiting items still get
      // their answer after maxWaitMs.
      this.scheduleExpiry();
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
    });
  }

  /** Writes what is queued and waits for every write in flight: call before shutting down. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.flush();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private expiry: NodeJS.Timeout | undefined;

  private scheduleExpiry() {
    if (this.expiry) return;
    this.expiry = setTimeout(() => {
      this.expiry = undefined;
      this.rejectStale();
      if (this.queue.length > 0) this.scheduleExpiry();
    }, this.options.maxWaitMs ?? 5_000);
    this.expiry.unref();
  }

  /** Refuses items that waited longer than maxWaitMs rather than writing them late. */
  private rejectStale() {
    const now = performance.now();
    const stale = now - (this.options.maxWaitMs ?? 5_000);
    while (this.queue[0] && this.queue[0].queuedAt < stale) {
      this.shed();
      this.queue.shift()?.reject(new OverloadedError("waited too long for a write"));
    }
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    // At the limit, the queue waits for a running write to finish; that write flushes it.
    if (this.inFlight.size >= this.options.maxConcurrentWrites) return;
    this.rejectStale();
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    let late = false;
    const deadline = setTimeout(() => {
      late = true;
      this.stuck++;
      for (const pending of batch) {
        this.shed();
        pending.reject(new OverloadedError("the write did not finish in time"));
      }
      // Nothing queued behind a stuck database is worth keeping for its whole wait.
      if (this.open)
        for (const pending of this.queue.splice(0))
          pending.reject(new OverloadedError("the database is not answering writes"));
    }, this.options.writeTimeoutMs ?? 5_000);
    // A promise settles once: submitters already answered by the deadline are not answered again.
    const started = performance.now();
    const done = this.write(batch.map((pending) => pending.item)).then(
      (outs) => {
        this.options.observer?.batch(batch.length, (performance.now() - started) / 1000);
        batch.forEach((pending, index) => {
          pending.resolve(outs[index] as Out);
        });
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    );
    void done.finally(() => {
      clearTimeout(deadline);
      if (late) this.stuck--;
    });
    this.inFlight.add(done);
    void done.finally(() => {
      this.inFlight.delete(done);
      if (this.queue.length > 0) this.flush();
    });
    if (this.queue.length >= this.options.maxBatch) this.flush();
  }
}
