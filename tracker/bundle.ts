import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const source = fileURLToPath(new URL("./tracker.ts", import.meta.url));

export interface TrackerBundle {
  /** The minified script: `iife` for a `<script>` tag, `esm` for storefronts that bundle. */
  code: string;
  etag: string;
  /** Minified and gzipped, as a browser downloads it (the budget is 3 kB). */
  gzipBytes: number;
}

/**
 * Builds the tracker with esbuild (already here under tsx) once, in memory, when the gateway starts:
 * nothing to commit or to keep in step with the source.
 */
export async function bundleTracker(format: "iife" | "esm"): Promise<TrackerBundle> {
  const result = await build({
    entryPoints: [source],
    bundle: true,
    minify: true,
    format,
    target: "es2020",
    write: false,
    legalComments: "none",
  });
  const code = result.outputFiles[0]?.text ?? "";
  return {
    code,
    etag: `"${createHash("sha256").update(code).digest("base64url").slice(0, 22)}"`,
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}
