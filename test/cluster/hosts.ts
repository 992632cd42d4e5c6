import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const ip = (...args: string[]) => run("ip", args);

/** The bridge every host hangs on, and this process's own address on it (the control host's). */
const BRIDGE = "ldc-br";
const SUBNET = "10.88.0";
export const CONTROL_ADDRESS = `${SUBNET}.1`;
export const CLUSTER_CIDR = `${SUBNET}.0/24`;

export interface Host {
  name: string;
  /** Its network namespace (`ip netns exec <netns> ...`). */
  netns: string;
  address: string;
}

/**
 * Whether this process may make network namespaces (root, with `ip` at hand); the reason when not. The
 * check makes and removes one namespace: the capability is what matters, not the user id.
 */
export async function namespacesUnavailable(): Promise<string | undefined> {
  try {
    await ip("netns", "add", "ldc-probe");
    await ip("netns", "del", "ldc-probe");
    return undefined;
  } catch (error) {
    return (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
  }
}

/**
 * Hosts as Linux network namespaces on one bridge (10.88.0.0/24, no route out of it): each has its own
 * loopback, its address (`10.88.0.<n>`) and any `extra` addresses. The bridge's own address is this
 * process's, which seeds and checks the databases and plays the mail provider. What an earlier run left
 * behind is removed first.
 */
export async function createHosts(
  hosts: Record<string, { n: number; extra?: number[] }>,
): Promise<{ hosts: Record<string, Host>; remove(): Promise<void> }> {
  const names = Object.keys(hosts);
  const remove = async () => {
    for (const name of names) {
      // A namespace outlives its deletion while a process runs in it: stop what a killed run left.
      await killHost(`ldc-${name}`);
      await ip("netns", "del", `ldc-${name}`).catch(() => undefined);
      // A namespace lives on while a socket of it lingers (a connection closing), and keeps its link:
      // deleting the bridge's end of the pair deletes both.
      await ip("link", "del", `ldc-${name}`).catch(() => undefined);
    }
    await ip("link", "del", BRIDGE).catch(() => undefined);
  };
  await remove();
  await ip("link", "add", BRIDGE, "type", "bridge");
  await ip("addr", "add", `${CONTROL_ADDRESS}/24`, "dev", BRIDGE);
  await ip("link", "set", BRIDGE, "up");
  const made: Record<string, Host> = {};
  for (const [name, { n, extra = [] }] of Object.entries(hosts)) {
    const netns = `ldc-${name}`;
    await ip("netns", "add", netns);
    // The host's end is eth0 inside its namespace; the bridge's end keeps the namespace's name.
    await ip("link", "add", netns, "type", "veth", "peer", "name", "eth0", "netns", netns);
    await ip("link", "set", netns, "master", BRIDGE, "up");
    for (const address of [n, ...extra])
      await ip("-n", netns, "addr", "add", `${SUBNET}.${address}/24`, "dev", "eth0");
    await ip("-n", netns, "link", "set", "eth0", "up");
    await ip("-n", netns, "link", "set", "lo", "up");
    made[name] = { name, netns, address: `${SUBNET}.${n}` };
  }
  return { hosts: made, remove };
}

/**
 * The loss of a host: SIGKILL to every process in its namespace at once (a database host's PostgreSQL,
 * Patroni and etcd member alike), as a power cut would stop them. Returns how many there were.
 */
export async function killHost(netns: string): Promise<number> {
  const { stdout } = await ip("netns", "pids", netns).catch(() => ({ stdout: "" }));
  const pids = stdout.split("\n").filter(Boolean);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone already
    }
  }
  return pids.length;
}

/** Cuts a host off the network (its link down) or puts it back: its processes keep running. */
export async function setLink(host: Host, state: "up" | "down") {
  await ip("-n", host.netns, "link", "set", "eth0", state);
}

export const addressOf = (n: number) => `${SUBNET}.${n}`;
