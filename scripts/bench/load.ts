import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";

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
 * Calls `call(0)`, `call(1)`, ... one at a time for `seconds`: a service just started runs slower for its
 * first seconds (see BenchContext.warmUpSeconds), which no figure should include.
 */
export async function warmUp(seconds: number, call: (i: number) => Promise<unknown>): Promise<void> {
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) await call(i);
}

/**
 * Closed-loop load: `concurrency` clients each send their next request as soon as the last one is
 * answered, for `seconds`. Each client is one keep-alive connection speaking just enough HTTP/1.1 (see
 * {@link KeepAliveConnection}): the load generator shares the machine's two cores with the services it
 * measures, and node:http's client took about two and a half times the CPU per request.
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
  const target = new URL(url);
  const latencies: number[] = [];
  const answers: unknown[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();

  const client = async () => {
    let connection: KeepAliveConnection | undefined;
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        connection ??= await KeepAliveConnection.open(target);
        const { payload, headers } = body();
        const text = await connection.post(payload, headers ?? {});
        const answer = JSON.parse(text) as { errors?: unknown };
        if (answer.errors) errors++;
        else answers.push(answer);
        latencies.push(performance.now() - begin);
      } catch {
        errors++;
        connection?.close();
        connection = undefined;
      }
    }
    connection?.close();
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

/**
 * One keep-alive HTTP/1.1 connection that POSTs JSON and reads answers with a `Content-Length` (what our
 * servers send), one request at a time: a request is a single socket write and an answer is parsed from
 * the bytes as they come, with none of node:http's per-request objects.
 */
class KeepAliveConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (body: string) => void; reject: (error: Error) => void } | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly target: URL,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.received(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("connection closed")));
  }

  static open(target: URL): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(target.port), target.hostname, () => {
        socket.off("error", reject);
        resolve(new KeepAliveConnection(socket, target));
      });
      socket.once("error", reject);
    });
  }

  post(payload: string, headers: Record<string, string>): Promise<string> {
    const extra = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(
        `POST ${this.target.pathname} HTTP/1.1\r\nhost: ${this.target.host}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n${extra}\r\n${payload}`,
      );
    });
  }

  close() {
    this.socket.destroy();
  }

  private received(chunk: Buffer) {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const head = this.buffered.toString("latin1", 0, headerEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    if (length === undefined) return this.fail(new Error(`answer without content-length: ${head}`));
    const end = headerEnd + 4 + Number(length);
    if (this.buffered.length < end) return;
    const body = this.buffered.toString("utf8", headerEnd + 4, end);
    this.buffered = this.buffered.subarray(end);
    const waiting = this.waiting;
    this.waiting = undefined;
    const status = Number(head.slice(9, 12));
    if (status >= 200 && status < 300) waiting?.resolve(body);
    else waiting?.reject(new Error(`HTTP ${status}: ${body.slice(0, 200)}`));
  }

  private fail(error: Error) {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const CLOCK_TICKS = 100;
