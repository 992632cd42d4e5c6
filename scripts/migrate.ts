// npm run db:migrate: applies the committed migrations to the shop and review databases.
import { runCommand } from "../lib/cli.ts";
import { provisionDatabases } from "../lib/provision.ts";

await runCommand("migrate", async (env, log) => {
  const databases = await provisionDatabases(env, log);
  await databases.stop();
});
