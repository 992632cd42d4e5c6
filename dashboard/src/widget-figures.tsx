import { formatCount, formatMoney, formatRate } from "../../lib/format.ts";
import type { DashboardMessages } from "./messages.ts";

/** What a widget row shows beyond its clicks, the same over a week and over a range. */
export interface WidgetFigures {
  impressions: number;
  ctr?: number | null;
  attributedSales: { amount: string };
  attributedOrders: number;
  conversionRate?: number | null;
}

/** The header cells over {@link WidgetFigureCells}. */
export function WidgetFigureHeads({ t }: { t: DashboardMessages }) {
  return (
    <>
      <th className="num">{t.impressions}</th>
      <th className="num" title={t.ctrHelp}>
        {t.ctr}
      </th>
      <th className="num">{t.fromClicks}</th>
      <th className="num">{t.orders}</th>
      <th className="num" title={t.conversionHelp}>
        {t.conversion}
      </th>
    </>
  );
}

/** Impressions, click-through rate, and the sales, orders and conversion credited to the widget's clicks. */
export function WidgetFigureCells({
  figures,
  locale,
  currency,
}: {
  figures: WidgetFigures;
  locale: string;
  currency: string;
}) {
  const rate = (value: number | null | undefined) =>
    value === null || value === undefined ? "–" : formatRate(value, locale);
  return (
    <>
      <td className="num">{formatCount(figures.impressions, locale)}</td>
      <td className="num">{rate(figures.ctr)}</td>
      <td className="num">{formatMoney(figures.attributedSales.amount, currency, locale)}</td>
      <td className="num">{formatCount(figures.attributedOrders, locale)}</td>
      <td className="num">{rate(figures.conversionRate)}</td>
    </>
  );
}
