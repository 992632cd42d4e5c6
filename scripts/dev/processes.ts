import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SecretsEnv } from "../../lib/secrets.ts";
import { SECRET_HEADER } from "../../lib/subgraph-contract.ts";
import { freePort } from "./embedded-postgres.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The project's long-running services, each its own process as in production. */
export const SERVICE_FILES = {
  shop: "subgraphs/shop/server.ts",
  review: "subgraphs/review/server.ts",
  gateway: "gateway/server.ts",
  worker: "jobs/worker.ts",
  dashboard: "dashboard/server.ts",
} as const;

/** Hive Gateway as a process (scripts/dev/hive-gateway.ts), the peer benchmarks compare with. */
export const HIVE_GATEWAY_FILE = "scripts/dev/hive-gateway.ts";

/** The environment variable of each service's metrics port. */
const METRICS_PORTS = {
  shop: "SHOP_METRICS_PORT",
  review: "REVIEW_METRICS_PORT",
  gateway: "GATEWAY_METRICS_PORT",
  worker: "WORKER_METRICS_PORT",
  dashboard: "DASHBOARD_METRICS_PORT",
} as const satisfies Record<keyof typeof SERVICE_FILES, string>;

export interface ServiceProcess {
  child: ChildProcess;
  /** What the process wrote to stdout and stderr so far (its last 200 kB). */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs one of the project's services as its own process. What it writes is kept (and echoed when `echo`
 * is set, as `npm start` does). Its metrics endpoint takes any free port unless `env` names one: several
 * gateways may run at once (benchmarks, the fault suite).
 */
export function spawnService(
  name: keyof typeof SERVICE_FILES,
  env: NodeJS.ProcessEnv,
  options: SpawnOptions = {},
): ServiceProcess {
  return spawnScript(name, SERVICE_FILES[name], { [METRICS_PORTS[name]]: "0", ...env }, options);
}

interface SpawnOptions {
  /** Echo what the process writes, as `npm start` does. */
  echo?: boolean;
  /** Run inside this Linux network namespace, as a host of its own (`ip netns exec`; root only). */
  netns?: string;
}

/** Runs a TypeScript file of the project (`file`, from its root) as its own process, as {@link spawnService}. */
export function spawnScript(
  name: string,
  file: string,
  env: NodeJS.ProcessEnv,
  { echo = false, netns }: SpawnOptions = {},
): ServiceProcess {
  // With CPU_PROFILE_DIR set (`npm run bench -- --profile`), each service writes a V8 CPU profile there
  // when it exits, to show where a figure's time goes.
  const profileDir = process.env.CPU_PROFILE_DIR;
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}/${name}`] : [];
  const command = [process.execPath, ...profile, "--import", "tsx", `${root}${file}`];
  // `ip netns exec` execs the command in place: the child's pid is the service's, for signals.
  const [program, ...args] = netns ? ["ip", "netns", "exec", netns, ...command] : command;
  const child = spawn(program as string, args, {
    env: { ...process.env, ...env },
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (echoTo: NodeJS.WriteStream) => (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    if (echo) echoTo.write(chunk);
  };
  child.stdout?.on("data", keep(process.stdout));
  child.stderr?.on("data", keep(process.stderr));
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

export type GraphService = "shop" | "review" | "gateway";

/**
 * Both subgraphs and the gateway, each its own process on a free loopback port, as in production. A
 * service can be killed and started again on the same port (the fault suite does; the others stay up).
 */
export async function startGraph(
  secrets: SecretsEnv,
  databases: { shop: string; review: string },
  extraEnv: NodeJS.ProcessEnv = {},
) {
  const ports = { shop: await freePort(), review: await freePort(), gateway: await freePort() };
  const env = {
    ...secrets,
    LOG_LEVEL: "warn",
    SHOP_DATABASE_URL: databases.shop,
    REVIEW_DATABASE_URL: databases.review,
    SHOP_PORT: String(ports.shop),
    REVIEW_PORT: String(ports.review),
    GATEWAY_PORT: String(ports.gateway),
    // Benchmarks and the fault suite send thousands of storefront requests a second from one address.
    RATE_LIMIT_PER_SECOND: "0",
    STORE_RATE_LIMIT_PER_SECOND: "0",
    CLICK_MAX_PER_ADDRESS: "0",
    IMPRESSION_MAX_PER_ADDRESS: "0",
    ...extraEnv,
  };
  const urls = {
    shop: `http://127.0.0.1:${ports.shop}/graphql`,
    review: `http://127.0.0.1:${ports.review}/graphql`,
    gateway: `http://127.0.0.1:${ports.gateway}/graphql`,
  };
  const running = new Map<GraphService, ServiceProcess>();
  const start = async (name: GraphService) => {
    const service = spawnService(name, env);
    running.set(name, service);
    await waitForGraphQL(urls[name], service, { headers: { [SECRET_HEADER]: secrets.SUBGRAPH_SECRET } });
  };
  const stop = async () => {
    for (const name of ["gateway", "review", "shop"] as const) await running.get(name)?.kill("SIGTERM");
  };
  try {
    for (const name of ["shop", "review", "gateway"] as const) await start(name);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: urls.gateway,
    urls,
    /** The running process of a service, to look at (has it exited?) or to kill. */
    process: (name: GraphService) => running.get(name) as ServiceProcess,
    /** Starts a service again (after a kill) on its own port, and waits until it answers. */
    start,
    /** Hive Gateway over the same subgraphs, with the header rules (scripts/dev/hive-gateway.ts). */
    async peerGateway() {
      const port = String(await freePort());
      const service = spawnScript("hive", HIVE_GATEWAY_FILE, { ...env, HIVE_PORT: port });
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitForGraphQL(url, service).catch(async (error: unknown) => {
        await service.kill("SIGTERM");
        throw error;
      });
      return { url, stop: () => service.kill("SIGTERM") };
    },
    /** Another gateway over the same subgraphs on a port of its own (say, with another SUBGRAPH_TRANSPORT). */
    async extraGateway(extra: NodeJS.ProcessEnv) {
      const port = String(await freePort());
      const service = spawnService("gateway", { ...env, GATEWAY_PORT: port, ...extra });
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitForGraphQL(url, service).catch(async (error: unknown) => {
        await service.kill("SIGTERM");
        throw error;
      });
      return { url, stop: () => service.kill("SIGTERM") };
    },
    stop,
  };
}
