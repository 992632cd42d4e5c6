import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The project's long-running services, each its own process as in production. */
export const SERVICE_FILES = {
  shop: "subgraphs/shop/server.ts",
  review: "subgraphs/review/server.ts",
  gateway: "gateway/server.ts",
  worker: "jobs/worker.ts",
} as const;

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs one of the project's services as its own process. Its stderr is kept (and echoed when `echo` is
 * set, as `npm start` does).
 */
export function spawnService(
  name: keyof typeof SERVICE_FILES,
  env: NodeJS.ProcessEnv,
  { echo = false }: { echo?: boolean } = {},
): ServiceProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `${root}${SERVICE_FILES[name]}`], {
    env: { ...process.env, ...env },
    cwd: root,
    stdio: ["ignore", "inherit", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (echo) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits until a GraphQL endpoint answers `{ __typename }` (subgraphs want their secret in `headers`). */
export async function waitForGraphQL(
  url: string,
  service: ServiceProcess,
  { headers = {}, timeoutMs = 30_000 }: { headers?: Record<string, string>; timeoutMs?: number } = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`service exited early:\n${service.output()}`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${service.output()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
