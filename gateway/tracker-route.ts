import type { Routes } from "../lib/transport/http-server.ts";
import { bundleTracker, type TrackerBundle } from "../tracker/bundle.ts";

/**
 * `GET /tracker.js` (a classic script) and `GET /tracker.mjs` (an ES module): any storefront may load them
 * (CORS `*`), caches keep them an hour and then revalidate with the ETag (a 304 costs a few bytes).
 */
export async function trackerRoutes(): Promise<Routes> {
  const serve =
    (bundle: TrackerBundle): Routes[string] =>
    (req, res) => {
      const headers = {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=3600, must-revalidate",
        "access-control-allow-origin": "*",
        "cross-origin-resource-policy": "cross-origin",
        "x-content-type-options": "nosniff",
        etag: bundle.etag,
      };
      if (req.headers["if-none-match"] === bundle.etag) return void res.writeHead(304, headers).end();
      res.writeHead(200, headers).end(bundle.code);
    };
  return {
    "GET /tracker.js": serve(await bundleTracker("iife")),
    "GET /tracker.mjs": serve(await bundleTracker("esm")),
  };
}
