import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

const CONFIG = fileURLToPath(new URL("../../deploy/haproxy.cfg", import.meta.url));

/** One server of a pool as the balancer sees it. */
export interface ServerState {
  pool: string;
  server: string;
  /** UP, DOWN, MAINT, or a transition such as "UP 1/2". */
  status: string;
}

/**
 * HAProxy in the foreground inside a host's namespace, on the repository's reference configuration
 * (deploy/haproxy.cfg) with the addresses in `env`, and a client of its runtime API (the stats socket).
 */
export function startHaproxy(netns: string, env: Record<string, string> & { HAPROXY_STATS_SOCKET: string }) {
  const child: ChildProcess = spawn("ip", ["netns", "exec", netns, "haproxy", "-db", "-f", CONFIG], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-50_000);
    });

  /** Sends one command to the runtime API and returns its answer. */
  const command = (line: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(env.HAPROXY_STATS_SOCKET);
      let answer = "";
      socket.on("data", (chunk) => {
        answer += chunk.toString();
      });
      socket.on("end", () => resolve(answer));
      socket.on("error", reject);
      socket.end(`${line}\n`);
    });

  return {
    child,
    output: () => output,
    command,
    /** Every server of every pool, from `show stat`. */
    async servers(): Promise<ServerState[]> {
      const [header, ...rows] = (await command("show stat")).trim().split("\n");
      const columns = (header ?? "").replace(/^# /, "").split(",");
      const at = (name: string) => columns.indexOf(name);
      return rows
        .map((row) => row.split(","))
        .filter((cells) => !["FRONTEND", "BACKEND"].includes(cells[at("svname")] ?? ""))
        .map((cells) => ({
          pool: cells[at("pxname")] ?? "",
          server: cells[at("svname")] ?? "",
          status: cells[at("status")] ?? "",
        }));
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export type Haproxy = ReturnType<typeof startHaproxy>;
