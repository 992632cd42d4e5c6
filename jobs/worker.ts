import { PostgresBackend } from "@agendajs/postgres-backend";
import { Agenda, exponential } from "agenda";
import pg from "pg";
import { createRenderPool } from "../emails/render-pool.ts";
import type { ServiceScope } from "../lib/auth.ts";
import { type Clock, clockFrom, systemClock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { createRegistry, serveMetrics } from "../lib/metrics.ts";
import { connect } from "../lib/runtime/database.ts";
import { isMain, requireUrl, runService } from "../lib/runtime/service-runner.ts";
import { checkAlerts } from "./alerts.ts";
import { attributeClaims, DEFAULT_ATTRIBUTION_WINDOW_DAYS } from "./attribution.ts";
import type { WorkerSettings } from "./config.ts";
import { providerFrom, workerEnv, workerSettingsFrom } from "./config.ts";
import { mailConfirmations } from "./confirmations.ts";
import { type JobsDb, schema } from "./db/index.ts";
import { dispatchWeeklyReports } from "./dispatch.ts";
import type { MailProvider } from "./mail-provider.ts";
import { workerMetrics } from "./metrics.ts";
import { defineSendJobs, SEND_JOB_SCHEDULE, sendJobsOf } from "./send-jobs.ts";
import { Sender } from "./sender.ts";
import { SlackSender } from "./slack-sender.ts";

/** The jobs and their schedules, as data. */
export const JOBS = {
  /** Hourly, and once when a worker starts: a send job for every due store whose week has not run. */
  dispatch: { name: "dispatch-weekly-reports", every: "0 * * * *" },
  /** A page of stores and a week (jobs/send-jobs.ts). */
  send: SEND_JOB_SCHEDULE,
  /** Every minute: the click claims of new order lines verified and credited (jobs/attribution.ts). */
  attribute: { name: "attribute-click-claims", every: "* * * * *" },
  /** Every minute: the confirmation emails of newly added recipients queued (jobs/confirmations.ts). */
  confirm: { name: "mail-recipient-confirmations", every: "* * * * *" },
  /** Hourly, a few minutes past (the last quarter-hour's events rolled up): the alert check (jobs/alerts.ts). */
  alerts: { name: "check-alerts", every: "5 * * * *" },
} as const;

export interface WorkerOptions {
  databaseUrl: string;
  settings: WorkerSettings;
  provider: MailProvider;
  requestsPerSecond: number;
  /** See MAIL_CLAIM_LEASE_SECONDS. */
  leaseSeconds?: number;
  /** See SEND_JOB_LOCK_SECONDS. */
  sendJobLockSeconds?: number;
  /** Emails per provider request (default 100, Resend's batch limit). */
  batchSize?: number;
  log: Logger;
  /** What "now" is for the dispatcher; tests move it. */
  clock?: Clock;
  /** Dispatch once at start, to catch up after downtime (default); tests that dispatch themselves turn it off. */
  dispatchOnStart?: boolean;
  /** How often Agenda looks for due jobs, in ms (LISTEN/NOTIFY wakes it sooner for new ones). A number: Agenda reads "100 milliseconds" as 100 seconds. */
  processEveryMs?: number;
  /** First retry delay of a send job (doubling after); tests shorten the schedule. */
  sendFirstRetryMs?: number;
  /** Longest wait between a sender's retries of one provider request. */
  maxSendBackoffMs?: number;
  /** Where `/metrics` is served (WORKER_METRICS_PORT; default: nowhere). */
  metricsPort?: number | null;
  metricsHost?: string;
  /** ATTRIBUTION_WINDOW_DAYS (default 7). */
  attributionWindowDays?: number;
  /** SLACK_BASE_URL: where hooks.slack.com is reached instead (a local stand-in in tests). */
  slackBaseUrl?: string;
}

const START_LOCK = "listdesigner-insights/agenda-start";
const START_LOCK_WAIT_MS = 5 * 60_000;

/**
 * Waits for the other workers' start-ups to end (a rolling deploy starts several at once), asking again
 * every 200 ms rather than in one blocking statement: a start-up on a loaded machine can outlast the
 * pool's statement deadline, and the wait has its own, 5 minutes.
 */
async function takeStartLock(lock: ReturnType<typeof connect>["sql"]) {
  const deadline = performance.now() + START_LOCK_WAIT_MS;
  for (;;) {
    const [row] = await lock<
      { taken: boolean }[]
    >`select pg_try_advisory_lock(hashtext(${START_LOCK})) as taken`;
    if (row?.taken) return;
    if (performance.now() > deadline)
      throw new Error("another worker has been starting for 5 minutes (the jobs database's start lock)");
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

/** Agenda (on the jobs database) for the dispatcher and the send jobs, and the sender that mails. */
export async function startWorker(options: WorkerOptions) {
  const { log } = options;
  const database = connect(options.databaseUrl, schema, {
    max: 5,
    statementTimeoutMs: 30_000,
    connectTimeoutSeconds: 10,
  });
  const db: JobsDb = database.db;
  const clock = options.clock ?? systemClock;
  // Agenda's backend creates its table and indexes with IF NOT EXISTS as soon as it exists, which races
  // when several workers start at once (a rolling deploy): one at a time, under an advisory lock.
  const lock = await database.sql.reserve();
  await takeStartLock(lock);
  // Agenda's pool is ours, to listen for its errors: node-postgres raises an error on a pool or a client
  // that nobody listens to, and a connection the database (or its balancer, at a failover) closes while
  // idle would otherwise end the process. Agenda opens new connections on its next poll.
  const agendaPool = new pg.Pool({ connectionString: options.databaseUrl, connectionTimeoutMillis: 10_000 });
  agendaPool.on("error", (error) => log.warn("agenda's database connection lost", { reason: error.message }));
  const backend = new PostgresBackend({ pool: agendaPool });
  // Its LISTEN connection reconnects by itself after saying so.
  backend.notificationChannel?.on("error", (error: Error) =>
    log.warn("agenda's notification connection lost", { reason: error.message }),
  );
  const agenda = new Agenda({ backend, processEvery: options.processEveryMs ?? 5_000 });
  agenda.on("error", (error: Error) => log.error("agenda error", { error }));
  const renderPool = createRenderPool();
  const registry = createRegistry("worker", options.metricsPort ?? null);
  const metrics = registry && workerMetrics(registry, db, (week) => sendJobsOf(agenda, week));

  agenda.define(
    JOBS.dispatch.name,
    async () => {
      const figures = await dispatch(clock());
      if (figures.enqueued + figures.retried > 0) log.info("weekly reports dispatched", { ...figures });
    },
    // The gateway may be briefly away (a deploy, or this worker starting first): retry within the hour.
    { concurrency: 1, backoff: exponential({ delay: 5_000, factor: 2, maxRetries: 6 }) },
  );
  // Each job's token names only the operations it sends (lib/auth.ts SERVICE_SCOPES).
  const asJob = (...scopes: ServiceScope[]) => ({ ...options.settings, scopes });
  const attribute = (placedBefore?: Date) =>
    attributeClaims(asJob("claims"), {
      windowDays: options.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS,
      log,
      placedBefore,
    });
  // One run at a time across workers (Agenda's lock): two would verify the same claims for nothing. A
  // worker that dies holds the lock until it lapses: 5 minutes (Agenda's default is 10), well past a run
  // (100,000 claims take about 20 s); a second run meanwhile would cost work, never a double credit.
  agenda.define(JOBS.attribute.name, () => attribute(), { concurrency: 1, lockLifetime: 5 * 60_000 });
  const confirm = () => mailConfirmations({ db, settings: asJob("confirmations") });
  agenda.define(JOBS.confirm.name, confirm, { concurrency: 1 });
  const checkAlertsNow = (now: Date) => checkAlerts({ db, settings: asJob("reports:read"), log }, now);
  agenda.define(
    JOBS.alerts.name,
    async () => {
      const figures = await checkAlertsNow(clock());
      if (figures.sent + figures.capped + figures.failedPages > 0) log.info("alerts checked", { ...figures });
    },
    // Two checks at once would only do the work twice: the alerts' keys already send each once.
    { concurrency: 1, lockLifetime: 10 * 60_000 },
  );
  const slackSender = new SlackSender({
    db,
    settings: asJob("reports:read", "alerts"),
    slackBaseUrl: options.slackBaseUrl,
    log,
  });
  const { sendJobs, enqueue } = defineSendJobs(agenda, {
    db,
    settings: asJob("reports:read"),
    render: renderPool.render,
    // A week's report waits for the claims of the orders placed until it is sent.
    decideClaims: () => attribute(clock()),
    log,
    metrics,
    lockSeconds: options.sendJobLockSeconds ?? 60,
    firstRetryMs: options.sendFirstRetryMs ?? JOBS.send.firstRetryMs,
  });

  const dispatch = (now: Date) =>
    dispatchWeeklyReports(
      {
        db,
        settings: asJob("reports:read"),
        sendJobs,
        enqueue,
        onBadTimezone: (store, error) =>
          log.error("store skipped: its timezone is unknown; fix it in shop", {
            storeId: store.id,
            timezone: store.timezone,
            error,
          }),
      },
      now,
    );

  const sender = new Sender(db, options.provider, {
    requestsPerSecond: options.requestsPerSecond,
    leaseSeconds: options.leaseSeconds,
    maxBatch: options.batchSize,
    maxBackoffMs: options.maxSendBackoffMs,
    log,
    onAnswer: metrics?.providerAnswer,
  });
  try {
    // start(), not only `ready`: a process that just awaits readiness is never told about new jobs.
    await agenda.start();
    // Agenda looks a unique job up by `data->>'week'` and `data->>'page'`, which without this index reads
    // every job in the table: quadratic in the pages of a dispatch. The index of per-store jobs goes.
    await lock`create index if not exists agenda_jobs_send_page on agenda_jobs (name, (data->>'week'), (data->>'page'))`;
    await lock`drop index if exists agenda_jobs_send_unique`;
    await agenda.every(JOBS.dispatch.every, JOBS.dispatch.name);
    await agenda.every(JOBS.attribute.every, JOBS.attribute.name);
    await agenda.every(JOBS.confirm.every, JOBS.confirm.name);
    await agenda.every(JOBS.alerts.every, JOBS.alerts.name);
    // And once now: a worker coming back after downtime catches up without waiting for the hour, and
    // decides the claims that waited (a run killed midway left the rest undecided).
    if (options.dispatchOnStart ?? true) {
      await agenda.now(JOBS.dispatch.name);
      await agenda.now(JOBS.attribute.name);
    }
  } finally {
    await lock`select pg_advisory_unlock(hashtext(${START_LOCK}))`;
    lock.release();
  }
  sender.start();
  slackSender.start();
  const metricsEndpoint = await serveMetrics(registry, {
    host: options.metricsHost ?? "127.0.0.1",
    port: options.metricsPort ?? null,
    log,
  });
  log.info("worker ready");

  return {
    agenda,
    /** Runs the dispatcher now (tests and the backfill command use it with their own clock). */
    dispatch,
    /** Decides the pending click claims now (tests use it rather than wait for the minute). */
    attribute,
    /** Queues the pending confirmation emails now (tests use it rather than wait for the minute). */
    confirm,
    /** Runs the alert check now, as of `now` (tests move it). */
    checkAlerts: checkAlertsNow,
    /** Posts the Slack messages due now (tests use it rather than wait for the loop). */
    postSlack: () => slackSender.drain(),
    metricsUrl: metricsEndpoint?.url,
    /** Graceful: running jobs finish, the request in flight to the provider finishes, then everything stops. */
    async close() {
      await metricsEndpoint?.close();
      await agenda.drain(30_000);
      await sender.stop();
      await slackSender.stop();
      await agenda.stop();
      await agendaPool.end();
      await renderPool.close();
      await database.close();
    },
  };
}

if (isMain(import.meta.url)) {
  await runService("worker", workerEnv, (env, log) =>
    startWorker({
      databaseUrl: requireUrl("JOBS_DATABASE_URL", env.JOBS_DATABASE_URL),
      settings: workerSettingsFrom(env),
      provider: providerFrom(env),
      requestsPerSecond: env.RESEND_RPS,
      leaseSeconds: env.MAIL_CLAIM_LEASE_SECONDS,
      sendJobLockSeconds: env.SEND_JOB_LOCK_SECONDS,
      metricsPort: env.WORKER_METRICS_PORT,
      metricsHost: env.METRICS_HOST,
      log,
      clock: clockFrom(env),
      attributionWindowDays: env.ATTRIBUTION_WINDOW_DAYS,
      slackBaseUrl: env.SLACK_BASE_URL,
    }),
  );
}
