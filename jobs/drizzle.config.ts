import type { Config } from "drizzle-kit";

export default {
  dialect: "postgresql",
  schema: "./jobs/db/schema.ts",
  out: "./jobs/db/migrations",
  casing: "snake_case",
  // Agenda's own table lives in the same database and is managed by its Postgres backend.
  tablesFilter: ["deliveries", "report_runs", "provider_pause", "alerts", "slack_messages"],
} satisfies Config;
