import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { DashboardMessages } from "./messages.ts";

interface TrendProps {
  /** Each week in full (the table), and short (the chart's axis). */
  labels: string[];
  ticks: string[];
  clicks: number[];
  /** Exact decimal strings; the chart draws them as numbers, the table prints them exactly. */
  sales: string[];
  /** Sales credited to widget clicks, on the sales scale. */
  attributedSales: string[];
  format: { count: (n: number) => string; money: (amount: string) => string };
  t: DashboardMessages;
}

/**
 * Clicks and sales per week as a chart (uPlot: about 20 kB gzipped, canvas, built for time series), with
 * the same numbers in a table beside it so they can be read exactly and by a screen reader.
 */
export function TrendChart({ labels, ticks, clicks, sales, attributedSales, format, t }: TrendProps) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const x = labels.map((_, i) => i);
    // The box's width inside its padding, so the chart fits a phone and follows a rotated one.
    const width = () => Math.max(200, Math.min(element.clientWidth - 16, 960));
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        scales: { x: { time: false }, sales: { auto: true } },
        axes: [
          { values: (_u, at) => at.map((i) => ticks[i] ?? "") },
          { label: t.clicks },
          { label: t.sales, scale: "sales", side: 1, size: 90, grid: { show: false } },
        ],
        series: [
          { label: t.week, value: (_u, i) => labels[i] ?? "" },
          { label: t.clicks, stroke: "#2563eb", width: 2, points: { show: true } },
          { label: t.sales, stroke: "#16a34a", width: 2, scale: "sales", points: { show: true } },
          { label: t.fromClicks, stroke: "#ea580c", width: 2, scale: "sales", points: { show: true } },
        ],
        legend: { show: true },
      },
      [x, clicks, sales.map(Number), attributedSales.map(Number)],
      element,
    );
    const resized = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [labels, ticks, clicks, sales, attributedSales, t]);
  return (
    <div className="trends">
      <div ref={target} className="chart" role="img" aria-label={t.trends} />
      <div className="table-scroll">
        <table data-testid="trends">
          <caption>{t.trendsTable}</caption>
          <thead>
            <tr>
              <th>{t.week}</th>
              <th className="num">{t.clicks}</th>
              <th className="num">{t.sales}</th>
              <th className="num">{t.fromClicks}</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <td>{label}</td>
                <td className="num">{format.count(clicks[i] ?? 0)}</td>
                <td className="num">{format.money(sales[i] ?? "0")}</td>
                <td className="num">{format.money(attributedSales[i] ?? "0")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
