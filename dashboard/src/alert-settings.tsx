import { type FormEvent, useState } from "react";
import { type CombinedError, useMutation } from "urql";
import type { AlertDestinationsInput, StoreSettingsQuery } from "./gql/graphql.ts";
import { SetAlertDestinationsMutation } from "./queries.ts";
import type { settingsMessages } from "./settings-messages.ts";
import type { StoreInfo } from "./store.ts";

type Destinations = NonNullable<StoreSettingsQuery["store"]>["alertDestinations"];

/**
 * Where alerts go: by email to the recipients, and to a Slack channel's incoming webhook, shown only by
 * its hint once set; a webhook Slack refused is shown paused with Slack's answer. The store's owner
 * changes these (an emailed settings link is told so by the graph).
 */
export function AlertSettings({
  store,
  destinations,
  t,
  after,
}: {
  store: StoreInfo;
  destinations: Destinations;
  t: (typeof settingsMessages)["en" | "ko"];
  after: (result: { error?: CombinedError }, done: string) => boolean;
}) {
  const [webhook, setWebhook] = useState("");
  const [, setDestinations] = useMutation(SetAlertDestinationsMutation);
  const change = async (input: AlertDestinationsInput, done: string) =>
    after(await setDestinations({ storeId: store.id, input }), done);
  const connect = async (event: FormEvent) => {
    event.preventDefault();
    if (await change({ slackWebhookUrl: webhook.trim() }, t.slackConnected)) setWebhook("");
  };
  const { slack } = destinations;
  const when = new Intl.DateTimeFormat(store.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: store.timezone,
  });
  return (
    <section aria-labelledby="alerts-title" data-testid="alert-settings">
      <h2 id="alerts-title">{t.alerts}</h2>
      <p className="muted">{t.alertsHelp}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={destinations.email}
          onChange={(e) => change({ email: e.target.checked }, t.alertsSaved)}
          data-testid="alerts-email"
        />
        {t.alertsByEmail}
      </label>
      <h3>{t.slack}</h3>
      {slack ? (
        <div className="platform" data-testid="slack-destination">
          <p>
            <code>{slack.hint}</code>
          </p>
          {slack.pausedAt ? (
            <p className="unavailable" role="status">
              {t.slackPaused(when.format(new Date(slack.pausedAt)), slack.pausedReason ?? "")}
            </p>
          ) : null}
          <label className="check">
            <input
              type="checkbox"
              checked={slack.reports}
              onChange={(e) => change({ slackReports: e.target.checked }, t.alertsSaved)}
              data-testid="slack-reports"
            />
            {t.slackReports}
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() => change({ removeSlack: true }, t.slackRemoved)}
          >
            {t.slackRemove}
          </button>
        </div>
      ) : null}
      <p className="muted">{t.slackHelp}</p>
      <form className="settings-form" onSubmit={connect}>
        <label>
          {t.slackWebhook}
          <input
            type="url"
            required
            value={webhook}
            onChange={(e) => setWebhook(e.target.value)}
            placeholder="https://hooks.slack.com/services/…"
            autoComplete="off"
            data-testid="slack-webhook"
          />
        </label>
        <button type="submit">{t.slackConnect}</button>
      </form>
    </section>
  );
}
