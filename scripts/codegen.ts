// npm run codegen: writes the subgraphs' resolver types and the typed documents of every operation the
// project sends (scripts/codegen-config.ts). `--check` only reports whether they are stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { codegenConfig } from "./codegen-config.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** What codegen would write, by path relative to the project's root, without writing it. */
export async function generatedFiles(): Promise<{ filename: string; content: string }[]> {
  return generate({ ...codegenConfig, cwd: root }, false);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await generatedFiles();
  const stale = files.filter((file) => {
    try {
      return readFileSync(join(root, file.filename), "utf8") !== file.content;
    } catch {
      return true;
    }
  });
  if (process.argv.includes("--check")) {
    if (stale.length > 0) {
      console.error(`stale: ${stale.map((f) => f.filename).join(", ")}: run \`npm run codegen\``);
      process.exit(1);
    }
    console.log("generated types are up to date");
  } else {
    for (const file of files) writeFileSync(join(root, file.filename), file.content);
    console.log(`wrote ${files.map((f) => f.filename).join(", ")}`);
  }
}
