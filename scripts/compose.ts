// npm run compose: writes supergraph.graphql from supergraph.yaml. `--check` only reports whether it is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CompositionError, composeFromConfig } from "./composition.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const output = `${root}supergraph.graphql`;

try {
  const sdl = composeFromConfig(`${root}supergraph.yaml`);
  if (process.argv.includes("--check")) {
    const current = readFileSync(output, "utf8");
    if (current !== sdl) throw new CompositionError("supergraph.graphql is stale: run `npm run compose`");
    console.log("supergraph.graphql is up to date");
  } else {
    writeFileSync(output, sdl);
    console.log(`wrote ${output}`);
  }
} catch (error) {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
}
