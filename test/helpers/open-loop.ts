/** One request of an open loop: when it left (ms since the loop started), how long it took, and whether it held. */
export interface Outcome {
  at: number;
  ms: number;
  ok: boolean;
}

/**
 * Requests at a steady rate whatever the answers (an open loop, as many visitors are), each with its own
 * latency and outcome: a stalled server meets ever more requests, not ever fewer as with a closed loop.
 */
export function openLoop(perSecond: number, request: () => Promise<{ ok: boolean }>) {
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const timer = setInterval(() => {
    for (let i = 0; i < perSecond / 40; i++) {
      const at = performance.now() - started;
      const call = request()
        .catch(() => ({ ok: false }))
        .then(({ ok }) => void outcomes.push({ at, ms: performance.now() - started - at, ok }));
      pending.add(call);
      void call.finally(() => pending.delete(call));
    }
  }, 25);
  return {
    outcomes,
    elapsed: () => performance.now() - started,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
    },
  };
}
