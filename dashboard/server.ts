import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Counter } from "prom-client";
import { publicUrl } from "../lib/env.ts";
import type { Logger } from "../lib/logger.ts";
import { createRegistry, serveMetrics } from "../lib/metrics.ts";
import { isMain, runService } from "../lib/runtime/service-runner.ts";
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from "../lib/transport/http-server.ts";
import { dashboardEnv } from "./config.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
export const DIST = join(here, "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** Whether `dist/` is missing or older than anything it is built from. */
export async function dashboardIsStale(): Promise<boolean> {
  const built = await stat(join(DIST, "index.html")).catch(() => null);
  if (!built) return true;
  const sources = [join(here, "index.html"), join(here, "vite.config.ts")];
  for (const entry of await readdir(join(here, "src"), { recursive: true, withFileTypes: true }))
    if (entry.isFile()) sources.push(join(entry.parentPath, entry.name));
  for (const source of sources) if ((await stat(source)).mtimeMs > built.mtimeMs) return true;
  return false;
}

/** Builds the app with Vite (a development dependency: production deploys ship a built `dist/`). */
export async function buildDashboard(log: Logger): Promise<void> {
  const { build } = await import("vite");
  const started = Date.now();
  await build({ configFile: join(here, "vite.config.ts") });
  log.info("dashboard built", { ms: Date.now() - started });
}

export interface DashboardOptions {
  host: string;
  port: number;
  /** The gateway's GraphQL endpoint as a browser reaches it. */
  graphqlUrl: string;
  log: Logger;
  /** Where `/metrics` is served (DASHBOARD_METRICS_PORT; default: nowhere): pages served by outcome. */
  metricsPort?: number | null;
  metricsHost?: string;
}

/**
 * Serves the built dashboard: hashed assets cached for good, `index.html` for every page of the app, and
 * `/config.json` with the gateway's address. The token travels in the URL fragment and in the page's own
 * requests to the gateway, so it never reaches this server (nor its log).
 */
export async function startDashboard(options: DashboardOptions) {
  const config = JSON.stringify({ graphqlUrl: options.graphqlUrl });
  const gatewayOrigin = new URL(options.graphqlUrl).origin;
  const headers = {
    "content-security-policy": `default-src 'self'; connect-src 'self' ${gatewayOrigin}; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'`,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
  const send = async (res: ServerResponse, file: string, cache: string) => {
    const body = await readFile(file);
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    res.writeHead(200, {
      ...headers,
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": cache,
      etag,
    });
    res.end(body);
  };
  const registry = createRegistry("dashboard", options.metricsPort ?? null);
  const served =
    registry &&
    new Counter({
      name: "dashboard_http_responses_total",
      help: "Answers of the dashboard's server by status class (2xx, 3xx, 4xx, 5xx)",
      labelNames: ["status"],
      registers: [registry],
    });
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (served) res.once("finish", () => served.inc({ status: `${Math.floor(res.statusCode / 100)}xx` }));
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, headers).end();
      if (path === "/config.json") {
        res.writeHead(200, { ...headers, "content-type": "application/json", "cache-control": "no-cache" });
        return void res.end(config);
      }
      if (path === "/healthz") return void res.writeHead(200, headers).end("ok");
      if (/^\/assets\/[\w.-]+$/.test(path))
        return await send(res, join(DIST, path), "public, max-age=31536000, immutable");
      if (path === "/" || path.startsWith("/stores/"))
        return await send(res, join(DIST, "index.html"), "no-cache");
      res.writeHead(404, { ...headers, "content-type": "text/plain" }).end("Not found");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return void res.writeHead(404, { ...headers, "content-type": "text/plain" }).end("Not found");
      options.log.error("dashboard request failed", { path, error });
      res.writeHead(500, headers).end();
    }
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, options.host, done);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host}:${address.port}`;
  const metricsEndpoint = await serveMetrics(registry, {
    host: options.metricsHost ?? "127.0.0.1",
    port: options.metricsPort ?? null,
    log: options.log,
  });
  options.log.info("dashboard ready", { url });
  return {
    url,
    async close() {
      await metricsEndpoint?.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

if (isMain(import.meta.url)) {
  await runService("dashboard", dashboardEnv, async (env, log) => {
    if (await dashboardIsStale()) await buildDashboard(log);
    return startDashboard({
      host: env.DASHBOARD_HOST,
      port: env.DASHBOARD_PORT,
      graphqlUrl: `${publicUrl(env)}/graphql`,
      metricsPort: env.DASHBOARD_METRICS_PORT,
      metricsHost: env.METRICS_HOST,
      log,
    });
  });
}
