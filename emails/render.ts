import { render } from "@react-email/render";
import { createElement } from "react";
import { formatWeekRange } from "./format.ts";
import { languageOf, messages } from "./messages.ts";
import { WeeklyReportEmail, type WeeklyReportEmailProps } from "./weekly-report.tsx";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The weekly report as a sendable email: subject, HTML and the plain-text part. */
export async function renderWeeklyReport(props: WeeklyReportEmailProps): Promise<RenderedEmail> {
  const element = createElement(WeeklyReportEmail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const subject = messages[languageOf(props.locale)].subject(
    props.storeName,
    formatWeekRange(props.weekStart, props.locale),
  );
  return { subject, html, text };
}
