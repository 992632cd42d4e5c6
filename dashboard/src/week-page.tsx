import { useState } from "react";
import { useQuery } from "urql";
import { formatChange, formatCount, formatDay, formatMoney, formatWeekRange } from "../../lib/format.ts";
import { languageOf } from "../../lib/language.ts";
import { lastCompletedWeek, shiftWeek, weekStart } from "../../lib/week.ts";
import { CsvButton, csvName } from "./csv.tsx";
import { Headline, Unavailable } from "./headline.tsx";
import { HoldoutsPanel } from "./holdouts-panel.tsx";
import { dashboardMessages } from "./messages.ts";
import { WeekOverviewQuery } from "./queries.ts";
import { navigate } from "./route.ts";
import type { StoreInfo } from "./store.ts";
import { TrendChart } from "./trend-chart.tsx";
import { WidgetFigureCells, WidgetFigureHeads } from "./widget-figures.tsx";

const TREND_WEEKS = 12;

/** One ISO week: headline totals against the week before, 12 weeks of trends, widgets and products. */
export function WeekPage({ store, week }: { store: StoreInfo; week: string }) {
  const language = languageOf(store.locale);
  const t = dashboardMessages[language];
  const { locale, currency } = store;
  const previousWeek = shiftWeek(week, -1);
  const [{ data, error, fetching }] = useQuery({
    query: WeekOverviewQuery,
    variables: { storeId: store.id, week, weeks: TREND_WEEKS },
  });
  const latest = lastCompletedWeek(store.timezone, new Date());
  const overview = data?.store;
  // Each widget with its figures, as the page shows them.
  const widgets =
    overview?.widgetWeeks.map(({ widget, ...figures }) => ({
      ...widget,
      clicks: figures.clicks,
      previousClicks: figures.previousClicks,
      figures,
    })) ?? [];
  // The ranked products' names, from the widgets that show them: asked under `topProducts`, they would
  // send the gateway back to review after shop has ranked, a fourth fetch in a row.
  const productNames = new Map(widgets.flatMap((widget) => widget.products.map((p) => [p.id, p.name])));
  const productName = (id: string) => productNames.get(id) ?? id;
  const clicks = overview?.clickSeries;
  const sales = overview?.salesSeries;
  const [current, before] = [sales?.at(-1), sales?.at(-2)];
  const money = (amount: string) => formatMoney(amount, currency, locale);
  const change = (now: number, then: number) => t.vsLastWeek(formatChange(now, then, locale, t.newThisWeek));

  return (
    <>
      <nav aria-label={t.week}>
        <button
          type="button"
          onClick={() => navigate({ storeId: store.id, mode: "week", week: previousWeek })}
        >
          {t.previousWeek}
        </button>
        <h2 data-testid="period">{formatWeekRange(weekStart(week), locale)}</h2>
        <button
          type="button"
          disabled={week >= latest}
          onClick={() => navigate({ storeId: store.id, mode: "week", week: shiftWeek(week, 1) })}
        >
          {t.nextWeek}
        </button>
        <RangeSwitch store={store} week={week} />
      </nav>
      {fetching ? <p className="state">{t.loading}</p> : null}
      {!fetching && error && !overview ? <Unavailable text={t.unavailable} /> : null}
      {/* Never the week before's figures under this week's title: panels wait for their own data. */}
      {overview && !fetching ? (
        <>
          <section className="cards">
            {clicks ? (
              <Headline
                label={t.widgetClicks}
                testId="total-clicks"
                value={formatCount(clicks.at(-1)?.clicks ?? 0, locale)}
                note={change(clicks.at(-1)?.clicks ?? 0, clicks.at(-2)?.clicks ?? 0)}
              />
            ) : (
              <Unavailable text={t.unavailable} />
            )}
            {current && before ? (
              <>
                <Headline
                  label={t.attributedSales}
                  testId="attributed-sales"
                  value={money(current.attributedSales.amount)}
                  note={`${change(
                    Number(current.attributedSales.amount),
                    Number(before.attributedSales.amount),
                  )} · ${t.attributedOrders(formatCount(current.attributedOrders, locale))}`}
                />
                <Headline
                  label={t.widgetSales}
                  testId="total-sales"
                  value={money(current.sales.amount)}
                  note={change(Number(current.sales.amount), Number(before.sales.amount))}
                />
                <Headline
                  label={t.unitsSold}
                  testId="total-units"
                  value={formatCount(current.unitsSold, locale)}
                  note={change(current.unitsSold, before.unitsSold)}
                />
              </>
            ) : (
              <Unavailable text={t.unavailable} />
            )}
          </section>
          <section>
            <div className="section-head">
              <h2>{t.trends}</h2>
              {clicks && sales ? (
                <CsvButton
                  filename={csvName(store.name, week, "weeks")}
                  label={t.downloadCsv}
                  header={[
                    "week",
                    "clicks",
                    "sales",
                    "units",
                    "attributed_sales",
                    "attributed_orders",
                    "currency",
                  ]}
                  rows={() =>
                    sales.map((week, i) => [
                      week.week,
                      clicks[i]?.clicks ?? null,
                      week.sales.amount,
                      week.unitsSold,
                      week.attributedSales.amount,
                      week.attributedOrders,
                      currency,
                    ])
                  }
                />
              ) : null}
            </div>
            {clicks && sales ? (
              <TrendChart
                labels={clicks.map((c) => formatWeekRange(weekStart(c.week), locale))}
                ticks={clicks.map((c) => formatDay(weekStart(c.week), locale))}
                clicks={clicks.map((c) => c.clicks)}
                sales={sales.map((s) => s.sales.amount)}
                attributedSales={sales.map((s) => s.attributedSales.amount)}
                format={{ count: (n) => formatCount(n, locale), money }}
                t={t}
              />
            ) : (
              <Unavailable text={t.unavailable} />
            )}
          </section>
          <section>
            <div className="section-head">
              <h2>{t.widgets}</h2>
              <CsvButton
                filename={csvName(store.name, week, "widgets")}
                label={t.downloadCsv}
                header={[
                  "widget",
                  "active",
                  "clicks",
                  "clicks_week_before",
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
                    widget.clicks,
                    widget.previousClicks,
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
            {widgets.length === 0 ? <p className="empty">{t.noWidgets}</p> : null}
            {widgets.length > 0 && widgets.every((w) => w.clicks === 0) ? (
              <p className="empty">{t.noClicks}</p>
            ) : null}
            {widgets.length > 0 ? (
              <div className="table-scroll">
                <table data-testid="widgets">
                  <thead>
                    <tr>
                      <th>{t.widget}</th>
                      <th className="num">{t.thisWeek}</th>
                      <th className="num">{t.lastWeek}</th>
                      <th className="num">{t.change}</th>
                      <WidgetFigureHeads t={t} />
                      <th>{t.products}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {widgets.map((widget) => (
                      <tr key={widget.id}>
                        <td>
                          {widget.name} {widget.active ? null : <span className="badge">{t.inactive}</span>}
                        </td>
                        <td className="num">{formatCount(widget.clicks, locale)}</td>
                        <td className="num">{formatCount(widget.previousClicks, locale)}</td>
                        <td className="num">
                          {formatChange(widget.clicks, widget.previousClicks, locale, t.newThisWeek)}
                        </td>
                        <WidgetFigureCells figures={widget.figures} locale={locale} currency={currency} />
                        <td className="muted">{widget.products.map((p) => p.name).join(", ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
          <section>
            <div className="section-head">
              <h2>{t.products}</h2>
              <CsvButton
                filename={csvName(store.name, week, "products")}
                label={t.downloadCsv}
                header={["product", "sales", "sales_week_before", "units", "currency"]}
                rows={() =>
                  overview.topProducts.map((top) => [
                    productName(top.product.id),
                    top.sales.amount,
                    top.previousSales.amount,
                    top.unitsSold,
                    currency,
                  ])
                }
              />
            </div>
            {overview.topProducts.length === 0 ? (
              <p className="empty">{t.noSales}</p>
            ) : (
              <div className="table-scroll">
                <table data-testid="products">
                  <thead>
                    <tr>
                      <th>{t.product}</th>
                      <th className="num">{t.sales}</th>
                      <th className="num">{t.units}</th>
                      <th className="num">{t.change}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.topProducts.map((top) => (
                      <tr key={top.product.id}>
                        <td>{productName(top.product.id)}</td>
                        <td className="num">{money(top.sales.amount)}</td>
                        <td className="num">{formatCount(top.unitsSold, locale)}</td>
                        <td className="num">
                          {formatChange(
                            Number(top.sales.amount),
                            Number(top.previousSales.amount),
                            locale,
                            t.newThisWeek,
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <HoldoutsPanel store={store} />
        </>
      ) : null}
    </>
  );
}

/** A from–to form: the range view starts on the shown week. */
export function RangeSwitch({
  store,
  week,
  from,
  to,
}: {
  store: StoreInfo;
  week?: string;
  from?: string;
  to?: string;
}) {
  const t = dashboardMessages[languageOf(store.locale)];
  const monday = week ? weekStart(week) : undefined;
  const [range, setRange] = useState({
    from: from ?? monday ?? "",
    to:
      to ??
      (monday ? new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10) : ""),
  });
  return (
    <form
      className="range"
      onSubmit={(event) => {
        event.preventDefault();
        navigate({ storeId: store.id, mode: "range", ...range });
      }}
    >
      <label>
        {t.from}{" "}
        <input
          type="date"
          name="from"
          value={range.from}
          onChange={(e) => setRange({ ...range, from: e.target.value })}
        />
      </label>
      <label>
        {t.to}{" "}
        <input
          type="date"
          name="to"
          value={range.to}
          onChange={(e) => setRange({ ...range, to: e.target.value })}
        />
      </label>
      <button type="submit">{t.show}</button>
    </form>
  );
}
