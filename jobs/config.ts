import { join } from "node:path";
import { z } from "zod";
import {
  dashboardAddress,
  dashboardUrl,
  databaseUrl,
  defineEnv,
  gatewayAddress,
  linkSecret,
  metricsPort,
  optional,
  publicUrl,
  whole,
} from "../lib/env.ts";
import { resolveSecrets } from "../lib/secrets.ts";
import type { GatewaySettings } from "./gateway-client.ts";
import { type MailProvider, outboxProvider, resendProvider } from "./mail-provider.ts";

/** What the worker's jobs read the graph and sign their emails' links with. */
export interface WorkerSettings extends GatewaySettings {
  publicUrl: string;
  dashboardUrl: string;
  /** How long an email's dashboard link lets its reader in (DASHBOARD_LINK_DAYS, default 14). */
  dashboardLinkDays?: number;
  /** How long an email's "Manage these emails" link opens the settings (SETTINGS_LINK_DAYS, default 7). */
  settingsLinkDays?: number;
  from: string;
}

/** The worker's variables: its database, the graph it reads, the links it signs, and mail. */
export const workerEnv = defineEnv({
  ...gatewayAddress,
  ...dashboardAddress,
  ...linkSecret,
  JOBS_DATABASE_URL: optional(databaseUrl).describe(
    "the worker's database: Agenda's jobs and the delivery ledger (`npm start` sets it: unset, the embedded server)",
  ),
  GATEWAY_URL: optional(z.url()).describe(
    "the graph the worker queries; unset: `http://GATEWAY_HOST:GATEWAY_PORT/graphql`",
  ),
  WORKER_METRICS_PORT: metricsPort(9403).describe("the worker's `/metrics` port; `off`: none"),
  RESEND_API_KEY: optional(z.string().min(1)).describe(
    "the Resend API key; unset: mail goes to DATA_DIR/outbox (refused in production)",
  ),
  RESEND_BASE_URL: optional(z.url()).describe(
    "where the Resend SDK sends requests (a local stand-in in tests)",
  ),
  SLACK_BASE_URL: optional(z.url()).describe(
    "where Slack's webhooks (https://hooks.slack.com) are posted instead (a local stand-in in tests and the demo)",
  ),
  RESEND_RPS: z.coerce
    .number()
    .positive()
    .max(1_000)
    .default(2)
    .describe("provider requests per second, per worker (a batch of up to 100 emails is one request)"),
  MAIL_FROM: z
    .string()
    .min(3)
    .default("List Designer <reports@listdesigner.example>")
    .describe("the reports' sender"),
  MAIL_CLAIM_LEASE_SECONDS: whole(1, 3_600, 120).describe(
    "after this, another worker may take over a batch of emails whose sender stopped",
  ),
  SEND_JOB_LOCK_SECONDS: whole(1, 3_600, 60).describe(
    "after this, another worker may run a send job whose worker stopped (the ledger still sends once)",
  ),
  DASHBOARD_LINK_DAYS: whole(1, 90, 14).describe(
    "how long the dashboard link of a weekly email lets its reader in",
  ),
  SETTINGS_LINK_DAYS: whole(1, 30, 7).describe(
    'how long the "Manage these emails" link of a weekly email opens the report\'s settings',
  ),
  ATTRIBUTION_WINDOW_DAYS: whole(1, 90, 7).describe(
    "how long before an order a widget click may be credited with its line",
  ),
});

export type WorkerEnv = z.infer<typeof workerEnv>;

/** The mail provider the environment asks for: Resend with an API key, else files in DATA_DIR/outbox. */
export function providerFrom(env: WorkerEnv): MailProvider {
  if (env.RESEND_API_KEY) return resendProvider(env.RESEND_API_KEY, env.RESEND_BASE_URL);
  if (env.NODE_ENV === "production") throw new Error("RESEND_API_KEY must be set in production");
  return outboxProvider(join(env.DATA_DIR, "outbox"));
}

/** How the worker reads the graph and signs its emails' links. */
export function workerSettingsFrom(env: WorkerEnv): WorkerSettings {
  return {
    gatewayUrl: env.GATEWAY_URL ?? `http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}/graphql`,
    ...resolveSecrets(env, ["linkSecret"]),
    // The send jobs' and the dispatcher's; the worker gives its other jobs their own.
    scopes: ["reports:read"],
    publicUrl: publicUrl(env),
    dashboardUrl: dashboardUrl(env),
    dashboardLinkDays: env.DASHBOARD_LINK_DAYS,
    settingsLinkDays: env.SETTINGS_LINK_DAYS,
    from: env.MAIL_FROM,
  };
}
