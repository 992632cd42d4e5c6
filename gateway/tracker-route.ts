import { createHash } from "node:crypto";
import { BoundedCache } from "../lib/bounded-cache.ts";
import type { Logger } from "../lib/logger.ts";
import { type Routes, sendJson } from "../lib/transport/http-server.ts";
import { bundleTracker, type TrackerBundle } from "../tracker/bundle.ts";
import type { HoldoutConfig } from "../tracker/holdouts.ts";

/** How long a store's running holdouts are kept here, and by browsers: a change reaches pages within it. */
const HOLDOUTS_CACHE_MS = 30_000;
const MAX_CACHED_STORES = 10_000;
const STORE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /tracker.js` (a classic script) and `GET /tracker.mjs` (an ES module): any storefront may load them
 * (CORS `*`), caches keep them an hour and then revalidate with the ETag (a 304 costs a few bytes).
 * `GET /tracker.js?store=<id>` is the same script with the store's running holdouts before it
 * (`window.ListDesignerHoldouts`), kept 30 s; if they cannot be read now, the script comes without them
 * (every browser sees every widget), kept 10 s.
 */
export async function trackerRoutes(
  runningHoldouts: (storeId: string) => Promise<HoldoutConfig["runs"]>,
  log: Logger,
): Promise<Routes> {
  const iife = await bundleTracker("iife");
  const cache = new BoundedCache<Promise<HoldoutConfig["runs"]>>(MAX_CACHED_STORES);
  const holdoutsOf = (storeId: string) => {
    const now = performance.now();
    let runs = cache.get(storeId, now);
    if (!runs) {
      runs = runningHoldouts(storeId);
      cache.set(storeId, runs, now + HOLDOUTS_CACHE_MS);
      runs.catch(() => cache.set(storeId, Promise.resolve([]), 0));
    }
    return runs;
  };
  const serve =
    (bundle: TrackerBundle, maxAgeSeconds = 3600, code = bundle.code, etag = bundle.etag): Routes[string] =>
    (req, res) => {
      const headers = {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": `public, max-age=${maxAgeSeconds}, must-revalidate`,
        "access-control-allow-origin": "*",
        "cross-origin-resource-policy": "cross-origin",
        "x-content-type-options": "nosniff",
        etag,
      };
      if (req.headers["if-none-match"] === etag) return void res.writeHead(304, headers).end();
      res.writeHead(200, headers).end(code);
    };
  return {
    "GET /tracker.js": async (req, res) => {
      const storeId = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").get("store");
      if (storeId === null) return serve(iife)(req, res);
      if (!STORE_ID.test(storeId)) return sendJson(res, 400, { error: "store must be a store id" });
      let runs: HoldoutConfig["runs"] = [];
      let maxAge = HOLDOUTS_CACHE_MS / 1000;
      try {
        runs = await holdoutsOf(storeId.toLowerCase());
      } catch (error) {
        log.warn("running holdouts not read; the tracker goes without them", {
          storeId,
          reason: (error as Error).message,
        });
        maxAge = 10;
      }
      const config = JSON.stringify({ storeId, runs } satisfies HoldoutConfig);
      const etag = `"${createHash("sha256").update(`${iife.etag}${config}`).digest("base64url").slice(0, 22)}"`;
      return serve(iife, maxAge, `window.ListDesignerHoldouts=${config};\n${iife.code}`, etag)(req, res);
    },
    "GET /tracker.mjs": serve(await bundleTracker("esm")),
  };
}
