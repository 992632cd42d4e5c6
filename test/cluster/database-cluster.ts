import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chown, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Host } from "./hosts.ts";

const run = promisify(execFile);
const CONFIG = fileURLToPath(new URL("../../deploy/patroni.yml", import.meta.url));
/** Debian's PostgreSQL 15 (the postgresql-15 package), which Patroni runs. */
const BIN_DIR = "/usr/lib/postgresql/15/bin";
const PORTS = { postgres: 5432, patroni: 8008, etcdClient: 2379, etcdPeer: 2380 };

/**
 * What the database cluster needs that is missing on this machine (Debian's patroni, etcd-server and
 * postgresql-15 packages); undefined when all are there.
 */
export async function databaseClusterMissing(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const [command, pkg] of [
    ["patroni", "patroni"],
    ["etcd", "etcd-server"],
    [join(BIN_DIR, "postgres"), "postgresql-15"],
  ])
    await run(command as string, ["--version"]).catch(() => missing.push(pkg as string));
  return missing.length ? `Debian packages missing: ${missing.join(", ")}` : undefined;
}

/** A database host's role as its Patroni REST API says (`GET /patroni`): primary, replica, or unreachable. */
export type DatabaseRole = "primary" | "replica" | "starting" | "unreachable";

/**
 * The reference deployment's database hosts: on each, an etcd member and PostgreSQL 15 under Patroni
 * (deploy/patroni.yml, with the host's own values in Patroni's environment variables), run inside the
 * host's namespace. Patroni runs as the postgres user, with its own /var/run/postgresql (a bind mount in
 * the host's mount namespace), as if each host had its own disk: this process reaches each server's
 * socket there, whatever the state of the host's link.
 */
export function databaseCluster(
  hosts: Host[],
  folder: string,
  passwords: { superuser: string; replication: string },
) {
  const logs = new Map<string, string>();
  const etcdHosts = hosts.map((host) => `${host.address}:${PORTS.etcdClient}`).join(",");
  const initialCluster = hosts
    .map((host) => `${host.name}=http://${host.address}:${PORTS.etcdPeer}`)
    .join(",");
  const socketDir = (host: Host) => join(folder, host.name, "run");

  const keep = (host: Host, child: ChildProcess) => {
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk: Buffer) => {
        logs.set(host.name, ((logs.get(host.name) ?? "") + chunk.toString()).slice(-30_000));
      });
  };

  /** Starts the host's etcd member and Patroni (again, after a kill: both keep their data). */
  const start = async (host: Host) => {
    const dir = join(folder, host.name);
    const { uid, gid } = await postgresIds();
    for (const sub of ["run", "data"]) {
      await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
      await chown(join(dir, sub), uid, gid);
    }
    await chown(dir, uid, gid);
    const url = (port: number) => `http://${host.address}:${port}`;
    keep(
      host,
      spawn(
        "ip",
        [
          "netns",
          "exec",
          host.netns,
          "etcd",
          `--name=${host.name}`,
          `--data-dir=${join(dir, "etcd")}`,
          `--listen-client-urls=${url(PORTS.etcdClient)}`,
          `--advertise-client-urls=${url(PORTS.etcdClient)}`,
          `--listen-peer-urls=${url(PORTS.etcdPeer)}`,
          `--initial-advertise-peer-urls=${url(PORTS.etcdPeer)}`,
          `--initial-cluster=${initialCluster}`,
          "--initial-cluster-token=listdesigner",
          "--initial-cluster-state=new",
          "--log-level=warn",
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      ),
    );
    keep(
      host,
      spawn(
        "ip",
        [
          "netns",
          "exec",
          host.netns,
          "sh",
          "-c",
          'mount --bind "$1" /var/run/postgresql && exec runuser -u postgres -- patroni "$2"',
          "patroni",
          socketDir(host),
          CONFIG,
        ],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            PATH: process.env.PATH,
            PATRONI_NAME: host.name,
            PATRONI_RESTAPI_LISTEN: `${host.address}:${PORTS.patroni}`,
            PATRONI_RESTAPI_CONNECT_ADDRESS: `${host.address}:${PORTS.patroni}`,
            PATRONI_POSTGRESQL_LISTEN: `${host.address}:${PORTS.postgres}`,
            PATRONI_POSTGRESQL_CONNECT_ADDRESS: `${host.address}:${PORTS.postgres}`,
            PATRONI_POSTGRESQL_DATA_DIR: join(dir, "data", "15"),
            PATRONI_POSTGRESQL_BIN_DIR: BIN_DIR,
            PATRONI_ETCD3_HOSTS: etcdHosts,
            PATRONI_SUPERUSER_PASSWORD: passwords.superuser,
            PATRONI_REPLICATION_PASSWORD: passwords.replication,
            PATRONI_LOG_LEVEL: "WARNING",
          },
        },
      ),
    );
  };

  /** The host's role, from its Patroni REST API (a second's deadline: an isolated host is unreachable). */
  const role = async (host: Host): Promise<DatabaseRole> => {
    const answer = await fetch(`http://${host.address}:${PORTS.patroni}/patroni`, {
      signal: AbortSignal.timeout(1_000),
    }).catch(() => undefined);
    if (!answer) return "unreachable";
    const { role: named, state } = (await answer.json()) as { role?: string; state?: string };
    if (state !== "running") return "starting";
    return named === "master" || named === "primary" ? "primary" : "replica";
  };

  /**
   * One statement on the host's own server over its local socket, as the postgres user: answers whatever
   * the state of the host's link (undefined when the server does not answer within 2 s).
   */
  const psql = async (host: Host, database: string, statement: string): Promise<string | undefined> => {
    const answer = await run(
      "runuser",
      [
        "-u",
        "postgres",
        "--",
        "psql",
        "-h",
        socketDir(host),
        "-p",
        String(PORTS.postgres),
        "-d",
        database,
      ].concat(["-Atc", statement]),
      { timeout: 2_000 },
    ).catch(() => undefined);
    return answer?.stdout.trim();
  };

  return {
    start,
    role,
    psql,
    /** Whether the host's server would take a write now (undefined: it does not answer). */
    async acceptsWrites(host: Host): Promise<boolean | undefined> {
      const recovering = await psql(host, "postgres", "select pg_is_in_recovery()");
      return recovering === "f" ? true : recovering === "t" ? false : undefined;
    },
    /** Whether the host is the primary's synchronous standby now (Patroni's `GET /sync`). */
    async isSynchronousStandby(host: Host): Promise<boolean> {
      const answer = await fetch(`http://${host.address}:${PORTS.patroni}/sync`, {
        signal: AbortSignal.timeout(1_000),
      }).catch(() => undefined);
      return answer?.status === 200;
    },
    /** Whichever host Patroni calls the primary now. */
    async primary(): Promise<Host | undefined> {
      const roles = await Promise.all(hosts.map(role));
      return hosts[roles.indexOf("primary")];
    },
    /** The last lines etcd and Patroni wrote on each host, for a failed wait's message. */
    output: () => [...logs.entries()].map(([name, log]) => `--- ${name}\n${log.slice(-3_000)}`).join("\n"),
    /** The superuser's URL of a database through `address` (HAProxy's primary port). */
    superuserUrl: (address: string, database = "postgres") =>
      `postgres://postgres:${encodeURIComponent(passwords.superuser)}@${address}/${database}`,
  };
}

export type DatabaseCluster = ReturnType<typeof databaseCluster>;

async function postgresIds() {
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
