import { createHttpFetcher } from "../../lib/http-fetcher.ts";

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** What each successful call returned, for the caller to check. */
  answers: unknown[];
}

/**
 * Closed-loop load: `concurrency` clients each send their next request as soon as the last one is
 * answered, for `seconds`. Over the project's own keep-alive node:http fetcher, much lighter than `fetch`,
 * so the load generator takes as little CPU from the servers as possible on a small machine.
 */
export async function closedLoop(
  url: string,
  {
    concurrency,
    seconds,
    body,
  }: {
    concurrency: number;
    seconds: number;
    body: () => { payload: string; headers?: Record<string, string> };
  },
): Promise<LoadResult> {
  const post = createHttpFetcher({ maxSockets: concurrency });
  const latencies: number[] = [];
  const answers: unknown[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();

  const client = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        const { payload, headers } = body();
        const response = await post(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: payload,
        });
        const answer = (await response.json()) as { errors?: unknown };
        if (answer.errors) errors++;
        else answers.push(answer);
        latencies.push(performance.now() - begin);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    answers,
  };
}
