import {
  Body,
  Button,
  Column,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Row,
  Section,
  Text,
} from "@react-email/components";
import { formatChange, formatCount, formatDateRange, formatMoney, formatRate } from "../lib/format.ts";
import { languageOf } from "../lib/language.ts";
import { ReportSection } from "./components/section.tsx";
import { messages } from "./messages.ts";
import { styles } from "./styles.ts";

export interface WidgetLine {
  id: string;
  name: string;
  clicks: number;
  previousClicks: number;
  /** Times the widget was seen that week, and clicks ÷ impressions (null without impressions). */
  impressions: number;
  ctr: number | null;
  /** Sales credited to the widget's clicks that week (exact decimal string). */
  attributedSales: string;
}

/** A running holdout's latest result: what the widget added over the visitors held back from it. */
export interface HoldoutLine {
  widgetName: string;
  /** Percent held out. */
  share: number;
  /** Null before the holdout's first whole week. */
  result: {
    verdict: "ADDED" | "TOOK_AWAY" | "NOT_CONCLUSIVE" | "TOO_EARLY";
    /** Incremental revenue and its 95 % interval, decimal strings in the store's currency. */
    value: string;
    low: string;
    high: string;
    visitorsStillNeeded: number | null;
  } | null;
}

export interface ProductLine {
  id: string;
  name: string;
  imageUrl: string | null;
  url: string | null;
  unitsSold: number;
  /** Exact decimal strings in the store's currency. */
  sales: string;
  previousSales: string;
}

/** The week's headline: all clicks on the store's widgets and all sales of the products they show. */
export interface WeekTotals {
  clicks: number;
  previousClicks: number;
  /** Exact decimal strings in the store's currency. */
  sales: string;
  previousSales: string;
  unitsSold: number;
  /** Sales credited to widget clicks, this week and the week before, and this week's orders. */
  attributedSales: string;
  previousAttributedSales: string;
  attributedOrders: number;
  /** Some of the week's orders still wait for their click to be checked: the credited figure may grow. */
  creditsPending?: boolean;
}

export interface ReportPeriod {
  kind: "week" | "month";
  from: string;
  to: string;
}

/** The words that name the period: the week's, or the month's. */
export function periodWords(period: ReportPeriod, locale: string) {
  const t = messages[languageOf(locale)];
  const range = formatDateRange(period.from, period.to, locale);
  return period.kind === "month"
    ? {
        range,
        heading: t.monthHeading,
        subject: t.monthSubject,
        preview: t.monthPreview,
        change: t.monthChange,
        fresh: t.newThisMonth,
        footer: t.monthFooter,
      }
    : {
        range,
        heading: t.heading,
        subject: t.subject,
        preview: t.preview,
        change: t.change,
        fresh: t.newThisWeek,
        footer: t.footer,
      };
}

export interface WeeklyReportEmailProps {
  storeName: string;
  /** BCP 47 locale of the store: `ko` reads Korean, anything else English. */
  locale: string;
  currency: string;
  /** Monday (YYYY-MM-DD, in the store's timezone) of the reported ISO week. */
  /** The report's dates, both inclusive: an ISO week, or a calendar month (compared with the month before). */
  period: ReportPeriod;
  /** Whether the store has any active widget at all (otherwise the lists are explained, not just empty). */
  hasWidgets: boolean;
  /** `null` when that part of the report could not be fetched this week. */
  totals: WeekTotals | null;
  widgets: WidgetLine[] | null;
  products: ProductLine[] | null;
  /** One line per running holdout (none: the section is left out). */
  holdouts?: HoldoutLine[];
  dashboardUrl: string;
  /** The recipient's own settings page link ("Manage these emails"). */
  settingsUrl: string;
  unsubscribeUrl: string;
}

/** A holdout's line: what the widget added with its interval, or why there is no verdict yet. */
function holdoutLine(
  holdout: HoldoutLine,
  t: (typeof messages)[keyof typeof messages],
  currency: string,
  locale: string,
): string {
  const share = formatCount(holdout.share, locale);
  const { result } = holdout;
  if (!result) return t.holdoutFirstWeek(holdout.widgetName, share);
  const money = (amount: string) => formatMoney(amount, currency, locale);
  if (result.verdict === "ADDED" || result.verdict === "TOOK_AWAY")
    return t.holdoutResult(
      holdout.widgetName,
      result.verdict === "ADDED",
      money(result.value.replace("-", "")),
      money(result.low),
      money(result.high),
      share,
    );
  return t.holdoutNotYet(
    holdout.widgetName,
    share,
    result.visitorsStillNeeded === null ? null : formatCount(result.visitorsStillNeeded, locale),
  );
}

export function WeeklyReportEmail(props: WeeklyReportEmailProps) {
  const { storeName, locale, currency, widgets, products } = props;
  const language = languageOf(locale);
  const t = messages[language];
  const w = periodWords(props.period, locale);
  const { range } = w;
  const { totals } = props;
  const emptyWidgets =
    widgets === null
      ? t.unavailable
      : !props.hasWidgets
        ? t.noWidgets
        : widgets.length === 0
          ? t.noClicks
          : undefined;
  const emptyProducts =
    products === null
      ? t.unavailable
      : !props.hasWidgets
        ? t.noWidgets
        : products.length === 0
          ? t.noSales
          : undefined;

  return (
    <Html lang={language}>
      <Head />
      <Preview>
        {totals
          ? w.preview(formatCount(totals.clicks, locale), formatMoney(totals.sales, currency, locale))
          : `${w.heading}, ${range}`}
      </Preview>
      <Body style={styles.page}>
        <Container style={styles.card}>
          <Text style={styles.eyebrow}>{storeName}</Text>
          <Heading style={styles.title}>{w.heading}</Heading>
          <Text style={styles.subtitle}>{range}</Text>

          {totals ? (
            <Section style={styles.highlight}>
              <Text style={styles.highlightLabel}>{t.attributedSales}</Text>
              <Text style={styles.highlightFigure}>
                {formatMoney(totals.attributedSales, currency, locale)}
              </Text>
              <Text style={styles.note}>
                {w.change(
                  formatChange(
                    Number(totals.attributedSales),
                    Number(totals.previousAttributedSales),
                    locale,
                    w.fresh,
                  ),
                )}{" "}
                · {t.attributedOrders(formatCount(totals.attributedOrders, locale))}
              </Text>
              {totals.creditsPending ? <Text style={styles.note}>{t.creditsPending}</Text> : null}
            </Section>
          ) : null}

          {props.holdouts && props.holdouts.length > 0 ? (
            <Section>
              <Text style={styles.figureLabel}>{t.holdouts}</Text>
              {props.holdouts.map((holdout) => (
                <Text key={holdout.widgetName} style={styles.note}>
                  {holdoutLine(holdout, t, currency, locale)}
                </Text>
              ))}
            </Section>
          ) : null}

          {totals ? (
            <Row style={styles.figures}>
              <Column style={styles.half}>
                <Text style={styles.figureLabel}>{t.totalClicks}</Text>
                <Text style={styles.figure}>{formatCount(totals.clicks, locale)}</Text>
                <Text style={styles.note}>
                  {w.change(formatChange(totals.clicks, totals.previousClicks, locale, w.fresh))}
                </Text>
              </Column>
              <Column style={styles.half}>
                <Text style={styles.figureLabel}>{t.totalSales}</Text>
                <Text style={styles.figure}>{formatMoney(totals.sales, currency, locale)}</Text>
                <Text style={styles.note}>
                  {w.change(
                    formatChange(Number(totals.sales), Number(totals.previousSales), locale, w.fresh),
                  )}{" "}
                  · {t.units(formatCount(totals.unitsSold, locale))}
                </Text>
              </Column>
            </Row>
          ) : null}

          <ReportSection title={t.topWidgets} empty={emptyWidgets}>
            {widgets?.map((widget, index) => (
              <Row key={widget.id} style={styles.line}>
                <Column style={styles.rank}>{index + 1}</Column>
                <Column style={styles.cell}>{widget.name}</Column>
                <Column align="right" style={styles.cell}>
                  {t.clicks(widget.clicks, formatCount(widget.clicks, locale))}
                  <br />
                  <span style={styles.detail}>
                    {w.change(formatChange(widget.clicks, widget.previousClicks, locale, w.fresh))}
                  </span>
                  <br />
                  <span style={styles.creditDetail}>
                    {t.fromClicks(formatMoney(widget.attributedSales, currency, locale))}
                  </span>
                  {widget.ctr === null ? null : (
                    <>
                      <br />
                      <span style={styles.detail}>
                        {t.ctr(formatRate(widget.ctr, locale), formatCount(widget.impressions, locale))}
                      </span>
                    </>
                  )}
                </Column>
              </Row>
            ))}
          </ReportSection>

          <ReportSection title={t.topProducts} empty={emptyProducts}>
            {products?.map((product) => (
              <Row key={product.id} style={styles.line}>
                <Column style={styles.thumbnailColumn}>
                  {product.imageUrl ? (
                    <Img
                      src={product.imageUrl}
                      alt={product.name}
                      width={48}
                      height={48}
                      style={styles.thumbnail}
                    />
                  ) : null}
                </Column>
                <Column style={styles.cell}>
                  {product.url ? <Link href={product.url}>{product.name}</Link> : product.name}
                  <br />
                  <span style={styles.detail}>{t.units(formatCount(product.unitsSold, locale))}</span>
                </Column>
                <Column align="right" style={styles.cell}>
                  {formatMoney(product.sales, currency, locale)}
                  <br />
                  <span style={styles.detail}>
                    {w.change(
                      formatChange(Number(product.sales), Number(product.previousSales), locale, w.fresh),
                    )}
                  </span>
                </Column>
              </Row>
            ))}
          </ReportSection>

          <Button href={props.dashboardUrl} style={styles.button}>
            {t.dashboard}
          </Button>
          <Hr style={styles.rule} />
          <Text style={styles.footer}>
            {w.footer(storeName)}{" "}
            <Link href={props.settingsUrl} style={styles.footerLink}>
              {t.manage}
            </Link>
            {" · "}
            <Link href={props.unsubscribeUrl} style={styles.footerLink}>
              {t.unsubscribe}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

WeeklyReportEmail.PreviewProps = {
  storeName: "Seoul Select",
  locale: "ko",
  currency: "KRW",
  period: { kind: "week", from: "2026-11-16", to: "2026-11-22" },
  hasWidgets: true,
  totals: {
    clicks: 2_597,
    previousClicks: 2_069,
    sales: "4312000.00",
    previousSales: "2980000.00",
    unitsSold: 61,
    attributedSales: "1388000.00",
    previousAttributedSales: "1120000.00",
    attributedOrders: 23,
  },
  widgets: [
    {
      id: "w1",
      name: "Staff picks",
      clicks: 1_284,
      previousClicks: 1_102,
      impressions: 30_412,
      ctr: 0.0422,
      attributedSales: "802000.00",
    },
    {
      id: "w2",
      name: "Gift ideas",
      clicks: 911,
      previousClicks: 967,
      impressions: 25_870,
      ctr: 0.0352,
      attributedSales: "486000.00",
    },
    {
      id: "w3",
      name: "New arrivals",
      clicks: 402,
      previousClicks: 0,
      impressions: 0,
      ctr: null,
      attributedSales: "100000.00",
    },
  ],
  products: [
    {
      id: "p1",
      name: "Ceramic Mug",
      imageUrl: "https://images.example/seoul/ceramic-mug.jpg",
      url: "https://seoul.example/products/ceramic-mug",
      unitsSold: 14,
      sales: "1204000.00",
      previousSales: "602000.00",
    },
    {
      id: "p2",
      name: "Brass Lamp",
      imageUrl: "https://images.example/seoul/brass-lamp.jpg",
      url: "https://seoul.example/products/brass-lamp",
      unitsSold: 14,
      sales: "1064000.00",
      previousSales: "76000.00",
    },
    {
      id: "p3",
      name: "Glass Vase",
      imageUrl: null,
      url: null,
      unitsSold: 15,
      sales: "1020000.00",
      previousSales: "1020000.00",
    },
  ],
  dashboardUrl: "https://insights.example/stores/833d4a12-855d-55f5-ad4c-0a631b92c0cb",
  settingsUrl: "https://insights.example/stores/833d4a12-855d-55f5-ad4c-0a631b92c0cb/settings",
  unsubscribeUrl: "https://insights.example/unsubscribe?token=preview",
} satisfies WeeklyReportEmailProps;

export default WeeklyReportEmail;
