// npm run connect -- shopify --store <id> --shop <name>.myshopify.com --secret <webhook secret>
// npm run connect -- woocommerce --store <id> --site https://shop.example --secret <webhook secret>
//   prints the address to register on the platform and the topics to subscribe to
// npm run connect -- list [--store <id>]
// npm run connect -- remove shopify|woocommerce --store <id>
// npm run connect -- rotate     re-seals every webhook secret under CONNECTION_SECRET's first key
import { parseArgs } from "node:util";
import { publicUrl } from "../lib/env.ts";
import { assertId } from "../lib/errors.ts";
import { connect } from "../lib/runtime/database.ts";
import { resolveSecrets } from "../lib/secrets.ts";
import { schema as shopSchema } from "../subgraphs/shop/db/index.ts";
import { connectionsOf, removeConnection } from "../subgraphs/shop/db/queries/platforms.ts";
import { connectStore, resealConnections } from "../subgraphs/shop/platforms/connections.ts";
import type { Platform } from "../subgraphs/shop/platforms/platform-order.ts";
import { PLATFORM_WEBHOOKS } from "../subgraphs/shop/platforms/sources.ts";
import { runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { provisionDatabases } from "./dev/provision.ts";

const USAGE =
  "Usage: npm run connect -- shopify --store <id> --shop <name>.myshopify.com --secret <secret> | woocommerce --store <id> --site <url> --secret <secret> | list [--store <id>] | remove <platform> --store <id> | rotate";

const isPlatform = (name: string | undefined): name is Platform =>
  name === "shopify" || name === "woocommerce";

await runCommand("connect", async (env, log) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      store: { type: "string" },
      shop: { type: "string" },
      site: { type: "string" },
      secret: { type: "string" },
    },
  });
  const [command, argument] = positionals;
  const ring = resolveSecrets(env, ["connectionSecret"]).connectionSecret;
  const databases = await provisionDatabases(env, log, projectMigrations);
  const shop = connect(databases.urls.shop, shopSchema, { max: 1 });
  try {
    if (isPlatform(command)) {
      const storeId = assertId(values.store ?? "", "--store");
      const source = await connectStore(shop.db, ring, {
        storeId,
        platform: command,
        source: (command === "shopify" ? values.shop : values.site) ?? "",
        secret: values.secret ?? "",
        at: new Date(),
      });
      const { path, topics } = PLATFORM_WEBHOOKS[command];
      process.stdout.write(
        `connected store ${storeId} to ${source}\nregister on ${command === "shopify" ? "Shopify" : "WooCommerce"}:\n  address  ${new URL(path, publicUrl(env)).href}\n  format   JSON\n  topics   ${topics.join(", ")}\n`,
      );
    } else if (command === "list") {
      const rows = await connectionsOf(shop.db, values.store ? assertId(values.store, "--store") : undefined);
      for (const row of rows)
        process.stdout.write(
          `${row.storeId}  ${row.platform}  ${row.source}  connected ${row.connectedAt.toISOString()}  last delivery ${row.lastReceivedAt?.toISOString() ?? "never"}${row.lastRefusal ? `  last refused ${row.lastRefusedAt?.toISOString()}: ${row.lastRefusal}` : ""}\n`,
        );
      if (rows.length === 0) process.stdout.write("no connections\n");
    } else if (command === "remove") {
      if (!isPlatform(argument))
        throw new Error("Say which: npm run connect -- remove shopify|woocommerce --store <id>");
      const storeId = assertId(values.store ?? "", "--store");
      if (!(await removeConnection(shop.db, { storeId, platform: argument })))
        throw new Error(`Store ${storeId} has no ${argument} connection`);
      process.stdout.write(`removed; its deliveries are refused from now on\n`);
    } else if (command === "rotate") {
      const moved = await resealConnections(shop.db, ring);
      process.stdout.write(
        `re-sealed ${moved} connection secret${moved === 1 ? "" : "s"} under the first key\n`,
      );
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await shop.close();
    await databases.stop();
  }
});
