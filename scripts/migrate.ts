// npm run db:migrate: applies the committed migrations to the shop and review databases.
import { runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { provisionDatabases } from "./dev/provision.ts";

await runCommand("migrate", async (env, log) => {
  const databases = await provisionDatabases(env, log, projectMigrations);
  await databases.stop();
});
