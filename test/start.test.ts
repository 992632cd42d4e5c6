import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { stableId } from "../scripts/demo-data.ts";
import { freePort } from "../scripts/dev/embedded-postgres.ts";
import { eventually } from "./helpers/poll.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("npm start", () => {
  let dataDir: string | undefined;
  afterAll(() => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));

  it("runs the whole system on an embedded PostgreSQL with demo data, restarts a crashed service, and stops it all on SIGTERM", {
    timeout: 180_000,
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), "ldi-start-"));
    await chmod(dataDir, 0o755);
    const [gatewayPort, shopPort, reviewPort, dashboardPort, storefrontPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
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
      DASHBOARD_PORT: String(dashboardPort),
      STOREFRONT_PORT: String(storefrontPort),
    });
    delete env.PUBLIC_URL;
    delete env.DASHBOARD_URL;

    const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], {
      env,
      cwd: root,
    });
    let output = "";
    for (const stream of [child.stdout, child.stderr])
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      await eventually("the banner", () => output.includes("ListDesigner Insights is running"), {
        timeoutMs: 120_000, // a first start builds the dashboard and seeds 13 weeks: slow on a loaded machine
        state: () => output,
      });
      // The banner's dashboard token reads its own demo store, and nothing else.
      const token = /valid 30 days:\s+(\S+)/.exec(output)?.[1];
      const ask = async (
        storeKey: string,
        fields = "name currency widgets { name weeklyClicks products { weeklySales { currency } } }",
      ) => {
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `{ store(id: "${stableId(storeKey)}") { ${fields} } }`,
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

      // The dashboard points browsers at the gateway's actual port, not a fixed default.
      const config = (await (await fetch(`http://127.0.0.1:${dashboardPort}/config.json`)).json()) as {
        graphqlUrl: string;
      };
      expect(config.graphqlUrl).toBe(`http://127.0.0.1:${gatewayPort}/graphql`);

      // The demo storefront's checkout places a real order with the key npm start made for it.
      const storefront = `http://127.0.0.1:${storefrontPort}`;
      const home = await (await fetch(storefront)).text();
      // The tracker with Brooklyn Goods' running holdouts (the demo holds one widget back from 10 %).
      const tracker = /src="(http:\/\/127\.0\.0\.1:\d+\/tracker\.js\?store=[0-9a-f-]{36})"/.exec(home)?.[1];
      expect(tracker).toMatch(new RegExp(`^http://127.0.0.1:${gatewayPort}/tracker.js`));
      const script = await (await fetch(tracker ?? "")).text();
      expect(script).toMatch(/^window\.ListDesignerHoldouts=\{"storeId":"[0-9a-f-]{36}","runs":\[\{"runId"/);
      const product = /data-ld-product="([0-9a-f-]{36})"/.exec(home)?.[1] ?? "";
      const added = await fetch(`${storefront}/cart`, {
        method: "POST",
        body: new URLSearchParams({ product, quantity: "1", ld_click_id: "" }),
      });
      const cookie = added.headers.get("set-cookie")?.split(";")[0] ?? "";
      const placed = await fetch(`${storefront}/checkout`, { method: "POST", headers: { cookie } });
      expect(placed.status, await placed.clone().text()).toBe(200);
      expect(await placed.text()).toContain("None of its lines came from a widget click");

      // One service crashing leaves the others serving, and comes back by itself.
      process.kill(childRunning(child.pid ?? 0, "subgraphs/review/server.ts"), "SIGKILL");
      await eventually("review restarting", () => output.includes("review exited unexpectedly; restarting"), {
        timeoutMs: 10_000,
        state: () => output,
      });
      const whileDown = await ask("store:brooklyn", "name");
      expect(whileDown.data.store).toMatchObject({ name: "Brooklyn Goods" }); // shop's fields still come
      await eventually(
        "review's fields back",
        () =>
          ask("store:brooklyn").then(
            (answer) => answer.data.store?.widgets?.length === 4 && !answer.errors,
            () => false,
          ),
        { timeoutMs: 30_000, state: () => output },
      );
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    // The embedded server was stopped, not left behind: its pid and owner files are gone.
    expect(await readdir(join(dataDir, "postgres"))).not.toContain("postmaster.pid");
    expect(await readdir(dataDir)).not.toContain("postgres.owner");
  });
});

/** The pid of the child process of `parent` running `script`. */
function childRunning(parent: number, script: string): number {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(script))
        return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no child of ${parent} runs ${script}`);
}
