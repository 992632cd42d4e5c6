import { useQuery } from "urql";
import { formatCount, formatMoney } from "../../lib/format.ts";
import { languageOf } from "../../lib/language.ts";
import { CsvButton, csvName, slug } from "./csv.tsx";
import { dashboardMessages } from "./messages.ts";
import { StoreHoldoutsQuery } from "./queries.ts";
import type { StoreInfo } from "./store.ts";

/**
 * What each running holdout says its widget added: the latest look's verdict, and both groups week by
 * week since the run started (docs/holdouts.md). Nothing when the store runs no holdout.
 */
export function HoldoutsPanel({ store }: { store: StoreInfo }) {
  const t = dashboardMessages[languageOf(store.locale)];
  const [{ data }] = useQuery({ query: StoreHoldoutsQuery, variables: { storeId: store.id } });
  const holdouts = data?.store?.holdouts ?? [];
  if (holdouts.length === 0) return null;
  const money = (amount: string) => formatMoney(amount, store.currency, store.locale);
  const since = new Intl.DateTimeFormat(store.locale, { dateStyle: "medium", timeZone: store.timezone });
  return (
    <section data-testid="holdouts">
      <h2>{t.holdouts}</h2>
      <p className="muted">{t.holdoutsHelp}</p>
      {holdouts.map((holdout) => {
        const latest = holdout.looks.at(-1);
        return (
          <div className="holdout" key={holdout.id}>
            <h3>
              {t.holdoutTitle(
                holdout.widget.name,
                formatCount(holdout.share, store.locale),
                since.format(new Date(holdout.startedAt)),
              )}
            </h3>
            <p data-testid="holdout-verdict">
              {!latest
                ? t.holdoutFirstWeek
                : latest.verdict === "ADDED" || latest.verdict === "TOOK_AWAY"
                  ? t.holdoutVerdict(
                      latest.verdict === "ADDED",
                      money(latest.incrementalRevenue.value.amount.replace("-", "")),
                      money(latest.incrementalRevenue.low.amount),
                      money(latest.incrementalRevenue.high.amount),
                    )
                  : t.holdoutNotYet(
                      latest.visitorsStillNeeded == null
                        ? null
                        : formatCount(latest.visitorsStillNeeded, store.locale),
                    )}
            </p>
            {holdout.looks.length > 0 ? (
              <div className="section-head">
                <span />
                <CsvButton
                  filename={csvName(
                    store.name,
                    holdout.startedAt.slice(0, 10),
                    `holdout-${slug(holdout.widget.name)}`,
                  )}
                  label={t.downloadCsv}
                  header={[
                    "week",
                    "exposed_visitors",
                    "held_out_visitors",
                    "exposed_revenue_per_visitor",
                    "held_out_revenue_per_visitor",
                    "incremental_revenue",
                    "incremental_revenue_low",
                    "incremental_revenue_high",
                    "verdict",
                    "currency",
                  ]}
                  rows={() =>
                    holdout.looks.map((look) => [
                      look.week,
                      look.exposed.visitors,
                      look.heldOut.visitors,
                      look.exposed.revenuePerVisitor.amount,
                      look.heldOut.revenuePerVisitor.amount,
                      look.incrementalRevenue.value.amount,
                      look.incrementalRevenue.low.amount,
                      look.incrementalRevenue.high.amount,
                      look.verdict,
                      store.currency,
                    ])
                  }
                />
              </div>
            ) : null}
            {holdout.looks.length > 0 ? (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t.holdoutWeek}</th>
                      <th className="num">{t.holdoutVisitors}</th>
                      <th className="num">{t.holdoutRevenuePerVisitor}</th>
                      <th className="num">{t.holdoutAdded}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {holdout.looks.map((look) => (
                      <tr key={look.week}>
                        <td>{t.holdoutWeekNumber(look.week)}</td>
                        <td className="num">
                          {formatCount(look.exposed.visitors, store.locale)} /{" "}
                          {formatCount(look.heldOut.visitors, store.locale)}
                        </td>
                        <td className="num">
                          {money(look.exposed.revenuePerVisitor.amount)} /{" "}
                          {money(look.heldOut.revenuePerVisitor.amount)}
                        </td>
                        <td className="num">
                          {money(look.incrementalRevenue.value.amount)}{" "}
                          <span className="muted">
                            ({money(look.incrementalRevenue.low.amount)} –{" "}
                            {money(look.incrementalRevenue.high.amount)})
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
