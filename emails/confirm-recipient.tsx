import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import { createElement } from "react";
import { languageOf } from "../lib/language.ts";
import { messages } from "./messages.ts";
import { type RenderedEmail, renderEmailBody } from "./render.ts";
import { styles } from "./styles.ts";

export interface ConfirmRecipientEmailProps {
  storeName: string;
  locale: string;
  email: string;
  confirmUrl: string;
  /** How long the link works. */
  days: number;
}

/** Asks the owner of an address a store added whether it should receive the weekly report. */
export function ConfirmRecipientEmail(props: ConfirmRecipientEmailProps) {
  const language = languageOf(props.locale);
  const t = messages[language];
  return (
    <Html lang={language}>
      <Head />
      <Preview>{t.confirmPreview(props.storeName)}</Preview>
      <Body style={styles.page}>
        <Container style={styles.card}>
          <Text style={styles.eyebrow}>{props.storeName}</Text>
          <Heading style={styles.title}>{t.confirmHeading}</Heading>
          <Text style={styles.paragraph}>{t.confirmBody(props.storeName, props.email)}</Text>
          <Button href={props.confirmUrl} style={styles.button}>
            {t.confirmButton}
          </Button>
          <Text style={styles.expiry}>{t.confirmExpiry(props.days.toLocaleString(props.locale))}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export async function renderConfirmRecipient(props: ConfirmRecipientEmailProps): Promise<RenderedEmail> {
  const subject = messages[languageOf(props.locale)].confirmSubject(props.storeName);
  return { subject, ...renderEmailBody(createElement(ConfirmRecipientEmail, props)) };
}

ConfirmRecipientEmail.PreviewProps = {
  storeName: "Seoul Living",
  locale: "ko",
  email: "buyer@seoul.example",
  confirmUrl: "https://insights.example/recipients/confirm?token=preview",
  days: 7,
} satisfies ConfirmRecipientEmailProps;

export default ConfirmRecipientEmail;
