import { spawn } from "node:child_process";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { stableId } from "../scripts/demo-data.ts";
import { freePort } from "../scripts/dev/embedded-postgres.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("npm start", () => {
  let dataDir: string | undefined;
  afterAll(() => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));

  it("runs the whole system on an embedded PostgreSQL with demo data and stops it all on SIGTERM", {
    timeout: 90_000,
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), "ldi-start-"));
    await chmod(dataDir, 0o755);
    const [gatewayPort, shopPort, reviewPort] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn" };
    for (const name of [
      "SHOP_DATABASE_URL",
      "REVIEW_DATABASE_URL",
      "JOBS_DATABASE_URL",
      "EMBEDDED_POSTGRES_PORT",
    ])
      delete env[name];
    Object.assign(env, {
      GATEWAY_PORT: String(gatewayPort),
      SHOP_PORT: String(shopPort),
      REVIEW_PORT: String(reviewPort),
    });

    const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], {
      env,
      cwd: root,
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      await waitFor(
        () => output.includes("ListDesigner Insights is running"),
        60_000,
        () => output,
      );
      // The banner's dashboard token reads its own demo store, and nothing else.
      const token = /valid 30 days:\s+(\S+)/.exec(output)?.[1];
      const ask = async (storeKey: string) => {
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `{ store(id: "${stableId(storeKey)}") { name currency widgets { name weeklyClicks products { weeklySales { currency } } } } }`,
          }),
        });
        return (await response.json()) as {
          data: { store: { name: string; currency: string; widgets: unknown[] } | null };
          errors?: { extensions: { code: string } }[];
        };
      };
      const own = await ask("store:brooklyn");
      expect(own.data.store).toMatchObject({ name: "Brooklyn Goods", currency: "USD" });
      expect(own.data.store?.widgets).toHaveLength(4);
      const other = await ask("store:seoul");
      expect(other.data.store).toBeNull();
      expect(other.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    // The embedded server was stopped, not left behind: its pid and owner files are gone.
    expect(await readdir(join(dataDir, "postgres"))).not.toContain("postmaster.pid");
    expect(await readdir(dataDir)).not.toContain("postgres.owner");
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number, describeState: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describeState()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
