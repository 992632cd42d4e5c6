// npm start: the whole system on one machine. Databases (embedded unless configured), migrations, demo
// data on first run, then each service as its own process, as they would run in production.

import { join } from "node:path";
import { workerSettingsFrom } from "../jobs/config.ts";
import { dashboardLink, settingsLink } from "../jobs/report-email.ts";
import { issueToken } from "../lib/auth.ts";
import { clockFrom } from "../lib/clock.ts";
import { dashboardUrl as dashboardUrlOf, publicUrl } from "../lib/env.ts";
import { resolveSecrets, secretsEnv } from "../lib/secrets.ts";
import { lastCompletedWeek } from "../lib/week.ts";
import { stableId } from "./demo-data.ts";
import { runCommand } from "./dev/command.ts";
import { projectMigrations } from "./dev/migrations.ts";
import { SERVICE_FILES, spawnService } from "./dev/processes.ts";
import { provisionDatabases } from "./dev/provision.ts";
import { startSlackStandIn } from "./dev/slack-stand-in.ts";
import { demoStorefrontCredentials } from "./dev/storefront/credentials.ts";
import { demoCatalog } from "./dev/storefront/pages.ts";
import { startStorefront } from "./dev/storefront/server.ts";
import { supervise } from "./dev/supervise.ts";
import { seedIfEmpty } from "./seed.ts";

await runCommand("start", async (env, log) => {
  const databases = await provisionDatabases(env, log, projectMigrations);
  try {
    await seedIfEmpty(databases.urls, log, clockFrom(env)());
  } catch (error) {
    await databases.stop();
    throw error;
  }

  const secrets = resolveSecrets(env);
  // Slack cannot be reached from here: unless SLACK_BASE_URL names another, the worker posts to a local
  // stand-in that answers as Slack does and keeps each message in DATA_DIR/slack, as mail lands in the outbox.
  const slack = process.env.SLACK_BASE_URL
    ? undefined
    : await startSlackStandIn({ dir: join(env.DATA_DIR, "slack") });
  const childEnv = {
    ...process.env,
    ...(slack ? { SLACK_BASE_URL: slack.url } : {}),
    ...secretsEnv(secrets),
    SHOP_DATABASE_URL: databases.urls.shop,
    REVIEW_DATABASE_URL: databases.urls.review,
    JOBS_DATABASE_URL: databases.urls.jobs,
    // Each service's metrics on its configured port (spawnService would otherwise pick any free one).
    ...Object.fromEntries(
      (
        [
          "GATEWAY_METRICS_PORT",
          "SHOP_METRICS_PORT",
          "REVIEW_METRICS_PORT",
          "WORKER_METRICS_PORT",
          "DASHBOARD_METRICS_PORT",
        ] as const
      ).map((name) => [name, String(env[name] ?? "off")]),
    ),
  };
  const services = (Object.keys(SERVICE_FILES) as (keyof typeof SERVICE_FILES)[]).map((name) =>
    supervise(name, () => spawnService(name, childEnv, { echo: true }), { log }),
  );
  let storefront: Awaited<ReturnType<typeof startStorefront>> | undefined;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    log.info("stopping services");
    await storefront?.close();
    await Promise.all(services.map((service) => service.stop("SIGTERM", 10_000)));
    await slack?.close();
    await databases.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stopAll());
  process.on("SIGTERM", () => void stopAll());

  const gatewayUrl = `${publicUrl(env)}/graphql`;
  const dashboardUrl = dashboardUrlOf(env);
  await waitForHealth(new URL("/healthz", gatewayUrl).toString());
  // The dashboard builds itself first when its sources changed (a few seconds).
  await waitForHealth(`${dashboardUrl}/healthz`);
  const demoStore = stableId("store:brooklyn");
  storefront = await startStorefront({
    host: env.DASHBOARD_HOST,
    port: env.STOREFRONT_PORT,
    catalog: demoCatalog(),
    graphqlUrl: gatewayUrl,
    ...(await demoStorefrontCredentials(databases.urls.shop, demoStore, secrets.connectionSecret)),
    clock: clockFrom(env),
    log,
  });
  const demoLink = await dashboardLink(
    workerSettingsFrom(env),
    demoStore,
    lastCompletedWeek("America/New_York", clockFrom(env)()),
  );
  const demoSettingsLink = await settingsLink(workerSettingsFrom(env), demoStore, "owner@brooklyn.example");
  const dashboardToken = await issueToken(
    secrets.authSecret,
    { kind: "store", storeId: demoStore },
    30 * 86_400,
  );
  process.stderr.write(`
  ListDesigner Insights is running.

  Gateway     ${gatewayUrl}
  Dashboard   ${dashboardUrl}
  Storefront  ${storefront.url}   (a demo shop with the tracker: click a widget's product, buy it, watch
                                     the widget credited with the sale in the dashboard within a minute;
                                     its checkout calls upsertOrder or sends Shopify's signed webhook)
  Databases   shop    ${databases.urls.shop}
              review  ${databases.urls.review}
              jobs    ${databases.urls.jobs}

  Brooklyn Goods' dashboard, as the weekly email links to it (read-only, valid ${env.DASHBOARD_LINK_DAYS} days):
    ${demoLink}

  Its "Manage these emails" settings page (recipients, schedule, pause; valid ${env.SETTINGS_LINK_DAYS} days;
  confirmation emails land in ${join(env.DATA_DIR, "outbox")}):
    ${demoSettingsLink}

  Its owner's settings page (alerts and Slack, holdouts, reports weekly or monthly; Slack messages land in
  ${join(env.DATA_DIR, "slack")} for any https://hooks.slack.com/services/... webhook you connect):
    ${dashboardUrl}/stores/${demoStore}/settings#token=${dashboardToken}

  Dashboard token for Brooklyn Goods (${demoStore}), valid 30 days:
    ${dashboardToken}

  Try:  curl -s ${gatewayUrl} -H 'content-type: application/json' \\
          -H 'authorization: Bearer ${dashboardToken}' \\
          -d '{"query":"{ store(id: \\"${demoStore}\\") { name widgets { name weeklyClicks products { name weeklySales { amount currency } } } } }"}'

  Ctrl-C stops everything.
`);
});

async function waitForHealth(url: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
