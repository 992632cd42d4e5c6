import { useQuery } from "urql";
import { formatCount, formatDateRange, formatMoney } from "../../lib/format.ts";
import { languageOf } from "../../lib/language.ts";
import { sumAmounts } from "../../lib/money.ts";
import { CsvButton, csvName } from "./csv.tsx";
import { Headline, Unavailable } from "./headline.tsx";
import { dashboardMessages } from "./messages.ts";
import { RangeOverviewQuery } from "./queries.ts";
import { navigate } from "./route.ts";
import type { StoreInfo } from "./store.ts";
import { RangeSwitch } from "./week-page.tsx";
import { WidgetFigureCells, WidgetFigureHeads } from "./widget-figures.tsx";

/** Any `from`–`to` (at most 366 days, the graph's own limit): clicks, credited sales and sales over it. */
export function RangePage({ store, from, to }: { store: StoreInfo; from: string; to: string }) {
  const t = dashboardMessages[languageOf(store.locale)];
  const { locale, currency } = store;
  const [{ data, error, fetching }] = useQuery({
    query: RangeOverviewQuery,
    variables: { storeId: store.id, from, to },
  });
  // Each widget with its figures, as the page shows them.
  const widgets = data?.store?.widgetRanges.map(({ widget, ...figures }) => ({ ...widget, figures }));
  // The products the store's active widgets show, each once: the set the weekly figures rank.
  const products = new Map(
    (widgets ?? []).filter((w) => w.active).flatMap((w) => w.products.map((p) => [p.id, p] as const)),
  );
  const ranked = [...products.values()].sort((a, b) => Number(b.sales.amount) - Number(a.sales.amount));
  const badInput = error?.graphQLErrors.find((e) => e.extensions?.code === "BAD_USER_INPUT");
  return (
    <>
      <nav aria-label={t.range}>
        <button type="button" onClick={() => navigate({ storeId: store.id, mode: "week", week: null })}>
          {t.week}
        </button>
        <h2 data-testid="period">{formatDateRange(from, to, locale)}</h2>
        <RangeSwitch store={store} from={from} to={to} />
      </nav>
      {fetching ? <p className="state">{t.loading}</p> : null}
      {badInput ? <p className="unavailable">{badInput.message}</p> : null}
      {error && !badInput && !widgets ? <Unavailable text={t.unavailable} /> : null}
      {widgets && !fetching ? (
        <>
          <section className="cards">
            <Headline
              label={t.widgetClicks}
              testId="total-clicks"
              value={formatCount(
                widgets.reduce((sum, w) => sum + w.figures.clicks, 0),
                locale,
              )}
            />
            <Headline
              label={t.attributedSales}
              testId="attributed-sales"
              value={formatMoney(
                sumAmounts(widgets.map((w) => w.figures.attributedSales.amount)),
                currency,
                locale,
              )}
              note={t.attributedOrders(
                formatCount(
                  widgets.reduce((sum, w) => sum + w.figures.attributedOrders, 0),
                  locale,
                ),
              )}
            />
            <Headline
              label={t.widgetSales}
              testId="total-sales"
              value={formatMoney(sumAmounts(ranked.map((p) => p.sales.amount)), currency, locale)}
            />
          </section>
          <section>
            <div className="section-head">
              <h2>{t.widgets}</h2>
              <CsvButton
                filename={csvName(store.name, `${from}-${to}`, "widgets")}
                label={t.downloadCsv}
                header={[
                  "widget",
                  "active",
                  "clicks",
                  "impressions",
                  "ctr",
                  "attributed_sales",
                  "attributed_orders",
                  "conversion_rate",
                  "currency",
                ]}
                rows={() =>
                  widgets.map((widget) => [
                    widget.name,
                    widget.active,
                    widget.figures.clicks,
                    widget.figures.impressions,
                    widget.figures.ctr,
                    widget.figures.attributedSales.amount,
                    widget.figures.attributedOrders,
                    widget.figures.conversionRate,
                    currency,
                  ])
                }
              />
            </div>
            {widgets.length === 0 ? (
              <p className="empty">{t.noWidgets}</p>
            ) : (
              <div className="table-scroll">
                <table data-testid="widgets">
                  <thead>
                    <tr>
                      <th>{t.widget}</th>
                      <th className="num">{t.clicks}</th>
                      <WidgetFigureHeads t={t} />
                    </tr>
                  </thead>
                  <tbody>
                    {widgets.map((w) => (
                      <tr key={w.id}>
                        <td>
                          {w.name} {w.active ? null : <span className="badge">{t.inactive}</span>}
                        </td>
                        <td className="num">{formatCount(w.figures.clicks, locale)}</td>
                        <WidgetFigureCells figures={w.figures} locale={locale} currency={currency} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section>
            <div className="section-head">
              <h2>{t.products}</h2>
              <CsvButton
                filename={csvName(store.name, `${from}-${to}`, "products")}
                label={t.downloadCsv}
                header={["product", "sales", "currency"]}
                rows={() => ranked.map((product) => [product.name, product.sales.amount, currency])}
              />
            </div>
            {ranked.every((p) => Number(p.sales.amount) === 0) ? <p className="empty">{t.noSales}</p> : null}
            {ranked.length > 0 ? (
              <div className="table-scroll">
                <table data-testid="products">
                  <thead>
                    <tr>
                      <th>{t.product}</th>
                      <th className="num">{t.sales}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ranked.map((p) => (
                      <tr key={p.id}>
                        <td>{p.name}</td>
                        <td className="num">{formatMoney(p.sales.amount, currency, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}
