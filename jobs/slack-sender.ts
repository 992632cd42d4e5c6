import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Logger } from "../lib/logger.ts";
import { BackgroundLoop } from "../lib/runtime/background-loop.ts";
import { SLACK_WEBHOOK_ORIGIN } from "../lib/slack-webhook.ts";
import type { JobsDb } from "./db/index.ts";
import { slackMessages } from "./db/schema.ts";
import { type GatewaySettings, queryGateway } from "./gateway-client.ts";
import { PauseSlackWebhookDocument, SlackDeliveriesDocument } from "./generated/operations.ts";

export interface SlackSenderOptions {
  db: JobsDb;
  /** The graph, with a token holding the alerts scope (the webhooks in the clear, and their pause). */
  settings: GatewaySettings;
  /** Where hooks.slack.com is reached instead (SLACK_BASE_URL: a local stand-in in tests). */
  slackBaseUrl?: string;
  log: Logger;
  /** Messages posted per look at the outbox. */
  batch?: number;
  /** How long a claim holds before another worker may post the message. */
  leaseSeconds?: number;
  /** Pause between looks at an empty outbox. */
  idleMs?: number;
}

/** Tries of one message before it is failed (with backoff, about an hour and a half in all). */
export const SLACK_ATTEMPTS = 8;
const POST_TIMEOUT_MS = 10_000;

/** Slack's answers that mean the webhook itself is gone for good (Slack's incoming webhook errors). */
const WEBHOOK_GONE = new Set([403, 404, 410]);

type Claimed = typeof slackMessages.$inferSelect;

/**
 * Posts the Slack outbox: claims due messages, reads their stores' webhooks through the graph at post
 * time (the address is never kept here), and posts each with a deadline. 200 is sent; 403, 404 and 410
 * (action_prohibited, channel_not_found or no_service, channel_is_archived) pause the store's webhook,
 * which its settings page shows; 400 (invalid_payload) fails the message; 429 waits its Retry-After;
 * anything else is retried with backoff.
 */
export class SlackSender {
  private readonly loop = new BackgroundLoop(() => this.round());

  constructor(private readonly options: SlackSenderOptions) {}

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Posts every message due now, then returns (tests use it instead of the loop). */
  async drain(): Promise<number> {
    let posted = 0;
    for (let claimed = await this.claim(); claimed.length > 0; claimed = await this.claim())
      posted += await this.post(claimed);
    return posted;
  }

  private async round(): Promise<void> {
    try {
      if ((await this.drain()) > 0) return;
    } catch (error) {
      this.options.log.error("slack outbox: a round failed; trying again", { error });
    }
    await this.loop.sleep(this.options.idleMs ?? 2_000);
  }

  /** Due messages, claimed under a token of this round; the database's clock decides what is due. */
  private async claim(): Promise<Claimed[]> {
    const lease = sql`now() - make_interval(secs => ${this.options.leaseSeconds ?? 60})`;
    const due = this.options.db
      .select({ storeId: slackMessages.storeId, key: slackMessages.key })
      .from(slackMessages)
      .where(
        and(
          eq(slackMessages.status, "queued"),
          lte(slackMessages.nextAttemptAt, sql`now()`),
          or(isNull(slackMessages.claimedAt), lte(slackMessages.claimedAt, lease)),
        ),
      )
      .orderBy(asc(slackMessages.nextAttemptAt))
      .limit(this.options.batch ?? 20)
      .for("update", { skipLocked: true });
    return this.options.db
      .update(slackMessages)
      .set({ claimedAt: sql`now()`, claimToken: randomUUID(), attempts: sql`${slackMessages.attempts} + 1` })
      .where(sql`(${slackMessages.storeId}, ${slackMessages.key}) in (${due})`)
      .returning();
  }

  private async post(claimed: Claimed[]): Promise<number> {
    const ids = [...new Set(claimed.map((message) => message.storeId))];
    const { storesByIds } = await queryGateway(this.options.settings, SlackDeliveriesDocument, { ids });
    const webhooks = new Map(
      storesByIds.flatMap((store) => (store?.slackDelivery ? [[store.id, store.slackDelivery]] : [])),
    );
    let posted = 0;
    for (const message of claimed) {
      const webhook = webhooks.get(message.storeId);
      if (!webhook || webhook.paused) {
        await this.finish(message, {
          status: "failed",
          lastError: webhook ? "the webhook is paused" : "no webhook is set",
        });
        continue;
      }
      const answer = await this.send(webhook.url, message);
      if (answer.status === 200) {
        await this.finish(message, { status: "sent", sentAt: sql`now()`, lastError: null });
        posted++;
      } else if (WEBHOOK_GONE.has(answer.status)) {
        const reason = `Slack answered ${answer.status} ${answer.body}`.trim();
        await queryGateway(this.options.settings, PauseSlackWebhookDocument, {
          storeId: message.storeId,
          setAt: webhook.setAt,
          reason,
        });
        // Paused now; later messages of the store find it so and fail without a post.
        this.options.log.warn("slack webhook refused for good; paused", {
          storeId: message.storeId,
          status: answer.status,
        });
        await this.finish(message, { status: "failed", lastError: reason });
      } else if (answer.status === 400 || message.attempts >= SLACK_ATTEMPTS) {
        this.options.log.error("slack message failed", {
          storeId: message.storeId,
          key: message.key,
          status: answer.status,
        });
        await this.finish(message, {
          status: "failed",
          lastError: `Slack answered ${answer.status} ${answer.body}`.trim(),
        });
      } else {
        const waitSeconds = answer.retryAfter ?? 5 * 2 ** message.attempts;
        await this.finish(message, {
          status: "queued",
          claimedAt: null,
          nextAttemptAt: sql`now() + make_interval(secs => ${waitSeconds})`,
          lastError: `Slack answered ${answer.status || "nothing"} ${answer.body}`.trim(),
        });
      }
    }
    return posted;
  }

  /** One post: Slack's status (0 for no answer within the deadline), its short body and any Retry-After. */
  private async send(url: string, message: Claimed) {
    const target = this.options.slackBaseUrl
      ? url.replace(SLACK_WEBHOOK_ORIGIN, this.options.slackBaseUrl)
      : url;
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message.payload),
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      const body = (await response.text()).slice(0, 100);
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        status: response.status,
        body,
        retryAfter: retryAfter > 0 ? Math.min(retryAfter, 3_600) : undefined,
      };
    } catch (error) {
      // The webhook's address is its secret: the error is named, the address never.
      return { status: 0, body: (error as Error).name, retryAfter: undefined };
    }
  }

  /** Writes a message's outcome while the claim is still this worker's (a slow worker's late write is dropped). */
  private async finish(message: Claimed, set: PgUpdateSetSource<typeof slackMessages>) {
    await this.options.db
      .update(slackMessages)
      .set(set)
      .where(
        and(
          eq(slackMessages.storeId, message.storeId),
          eq(slackMessages.key, message.key),
          eq(slackMessages.claimToken, message.claimToken as string),
        ),
      );
  }
}
