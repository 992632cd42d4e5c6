// npm run keys -- create --store <id> --name checkout --scopes orders:write[,reports:read]
//   prints the new key once: keep it in the store's backend, it cannot be shown again
// npm run keys -- list --store <id>
// npm run keys -- revoke <key id>     gateways stop accepting it within a minute
import { parseArgs } from "node:util";
import { isKeyScope, KEY_SCOPES } from "../lib/auth.ts";
import { assertId } from "../lib/errors.ts";
import { connect } from "../lib/runtime/database.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { createKey, listKeys, revokeKey } from "../subgraphs/shop/db/queries/keys.ts";
import { runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { provisionDatabases } from "./dev/provision.ts";

await runCommand("keys", async (env, log) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { store: { type: "string" }, name: { type: "string" }, scopes: { type: "string" } },
  });
  const [command, keyId] = positionals;
  const databases = await provisionDatabases(env, log, projectMigrations);
  const shop = connect(databases.urls.shop, shopSchema, { max: 1 });
  try {
    if (command === "create") {
      const storeId = assertId(values.store ?? "", "--store");
      const name = values.name?.trim();
      if (!name) throw new Error("--name is required (what the key is for, e.g. checkout)");
      const scopes = (values.scopes ?? "orders:write").split(",").map((scope) => scope.trim());
      const unknown = scopes.filter((scope) => !isKeyScope(scope));
      if (unknown.length > 0)
        throw new Error(`Unknown scope ${unknown.join(", ")}: use ${KEY_SCOPES.join(", ")}`);
      const created = await createKey(shop.db, { storeId, name, scopes: scopes.filter(isKeyScope) });
      process.stderr.write(`key ${created.keyId} for store ${storeId}; shown once, keep it secret:\n`);
      process.stdout.write(`${created.key}\n`);
    } else if (command === "list") {
      const keys = await listKeys(shop.db, assertId(values.store ?? "", "--store"));
      for (const key of keys)
        process.stdout.write(
          `${key.id}  ${key.name}  ${key.scopes.join(",")}  created ${key.createdAt.toISOString()}  last used ${key.lastUsedAt?.toISOString() ?? "never"}${key.revokedAt ? `  revoked ${key.revokedAt.toISOString()}` : ""}\n`,
        );
      if (keys.length === 0) process.stdout.write("no keys\n");
    } else if (command === "revoke") {
      if (!keyId) throw new Error("Say which key: npm run keys -- revoke <key id>");
      if (!(await revokeKey(shop.db, keyId))) throw new Error(`No live key ${keyId}`);
      process.stdout.write(`revoked ${keyId}; gateways refuse it within a minute\n`);
    } else {
      throw new Error(
        "Usage: npm run keys -- create --store <id> --name <name> --scopes orders:write | list --store <id> | revoke <key id>",
      );
    }
  } finally {
    await shop.close();
    await databases.stop();
  }
});
