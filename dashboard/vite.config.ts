import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The dashboard's build: `npm start` runs it when `dist/` is missing or older than the sources. */
export default defineConfig({
  root,
  // Vite 8 compiles TSX with Oxc; React 19's automatic runtime needs no plugin.
  oxc: { jsx: { runtime: "automatic" } },
  build: { outDir: `${root}dist`, emptyOutDir: true, sourcemap: false, reportCompressedSize: false },
  logLevel: "warn",
});
