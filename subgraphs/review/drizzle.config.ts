import type { Config } from "drizzle-kit";

export default {
  dialect: "postgresql",
  schema: "./subgraphs/review/db/schema.ts",
  out: "./subgraphs/review/db/migrations",
  casing: "snake_case",
} satisfies Config;
