// npm run token -- --store <id> [--days 30]   a dashboard token for one store
// npm run token -- --service [--days 7]       the weekly job's token: every store, read only
// Signed with AUTH_SECRET (in development, the one generated into DATA_DIR/secrets.json).
import { parseArgs } from "node:util";
import { issueToken } from "../lib/auth.ts";
import { assertId } from "../lib/errors.ts";
import { resolveSecrets } from "../lib/secrets.ts";
import { runCommand } from "./dev/command.ts";

await runCommand("token", async (env) => {
  const { values } = parseArgs({
    options: { store: { type: "string" }, service: { type: "boolean" }, days: { type: "string" } },
  });
  if (Boolean(values.store) === Boolean(values.service)) {
    throw new Error("Say which token: --store <id> for a dashboard, or --service for the weekly job");
  }
  const days = Number(values.days ?? (values.service ? 7 : 30));
  if (!Number.isFinite(days) || days <= 0 || days > 90) throw new Error("--days must be between 1 and 90");
  const viewer = values.store
    ? { kind: "store" as const, storeId: assertId(values.store, "--store") }
    : { kind: "service" as const };
  process.stdout.write(
    `${await issueToken(resolveSecrets(env, ["authSecret"]).authSecret, viewer, Math.round(days * 86_400))}\n`,
  );
});
