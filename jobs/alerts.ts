import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { renderAlert } from "../emails/alert.tsx";
import type { AlertNotice } from "../emails/alert-words.ts";
import { ALERT_RULES, trackingStopped, widgetChanges } from "../lib/alert-rules.ts";
import type { Logger } from "../lib/logger.ts";
import { localDate, shiftDate } from "../lib/week.ts";
import type { WorkerSettings } from "./config.ts";
import type { JobsDb } from "./db/index.ts";
import { alerts, deliveries, slackMessages } from "./db/schema.ts";
import { pagesOf, storesWithFeature } from "./dispatch.ts";
import { queryGateway } from "./gateway-client.ts";
import { StoreActivityPageDocument, type StoreActivityPageQuery } from "./generated/operations.ts";
import { rangeLink, recipientLinks, sendableRecipients } from "./report-email.ts";
import { alertPayload } from "./slack-payloads.ts";

type CheckedStore = NonNullable<StoreActivityPageQuery["storesByIds"][number]>;

/** One alert a check found: what it tells and the key that makes it once. */
export interface AlertCandidate {
  key: string;
  kind: "change" | "tracking-stopped" | "tracking-back";
  notice: AlertNotice;
  /** For ordering within the store's daily cap: the most unusual first. */
  weight: number;
}

/** What one check did, for the log and the tests. */
export interface AlertFigures {
  stores: number;
  sent: number;
  /** Alerts found but over their store's daily cap. */
  capped: number;
  /** Pages of stores whose activity could not be read (the next check reads them again). */
  failedPages: number;
}

const HOUR_MS = 3_600_000;

/** Stores whose activity one gateway query reads: 25 fit the graph's cost limit with room (gateway/cost.ts). */
const STORES_PER_CHECK = 25;

/**
 * The hourly alert check: every store with the feature and somewhere to send alerts, 25 at a time, its
 * activity up to the last whole hour read through the graph and judged by lib/alert-rules.ts. An alert is
 * recorded with its emails and Slack message in one transaction, keyed so that it goes once whatever
 * retries or other workers do; the windows overlap from one hour to the next, so a page that fails is
 * judged again by the next check.
 */
export async function checkAlerts(
  deps: { db: JobsDb; settings: WorkerSettings; log?: Logger },
  now: Date,
): Promise<AlertFigures> {
  const until = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const listed = (await storesWithFeature(deps.settings)).filter(
    ({ alertDestinations: to }) => to.email || (to.slack && !to.slack.pausedAt),
  );
  const figures: AlertFigures = { stores: listed.length, sent: 0, capped: 0, failedPages: 0 };
  for (const page of pagesOf(
    listed.map((store) => store.id),
    STORES_PER_CHECK,
  )) {
    let stores: StoreActivityPageQuery["storesByIds"];
    try {
      ({ storesByIds: stores } = await queryGateway(deps.settings, StoreActivityPageDocument, {
        ids: page,
        until: until.toISOString(),
      }));
    } catch (error) {
      figures.failedPages++;
      deps.log?.error("alert check: a page of stores could not be read", { stores: page.length, error });
      continue;
    }
    const episodes = await openEpisodes(deps.db, page);
    for (const store of stores) {
      if (!store) continue;
      const candidates = candidatesOf(store, episodes.get(store.id), now);
      const outcome = await recordAlerts(deps, { store, candidates, now });
      figures.sent += outcome.sent;
      figures.capped += outcome.capped;
    }
  }
  return figures;
}

/**
 * What a store's activity calls for: its tracker stopped, or came back after a stop that was told; else
 * each busy widget that moved. While a stop is open, no change is told: every widget would read as a drop.
 */
function candidatesOf(store: CheckedStore, openStop: string | undefined, now: Date): AlertCandidate[] {
  const { activity } = store;
  if (openStop)
    return activity.recentEvents > 0
      ? [
          {
            key: `tracking-back:${openStop}`,
            kind: "tracking-back",
            notice: { kind: "tracking-back", lastEventAt: openStop },
            weight: 0,
          },
        ]
      : [];
  if (trackingStopped(activity) && activity.lastEventAt)
    return [
      {
        key: `tracking-stopped:${activity.lastEventAt}`,
        kind: "tracking-stopped",
        notice: { kind: "tracking-stopped", lastEventAt: activity.lastEventAt },
        weight: Number.POSITIVE_INFINITY,
      },
    ];
  const day = localDate(now, store.timezone);
  return activity.widgets.flatMap(
    ({ widget, clicks, impressions, creditedSales, creditedOrders }): AlertCandidate[] => {
      const changes = widgetChanges(clicks, impressions, {
        sales: creditedSales.map((money) => Number(money.amount)),
        orders: creditedOrders,
      });
      if (changes.length === 0) return [];
      return [
        {
          key: `change:${widget.id}:${day}`,
          kind: "change",
          notice: {
            kind: "change",
            widgetName: widget.name,
            changes: changes.map(({ metric, current, baseline, relative }) => ({
              metric,
              current,
              baseline,
              relative,
            })),
          },
          weight: Math.max(...changes.map((change) => Math.abs(change.score))),
        },
      ];
    },
  );
}

/** Each store's stop that was told and has had no recovery told yet: its last event before the silence. */
async function openEpisodes(db: JobsDb, storeIds: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ storeId: alerts.storeId, kind: alerts.kind, key: alerts.key })
    .from(alerts)
    .where(and(inArray(alerts.storeId, storeIds), ne(alerts.kind, "change")))
    .orderBy(desc(alerts.createdAt));
  const open = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.storeId)) continue;
    seen.add(row.storeId);
    if (row.kind === "tracking-stopped") open.set(row.storeId, row.key.slice("tracking-stopped:".length));
  }
  return open;
}

/**
 * A store's alerts recorded with their emails and Slack message, under a lock of that store's alerts (two
 * workers checking at once count each other's): an alert already recorded is skipped, and changes beyond
 * the store's daily cap (its local day) are not sent that day. A stopped tracker is always told (it counts
 * against the cap, and a silence longer than a day would no longer read as a stop tomorrow); a recovery
 * closes a stop and is not counted.
 */
async function recordAlerts(
  deps: { db: JobsDb; settings: WorkerSettings },
  { store, candidates, now }: { store: CheckedStore; candidates: AlertCandidate[]; now: Date },
): Promise<{ sent: number; capped: number }> {
  if (candidates.length === 0) return { sent: 0, capped: 0 };
  const today = localDate(now, store.timezone);
  const context = {
    storeName: store.name,
    locale: store.locale,
    timezone: store.timezone,
    currency: store.currency,
  };
  const dashboardUrl = await rangeLink(deps.settings, store.id, shiftDate(today, -13), today);
  const toEmail = store.alertDestinations.email ? sendableRecipients(store.reportRecipients).sendable : [];
  const toSlack = store.alertDestinations.slack && !store.alertDestinations.slack.pausedAt;
  const ordered = [...candidates].sort((a, b) => b.weight - a.weight);
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alerts:${store.id}`}))`);
    const [counted] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(alerts)
      .where(and(eq(alerts.storeId, store.id), eq(alerts.day, today), ne(alerts.kind, "tracking-back")));
    let sentToday = counted?.count ?? 0;
    let sent = 0;
    let capped = 0;
    const recorded = await tx
      .select({ key: alerts.key })
      .from(alerts)
      .where(
        and(
          eq(alerts.storeId, store.id),
          inArray(
            alerts.key,
            ordered.map((candidate) => candidate.key),
          ),
        ),
      );
    const known = new Set(recorded.map((row) => row.key));
    for (const candidate of ordered.filter(({ key }) => !known.has(key))) {
      const counts = candidate.kind !== "tracking-back";
      if (candidate.kind === "change" && sentToday >= ALERT_RULES.perStorePerDay) {
        capped++;
        continue;
      }
      const inserted = await tx
        .insert(alerts)
        .values({
          storeId: store.id,
          key: candidate.key,
          kind: candidate.kind,
          day: today,
          detail: candidate.notice,
        })
        .onConflictDoNothing()
        .returning({ key: alerts.key });
      if (inserted.length === 0) continue;
      if (counts) sentToday++;
      sent++;
      const mailing = `alert:${candidate.key}`;
      for (const { recipient, address } of toEmail) {
        const { settingsUrl, headers } = await recipientLinks(deps.settings, store.id, recipient);
        const rendered = renderAlert({ ...context, notice: candidate.notice, dashboardUrl, settingsUrl });
        await tx
          .insert(deliveries)
          .values({
            storeId: store.id,
            mailing,
            recipient,
            email: {
              from: deps.settings.from,
              to: address,
              ...rendered,
              headers,
              tags: [{ name: "store", value: store.id }],
            },
          })
          .onConflictDoNothing();
      }
      if (toSlack)
        await tx
          .insert(slackMessages)
          .values({
            storeId: store.id,
            key: mailing,
            payload: alertPayload(candidate.notice, context, dashboardUrl),
          })
          .onConflictDoNothing();
    }
    return { sent, capped };
  });
}
