import type { Config } from "drizzle-kit";

export default {
  dialect: "postgresql",
  schema: "./subgraphs/shop/db/schema.ts",
  out: "./subgraphs/shop/db/migrations",
  casing: "snake_case",
} satisfies Config;
