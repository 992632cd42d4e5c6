import { useEffect, useMemo, useState } from "react";
import { Client, fetchExchange, Provider, useQuery } from "urql";
import { languageOf } from "../../lib/language.ts";
import { lastCompletedWeek } from "../../lib/week.ts";
import { dashboardMessages } from "./messages.ts";
import { StoreHeaderQuery } from "./queries.ts";
import { RangePage } from "./range-page.tsx";
import { type View, viewFromLocation } from "./route.ts";
import { forgetToken, type TokenKind, takeToken, tokenFits } from "./session.ts";
import { SettingsPage } from "./settings-page.tsx";
import { WeekPage } from "./week-page.tsx";

export function App({ graphqlUrl }: { graphqlUrl: string }) {
  const [view, setView] = useState<View | null>(() => viewFromLocation(window.location));
  useEffect(() => {
    const onPop = () => setView(viewFromLocation(window.location));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const storeId = view?.storeId;
  const tokenKind: TokenKind = view?.mode === "settings" ? "settings" : "dashboard";
  const token = useMemo(() => (storeId ? takeToken(storeId, tokenKind) : null), [storeId, tokenKind]);
  const client = useMemo(
    () =>
      new Client({
        url: graphqlUrl,
        exchanges: [fetchExchange],
        // The network each time a view is opened (and after each settings change), nothing kept across tokens.
        requestPolicy: "network-only",
        // POST: the gateway refuses GET operations without a preflight header (CSRF prevention).
        preferGetMethod: false,
        fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
      }),
    [graphqlUrl, token],
  );
  if (!view || !token || !tokenFits(token, view.storeId)) return <InvalidLink />;
  return (
    <Provider value={client}>
      <StorePage view={view} tokenKind={tokenKind} graphqlUrl={graphqlUrl} />
    </Provider>
  );
}

function StorePage({
  view,
  tokenKind,
  graphqlUrl,
}: {
  view: View;
  tokenKind: TokenKind;
  graphqlUrl: string;
}) {
  const [{ data, error, fetching }] = useQuery({
    query: StoreHeaderQuery,
    variables: { storeId: view.storeId },
  });
  if (fetching) return <p className="state">{dashboardMessages.en.loading}</p>;
  const refused = error?.graphQLErrors.some((e) =>
    ["UNAUTHENTICATED", "FORBIDDEN"].includes(String(e.extensions?.code)),
  );
  if (refused || (data && !data.store)) {
    forgetToken(view.storeId, tokenKind);
    return <InvalidLink />;
  }
  const store = data?.store;
  if (!store) return <Failure />;
  const t = dashboardMessages[languageOf(store.locale)];
  return (
    <main lang={store.locale}>
      <header>
        <p className="eyebrow">{t.title}</p>
        <h1>{store.name}</h1>
      </header>
      {view.mode === "week" ? (
        <WeekPage store={store} week={view.week ?? lastCompletedWeek(store.timezone, new Date())} />
      ) : view.mode === "range" ? (
        <RangePage store={store} from={view.from} to={view.to} />
      ) : (
        <SettingsPage store={store} graphqlUrl={graphqlUrl} />
      )}
    </main>
  );
}

/** Shown for an expired, altered or other store's link: a clear message and none of the store's data. */
function InvalidLink() {
  const language = navigator.language.startsWith("ko") ? "ko" : "en";
  const t = dashboardMessages[language];
  return (
    <main className="notice" data-testid="invalid-link">
      <h1>{t.invalidTitle}</h1>
      <p>{t.invalidBody}</p>
    </main>
  );
}

function Failure() {
  const t = dashboardMessages.en;
  return (
    <main className="notice">
      <h1>{t.errorTitle}</h1>
      <p>{t.errorBody}</p>
    </main>
  );
}
