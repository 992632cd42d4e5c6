import type postgres from "postgres";
import type { SecretsEnv } from "../../lib/secrets.ts";

/** What every section of `npm run bench` gets from the run: its settings, secrets and databases. */
export interface BenchContext {
  quick: boolean;
  /**
   * How long load runs before it is measured. A service just started runs at half speed for its first
   * seconds (module loading, JIT, connection pools, statements prepared per connection); measured, the
   * gateway's first two seconds ran at 0.5x the next.
   */
  warmUpSeconds: number;
  /** Fresh secrets for this run, as the services' environment, and a service token signed with them. */
  secretsEnv: SecretsEnv;
  serviceToken: string;
  adminSql: postgres.Sql;
  /** Drops and recreates a database, applies `migrations`, and connects to it. */
  freshDatabase(
    name: string,
    migrations: string,
  ): Promise<{ url: string; sql: postgres.Sql; close(): Promise<void> }>;
  progress(message: string): void;
}
