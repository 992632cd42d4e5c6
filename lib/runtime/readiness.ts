/** How long one readiness answer is reused: balancers ask every second or more often. */
export const READINESS_CACHE_MS = 1_000;

/**
 * A readiness check asked at most once per {@link READINESS_CACHE_MS} however often `/readyz` is hit: it
 * needs no secret (balancers call it), and each fresh answer costs a statement or a call to every
 * subgraph, so a flood of checks must not drain a pool the real requests need.
 */
export function cachedReadiness<T>(check: () => Promise<T>, now = () => performance.now()): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    if (!last || now() - last.at >= READINESS_CACHE_MS) last = { at: now(), answer: check() };
    return last.answer;
  };
}
