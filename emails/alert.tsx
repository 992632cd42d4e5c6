import { Body, Button, Container, Head, Heading, Html, Link, Preview, Text } from "@react-email/components";
import { createElement } from "react";
import { languageOf } from "../lib/language.ts";
import { type AlertContext, type AlertNotice, alertText, alertWordsOf } from "./alert-words.ts";
import { type RenderedEmail, renderEmailBody } from "./render.ts";
import { styles } from "./styles.ts";

export interface AlertEmailProps extends AlertContext {
  notice: AlertNotice;
  dashboardUrl: string;
  settingsUrl: string;
}

/** An alert between weekly reports: what changed, against what it usually is, and the way to look closer. */
export function AlertEmail(props: AlertEmailProps) {
  const t = alertWordsOf(props.locale);
  const { title, lines } = alertText(props.notice, props);
  return (
    <Html lang={languageOf(props.locale)}>
      <Head />
      <Preview>{lines[0] ?? title}</Preview>
      <Body style={styles.page}>
        <Container style={styles.card}>
          <Text style={styles.eyebrow}>{props.storeName}</Text>
          <Heading style={styles.title}>{title}</Heading>
          {lines.map((line) => (
            <Text key={line} style={styles.paragraph}>
              {line}
            </Text>
          ))}
          <Button href={props.dashboardUrl} style={styles.button}>
            {t.dashboard}
          </Button>
          <Text style={styles.footer}>
            {t.footer(props.storeName)}{" "}
            <Link href={props.settingsUrl} style={styles.footerLink}>
              {t.manage}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function renderAlert(props: AlertEmailProps): RenderedEmail {
  const { title } = alertText(props.notice, props);
  return {
    subject: alertWordsOf(props.locale).subject(props.storeName, title),
    ...renderEmailBody(createElement(AlertEmail, props)),
  };
}

AlertEmail.PreviewProps = {
  storeName: "Brooklyn Goods",
  locale: "en-US",
  timezone: "America/New_York",
  currency: "USD",
  notice: {
    kind: "change",
    widgetName: "Best sellers",
    changes: [{ metric: "clicks", current: 96, baseline: 201, relative: -0.52 }],
  },
  dashboardUrl: "https://insights.example/stores/833d4a12-855d-55f5-ad4c-0a631b92c0cb",
  settingsUrl: "https://insights.example/stores/833d4a12-855d-55f5-ad4c-0a631b92c0cb/settings",
} satisfies AlertEmailProps;

export default AlertEmail;
