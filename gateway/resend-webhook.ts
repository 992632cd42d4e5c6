import type { ApolloServer } from "@apollo/server";
import { Resend, type WebhookEventPayload } from "resend";
import type { Logger } from "../lib/logger.ts";
import {
  headerOf,
  PayloadTooLargeError,
  type Routes,
  readBody,
  sendJson,
} from "../lib/transport/http-server.ts";
import { runOwnOperation } from "./own-operation.ts";
import type { GatewayContext } from "./subgraph-source.ts";

const RECORD = /* GraphQL */ `
  mutation RecordEmailEvent($input: EmailEventInput!) {
    recordEmailEvent(input: $input) { duplicate suppressed }
  }
`;
/** Resend's event payloads are small; anything larger is not one. */
const MAX_WEBHOOK_BYTES = 64_000;

/**
 * `POST /webhooks/resend`: Resend's delivery events, verified with the Resend SDK's own verification
 * (Standard Webhooks, as Svix signs them: an HMAC of id, timestamp and body, a timestamp at most 5 minutes
 * old) and `RESEND_WEBHOOK_SECRET`. A bounce or complaint of a report email (which carries its store as a
 * `store` tag) goes to shop's `recordEmailEvent` as the service; shop handles each delivery id once. An
 * unsigned, altered or stale delivery gets 400 and changes nothing; without a secret the route is absent.
 */
export function resendWebhookRoutes(
  apollo: ApolloServer<GatewayContext>,
  webhookSecret: string | undefined,
  log: Logger,
): Routes {
  if (!webhookSecret) return {};
  // The SDK's verification hangs off a client, which wants a key; verifying makes no request.
  const resend = new Resend("re_webhook_verification_only");
  return {
    "POST /webhooks/resend": async (req, res) => {
      let payload: string;
      try {
        payload = await readBody(req, MAX_WEBHOOK_BYTES);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) return sendJson(res, 413, { error: error.message });
        throw error;
      }
      const id = headerOf(req, "svix-id") ?? headerOf(req, "webhook-id") ?? "";
      let event: WebhookEventPayload;
      try {
        event = resend.webhooks.verify({
          payload,
          headers: {
            id,
            timestamp: headerOf(req, "svix-timestamp") ?? headerOf(req, "webhook-timestamp") ?? "",
            signature: headerOf(req, "svix-signature") ?? headerOf(req, "webhook-signature") ?? "",
          },
          webhookSecret,
        });
      } catch (error) {
        log.warn("resend webhook refused", { reason: (error as Error).message });
        return sendJson(res, 400, { error: "The webhook signature is not valid" });
      }
      const input = emailEventOf(id, event);
      if (!input) return sendJson(res, 202, { ignored: event.type });
      const { data, error: failure } = await runOwnOperation<{
        recordEmailEvent: { duplicate: boolean; suppressed: boolean };
      }>(apollo, "resend webhook", RECORD, { input });
      if (failure?.code === "NOT_FOUND") return sendJson(res, 202, { ignored: "unknown store" });
      if (failure || !data) {
        log.error("resend webhook not recorded", {
          eventId: id,
          reason: failure?.message,
          code: failure?.code,
        });
        // Resend delivers again later: nothing was recorded.
        res.setHeader("retry-after", "60");
        return sendJson(res, 503, { error: "Not recorded; deliver again later" });
      }
      const outcome = data.recordEmailEvent;
      if (outcome.suppressed) log.info("recipient suppressed", { storeId: input.storeId, kind: input.kind });
      sendJson(res, 200, outcome);
    },
  };
}

/** The shop input for a report email's bounce or complaint; undefined for anything else. */
function emailEventOf(eventId: string, event: WebhookEventPayload) {
  if (event.type !== "email.bounced" && event.type !== "email.complained") return undefined;
  const storeId = event.data.tags?.store;
  const email = event.data.to[0];
  if (!storeId || !email) return undefined;
  const bounce = event.type === "email.bounced" ? event.data.bounce : undefined;
  return {
    eventId,
    kind: bounce ? (bounce.type === "Permanent" ? "HARD_BOUNCE" : "SOFT_BOUNCE") : "COMPLAINT",
    storeId,
    email,
    detail: bounce
      ? `${bounce.type}${bounce.subType ? ` (${bounce.subType})` : ""}: ${bounce.message}`
      : "complaint",
    occurredAt: event.created_at,
  };
}
