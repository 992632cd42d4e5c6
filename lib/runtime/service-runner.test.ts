import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("runService", () => {
  it("refuses to start a service whose NODE_ENV is not set, rather than run with development defaults", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, GATEWAY_PORT: "1" };
    delete env.NODE_ENV;
    const run = spawnSync(process.execPath, ["--import", "tsx", "gateway/server.ts"], {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/NODE_ENV is not set: production for a deployment/);
  });
});
