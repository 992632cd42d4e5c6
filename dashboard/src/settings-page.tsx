import { type FormEvent, useState } from "react";
import { type CombinedError, useMutation, useQuery } from "urql";
import { languageOf } from "../../lib/language.ts";
import { AlertSettings } from "./alert-settings.tsx";
import type { ReportCadence, StoreSettingsQuery } from "./gql/graphql.ts";
import { Unavailable } from "./headline.tsx";
import { HoldoutSettings } from "./holdout-settings.tsx";
import { dashboardMessages } from "./messages.ts";
import {
  AddRecipientMutation,
  RemoveRecipientMutation,
  SetCadenceMutation,
  SetPausedMutation,
  SetScheduleMutation,
  StoreSettingsQuery as SettingsQuery,
} from "./queries.ts";
import { settingsMessages } from "./settings-messages.ts";
import type { StoreInfo } from "./store.ts";

const CADENCES: readonly ReportCadence[] = ["WEEKLY", "MONTHLY", "BOTH"];
const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`);

type Settings = NonNullable<StoreSettingsQuery["store"]>;
type Words = (typeof settingsMessages)["en" | "ko"];

/**
 * The report's settings, opened from an email's "Manage these emails" link: when it goes out, whether it
 * is paused, who receives it (added addresses wait for their owner's confirmation), the addresses the
 * provider stopped, and every change with who made it. Each change is one mutation, then a fresh read.
 */
export function SettingsPage({ store, graphqlUrl }: { store: StoreInfo; graphqlUrl: string }) {
  const language = languageOf(store.locale);
  const t = settingsMessages[language];
  const [{ data, error, fetching }, refetch] = useQuery({
    query: SettingsQuery,
    variables: { storeId: store.id },
  });
  const settings = data?.store;
  const [notice, setNotice] = useState<{ text: string; failed: boolean } | null>(null);
  // Every change: tell the person what happened (or what was wrong), then read the page's data again.
  const after = (result: { error?: CombinedError }, done: string) => {
    setNotice(
      result.error ? { text: problemOf(result.error, t), failed: true } : { text: done, failed: false },
    );
    refetch({ requestPolicy: "network-only" });
    return !result.error;
  };

  return (
    <>
      <h2 className="page-title">{t.title}</h2>
      {notice ? (
        <p className={notice.failed ? "unavailable" : "saved"} role={notice.failed ? "alert" : "status"}>
          {notice.text}
        </p>
      ) : null}
      {fetching && !settings ? <p className="state">{dashboardMessages[language].loading}</p> : null}
      {error && !settings ? <Unavailable text={dashboardMessages[language].unavailable} /> : null}
      {settings ? (
        <>
          <ScheduleSection store={store} settings={settings} t={t} after={after} />
          <RecipientsSection store={store} settings={settings} t={t} after={after} />
          <AlertSettings store={store} destinations={settings.alertDestinations} t={t} after={after} />
          <PlatformsSection store={store} settings={settings} t={t} gatewayUrl={graphqlUrl} />
          <HoldoutSettings store={store} after={after} />
          <HistorySection store={store} settings={settings} t={t} />
        </>
      ) : null}
    </>
  );
}

interface SectionProps {
  store: StoreInfo;
  settings: Settings;
  t: Words;
  after: (result: { error?: CombinedError }, done: string) => boolean;
}

function ScheduleSection({ store, settings, t, after }: SectionProps) {
  const { reportSchedule } = settings;
  const [day, setDay] = useState(reportSchedule.dayOfWeek);
  const [hour, setHour] = useState(reportSchedule.hour);
  const [, setSchedule] = useMutation(SetScheduleMutation);
  const [, setPaused] = useMutation(SetPausedMutation);
  const [, setCadence] = useMutation(SetCadenceMutation);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    after(await setSchedule({ storeId: store.id, dayOfWeek: day, hour }), t.saved);
  };
  const toggle = async () => {
    const paused = !reportSchedule.paused;
    after(await setPaused({ storeId: store.id, paused }), paused ? t.paused : t.running);
  };
  return (
    <section aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t.schedule}</h2>
      <p className="muted">{t.scheduleHelp(store.timezone)}</p>
      <form className="settings-form" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t.cadence}
          <select
            value={reportSchedule.cadence}
            onChange={async (e) =>
              after(
                await setCadence({ storeId: store.id, cadence: e.target.value as ReportCadence }),
                t.cadenceSaved,
              )
            }
            data-testid="cadence"
          >
            {CADENCES.map((cadence) => (
              <option key={cadence} value={cadence}>
                {t.cadences[cadence]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <form className="settings-form" onSubmit={save}>
        <label>
          {t.day}
          <select value={day} onChange={(e) => setDay(Number(e.target.value))} data-testid="schedule-day">
            {t.dayNames.map((name, index) => (
              <option key={name} value={index + 1}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.hour}
          <select value={hour} onChange={(e) => setHour(Number(e.target.value))} data-testid="schedule-hour">
            {HOURS.map((label, h) => (
              <option key={label} value={h}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.save}</button>
      </form>
      <p data-testid="pause-state">{reportSchedule.paused ? t.paused : t.running}</p>
      <button type="button" onClick={toggle}>
        {reportSchedule.paused ? t.resume : t.pause}
      </button>
    </section>
  );
}

function RecipientsSection({ store, settings, t, after }: SectionProps) {
  const [email, setEmail] = useState("");
  const [removing, setRemoving] = useState<string | null>(null);
  const [, add] = useMutation(AddRecipientMutation);
  const [, remove] = useMutation(RemoveRecipientMutation);
  const day = dayFormat(store);
  const ask = async (address: string) => {
    if (after(await add({ storeId: store.id, email: address }), t.added(address))) setEmail("");
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void ask(email.trim());
  };
  const confirmRemove = async (address: string) => {
    setRemoving(null);
    after(await remove({ storeId: store.id, email: address }), t.action("RECIPIENT_REMOVED", address, ""));
  };
  const rows = [
    ...settings.reportRecipients.map((address) => ({ address, status: t.receiving })),
    ...settings.pendingRecipients.map((pending) => ({
      address: pending.email,
      status: pending.expired ? t.expired : t.waiting(day.format(new Date(pending.expiresAt))),
    })),
  ];
  return (
    <section aria-labelledby="recipients-title">
      <h2 id="recipients-title">{t.recipients}</h2>
      {rows.length === 0 ? <p className="empty">{t.noRecipients}</p> : null}
      <ul className="recipients" data-testid="recipients">
        {rows.map(({ address, status }) => (
          <li key={address}>
            <span className="address">{address}</span>
            <span className="muted">{status}</span>
            {removing === address ? (
              <span className="confirm-remove">
                {t.removeConfirm(address)}{" "}
                <button type="button" onClick={() => confirmRemove(address)}>
                  {t.remove}
                </button>
                <button type="button" className="secondary" onClick={() => setRemoving(null)}>
                  ✕
                </button>
              </span>
            ) : (
              <button type="button" className="secondary" onClick={() => setRemoving(address)}>
                {t.remove}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="settings-form" onSubmit={submit}>
        <label>
          {t.email}
          <input
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            data-testid="new-recipient"
          />
        </label>
        <button type="submit">{t.add}</button>
      </form>
      {settings.suppressedRecipients.length > 0 ? (
        <>
          <h3>{t.suppressed}</h3>
          <p className="muted">{t.suppressedHelp}</p>
          <ul className="recipients" data-testid="suppressed">
            {settings.suppressedRecipients.map((row) => (
              <li key={row.email}>
                <span className="address">{row.email}</span>
                <span className="muted">
                  {row.reason === "COMPLAINT" ? t.complaint : t.bounce} ·{" "}
                  {day.format(new Date(row.suppressedAt))}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const PLATFORM_NAMES = { SHOPIFY: "Shopify", WOOCOMMERCE: "WooCommerce" } as const;

/** The store's shop platforms: what to register on each, and whether its deliveries arrive and are taken. */
function PlatformsSection({
  store,
  settings,
  t,
  gatewayUrl,
}: Omit<SectionProps, "after"> & { gatewayUrl: string }) {
  const when = new Intl.DateTimeFormat(store.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: store.timezone,
  });
  const at = (iso: string) => when.format(new Date(iso));
  return (
    <section aria-labelledby="platforms-title" data-testid="platforms">
      <h2 id="platforms-title">{t.platforms}</h2>
      {settings.platformConnections.length === 0 ? (
        <p className="empty">{t.noPlatform}</p>
      ) : (
        <>
          <p className="muted">{t.platformsHelp}</p>
          {settings.platformConnections.map((connection) => (
            <div className="platform" key={connection.platform}>
              <h3>
                {PLATFORM_NAMES[connection.platform]} · {connection.source}
              </h3>
              <dl>
                <dt>{t.address}</dt>
                <dd>
                  <code>{new URL(connection.webhookPath, gatewayUrl).href}</code>
                </dd>
                <dt>{t.topics}</dt>
                <dd>{connection.topics.join(", ")}</dd>
                <dt>{t.lastDelivery}</dt>
                <dd>{connection.lastReceivedAt ? at(connection.lastReceivedAt) : t.never}</dd>
              </dl>
              <p className="muted">{t.connectedSince(at(connection.connectedAt))}</p>
              {connection.lastRefusedAt && connection.lastRefusal ? (
                <p className="unavailable" role="status">
                  {t.lastRefused(at(connection.lastRefusedAt), connection.lastRefusal)}
                </p>
              ) : null}
              {connection.lastFailedAt && connection.lastFailure ? (
                <p className="unavailable" role="status">
                  {t.lastFailed(at(connection.lastFailedAt), connection.lastFailure)}
                </p>
              ) : null}
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function HistorySection({ store, settings, t }: Omit<SectionProps, "after">) {
  const when = new Intl.DateTimeFormat(store.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: store.timezone,
  });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t.history}</h2>
      {settings.settingsChanges.length === 0 ? (
        <p className="empty">{t.noHistory}</p>
      ) : (
        <div className="table-scroll">
          <table className="history" data-testid="history">
            <thead>
              <tr>
                <th>{t.when}</th>
                <th>{t.what}</th>
                <th>{t.who}</th>
              </tr>
            </thead>
            <tbody>
              {settings.settingsChanges.map((change) => (
                <tr key={change.id}>
                  <td className="num">{when.format(new Date(change.at))}</td>
                  <td>
                    {t.action(
                      change.action,
                      change.email ?? "",
                      change.dayOfWeek === null || change.hour === null
                        ? ""
                        : `${t.dayNames[change.dayOfWeek - 1]} ${String(change.hour).padStart(2, "0")}:00`,
                    )}
                  </td>
                  <td className="muted">{t.actor(change.by, change.byRef ?? "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const dayFormat = (store: StoreInfo) =>
  new Intl.DateTimeFormat(store.locale, { dateStyle: "medium", timeZone: store.timezone });

/** What the graph said when the owner can act on it (a bad address, a confirmation asked for too soon). */
function problemOf(error: CombinedError, t: Words): string {
  const refused = error.graphQLErrors.find(
    (e) =>
      e.extensions?.code === "BAD_USER_INPUT" ||
      e.extensions?.code === "TOO_MANY_REQUESTS" ||
      e.extensions?.code === "FORBIDDEN",
  );
  return refused ? refused.message : t.failed;
}
