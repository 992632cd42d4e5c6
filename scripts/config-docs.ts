// npm run config:docs: writes docs/configuration.md from each service's environment schema (its
// config.ts), so the reference says exactly what the code reads. `--check` only reports whether it is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { dashboardEnv } from "../dashboard/config.ts";
import { gatewayEnv } from "../gateway/config.ts";
import { workerEnv } from "../jobs/config.ts";
import { isMain } from "../lib/runtime/service-runner.ts";
import { reviewEnv } from "../subgraphs/review/config.ts";
import { shopEnv } from "../subgraphs/shop/config.ts";
import { devEnv } from "./dev/env.ts";

const output = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));

/** Each process and the schema it starts with, in the order the reference lists them. */
export const SERVICE_SCHEMAS = {
  gateway: gatewayEnv,
  shop: shopEnv,
  review: reviewEnv,
  worker: workerEnv,
  dashboard: dashboardEnv,
} as const;

const HEADER = `# Configuration

Generated from each service's environment schema (\`gateway/config.ts\`, \`subgraphs/shop/config.ts\`,
\`subgraphs/review/config.ts\`, \`jobs/config.ts\`, \`dashboard/config.ts\`, on the base in \`lib/env.ts\`) by
\`npm run config:docs\`; a test fails when it is stale. Each service reads only the variables listed for it
and validates them at start-up: a bad value stops the process with a message naming the variable. An
empty value is the same as an unset one. The development commands (\`npm start\`, \`npm run weekly\`, ...)
read every service's variables and the few of their own at the end.
`;

const FOOTER = `## Outside the schemas

- \`OTEL_TRACES_EXPORTER\` and the other \`OTEL_*\`: OpenTelemetry's own variables; unset, no traces (see
  [operations.md](operations.md#traces)).
- \`TEST_DATABASE_URL\`: tests only, a server on which each suite creates (and drops) its own databases;
  unset, the embedded server.

An embedded server left running by a run that was killed with SIGKILL is found through its
\`postmaster.pid\` and stopped at the next start; if the run that owns it is still alive (a command such as
\`npm run weekly\` beside \`npm start\`), that server is used and left running.
`;

function defaultOf(field: z.ZodType): string {
  const parsed = field.safeParse(undefined);
  if (!parsed.success) return "required";
  const value = parsed.data;
  if (value === undefined) return "unset";
  if (value === null) return "`off`";
  if (Array.isArray(value)) return value.length === 0 ? "none" : `\`${value.join(",")}\``;
  return `\`${String(value)}\``;
}

function table(shape: Record<string, z.ZodType>, names: string[]): string {
  const rows = names.map(
    (name) =>
      `| \`${name}\` | ${defaultOf(shape[name] as z.ZodType)} | ${(shape[name] as z.ZodType).description ?? ""} |`,
  );
  return ["| variable | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

export function configurationReference(): string {
  const sections = Object.entries(SERVICE_SCHEMAS).map(([service, schema]) => {
    const shape = schema.shape as Record<string, z.ZodType>;
    return `## ${service}\n\n${table(shape, Object.keys(shape).sort())}\n`;
  });
  const serviceNames = new Set(Object.values(SERVICE_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));
  const devShape = devEnv.shape as Record<string, z.ZodType>;
  const devOnly = Object.keys(devShape)
    .filter((name) => !serviceNames.has(name))
    .sort();
  sections.push(`## Development commands only\n\n${table(devShape, devOnly)}\n`);
  return [HEADER, ...sections, FOOTER].join("\n");
}

if (isMain(import.meta.url)) {
  const text = configurationReference();
  if (process.argv.includes("--check")) {
    if (readFileSync(output, "utf8") !== text) {
      console.error("docs/configuration.md is stale: run `npm run config:docs`");
      process.exit(1);
    }
    console.log("docs/configuration.md is up to date");
  } else {
    writeFileSync(output, text);
    console.log(`wrote ${output}`);
  }
}
