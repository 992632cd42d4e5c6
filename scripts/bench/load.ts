import { Agent, request } from "node:http";

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
 * answered, for `seconds`, over keep-alive connections (see {@link postJson}).
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
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
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
        const answer = (await postJson(agent, target, payload, headers)) as { errors?: unknown };
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
  agent.destroy();
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

/**
 * POSTs a JSON payload with node:http and parses the JSON answer. The benchmarks' client: much lighter than
 * fetch, so the load generator takes as little CPU from the servers as possible on a small machine.
 */
export function postJson(
  agent: Agent,
  target: URL,
  payload: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
