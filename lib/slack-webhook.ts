import { BadInputError } from "./errors.ts";

/**
 * Slack incoming webhooks: `https://hooks.slack.com/services/T…/B…/<secret>`. The whole address is the
 * credential (anyone holding it posts to the channel), so it is checked where it enters, sealed at rest,
 * shown only as a hint and never logged.
 */
export const SLACK_WEBHOOK_ORIGIN = "https://hooks.slack.com";
const PATH = /^\/services\/(T[A-Z0-9]{2,})\/(B[A-Z0-9]{2,})\/([A-Za-z0-9]{8,64})$/;

/** A webhook address as Slack issues them; anything else (another host, http, a query) is refused. */
export function assertSlackWebhook(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadInputError("The Slack webhook is not an address (https://hooks.slack.com/services/...)");
  }
  if (url.origin !== SLACK_WEBHOOK_ORIGIN || url.search || url.hash || url.username || url.password)
    throw new BadInputError(
      "A Slack webhook is an https://hooks.slack.com/services/... address, from the channel's Incoming Webhooks app",
    );
  if (!PATH.test(url.pathname))
    throw new BadInputError(
      "That hooks.slack.com address is not an incoming webhook (https://hooks.slack.com/services/T…/B…/…)",
    );
  return `${url.origin}${url.pathname}`;
}

/** What the settings page shows of a webhook: its workspace and webhook ids, and the secret's last 4. */
export function slackWebhookHint(webhook: string): string {
  const [, team = "", hook = "", secret = ""] = PATH.exec(new URL(webhook).pathname) ?? [];
  return `${SLACK_WEBHOOK_ORIGIN}/services/${team}/${hook}/…${secret.slice(-4)}`;
}
