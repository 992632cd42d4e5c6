import { render, toPlainText } from "@react-email/render";
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
  const html = await render(createElement(WeeklyReportEmail, props));
  // The text part from the HTML already rendered: the same conversion `render(..., { plainText: true })`
  // does, without rendering the component a second time (half the CPU of a weekly run's mail).
  const text = toPlainText(html);
  const subject = messages[languageOf(props.locale)].subject(
    props.storeName,
    formatWeekRange(props.weekStart, props.locale),
  );
  return { subject, html, text };
}
