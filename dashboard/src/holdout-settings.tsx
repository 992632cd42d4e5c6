import { type FormEvent, useState } from "react";
import { type CombinedError, useMutation, useQuery } from "urql";
import { formatCount } from "../../lib/format.ts";
import { languageOf } from "../../lib/language.ts";
import type { WidgetHoldoutsQuery } from "./gql/graphql.ts";
import { WidgetHoldoutsQuery as HoldoutsQuery, SetHoldoutMutation } from "./queries.ts";
import { settingsMessages } from "./settings-messages.ts";
import type { StoreInfo } from "./store.ts";

/** The shares an owner may choose: off, or 5 to 50 % (docs/holdouts.md). */
const SHARES = [0, 5, 10, 20, 30, 40, 50];

type Widget = NonNullable<WidgetHoldoutsQuery["store"]>["widgets"][number];

/**
 * Each active widget's holdout, set by the store's owner (its own token): an emailed settings link only
 * reads that holdouts are the owner's to set. Each widget's runs, newest first, are its history.
 */
export function HoldoutSettings({
  store,
  after,
}: {
  store: StoreInfo;
  after: (result: { error?: CombinedError }, done: string) => boolean;
}) {
  const t = settingsMessages[languageOf(store.locale)];
  const [{ data, error }, refetch] = useQuery({ query: HoldoutsQuery, variables: { storeId: store.id } });
  const forbidden = error?.graphQLErrors.some((e) => e.extensions?.code === "FORBIDDEN");
  const widgets = data?.store?.widgets.filter((widget) => widget.active) ?? [];
  return (
    <section aria-labelledby="holdouts-title" data-testid="holdout-settings">
      <h2 id="holdouts-title">{t.holdouts}</h2>
      <p className="muted">{t.holdoutsHelp}</p>
      {forbidden ? <p className="empty">{t.holdoutsOwnerOnly}</p> : null}
      {widgets.map((widget) => (
        <WidgetHoldout
          key={widget.id}
          store={store}
          widget={widget}
          t={t}
          after={(result, done) => {
            refetch({ requestPolicy: "network-only" });
            return after(result, done);
          }}
        />
      ))}
    </section>
  );
}

function WidgetHoldout({
  store,
  widget,
  t,
  after,
}: {
  store: StoreInfo;
  widget: Widget;
  t: (typeof settingsMessages)["en" | "ko"];
  after: (result: { error?: CombinedError }, done: string) => boolean;
}) {
  const [share, setShare] = useState(widget.holdout?.share ?? 0);
  const [, setHoldout] = useMutation(SetHoldoutMutation);
  const when = new Intl.DateTimeFormat(store.locale, { dateStyle: "medium", timeZone: store.timezone });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    after(await setHoldout({ widgetId: widget.id, share }), t.holdoutSaved(widget.name));
  };
  return (
    <div className="holdout-setting">
      <form className="settings-form" onSubmit={save}>
        <label>
          {widget.name}
          <select
            value={share}
            onChange={(e) => setShare(Number(e.target.value))}
            data-testid={`holdout-${widget.id}`}
          >
            {SHARES.map((option) => (
              <option key={option} value={option}>
                {option === 0 ? t.holdoutOff : t.holdoutShare(formatCount(option, store.locale))}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.holdoutSave}</button>
      </form>
      {widget.holdoutRuns.length > 0 ? (
        <ul className="muted">
          {widget.holdoutRuns.map((run) => (
            <li key={run.id}>
              {t.holdoutRun(
                formatCount(run.share, store.locale),
                when.format(new Date(run.startedAt)),
                run.stoppedAt ? when.format(new Date(run.stoppedAt)) : null,
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
