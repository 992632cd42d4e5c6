import { render } from "@react-email/render";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ConfirmRecipientEmail, renderConfirmRecipient } from "./confirm-recipient.tsx";
import { renderWeeklyReport } from "./render.ts";
import { WeeklyReportEmail, type WeeklyReportEmailProps } from "./weekly-report.tsx";

const preview = WeeklyReportEmail.PreviewProps as WeeklyReportEmailProps;
const variants: [string, WeeklyReportEmailProps][] = [
  ["the preview (Korean, images)", preview],
  [
    "English, a product without image or link, a name to escape",
    {
      ...preview,
      locale: "en-US",
      currency: "USD",
      storeName: `Brooklyn "Goods" & <Co>`,
      products: (preview.products ?? []).map((p, i) => (i === 0 ? { ...p, imageUrl: null, url: null } : p)),
    },
  ],
  ["parts that could not be fetched", { ...preview, totals: null, widgets: null, products: null }],
  ["a store without widgets", { ...preview, hasWidgets: false, widgets: [], products: [] }],
];

/** React's streaming render marks boundaries and text joins with comments; a one-pass render has none. */
const withoutStreamMarkers = (html: string) => html.replace(/<!--(?:\$|\/\$|html|head|body| )-->/g, "");

describe("email HTML", () => {
  it.each(variants)("is what React Email's render() gives for the weekly report: %s", async (_, props) => {
    const email = await renderWeeklyReport(props);
    const element = createElement(WeeklyReportEmail, props);
    expect(email.html).toBe(withoutStreamMarkers(await render(element)));
    expect(email.text).toBe(await render(element, { plainText: true }));
    expect(email.html).not.toContain('rel="preload"');
  });

  it("is what React Email's render() gives for the recipient confirmation", async () => {
    const props = ConfirmRecipientEmail.PreviewProps;
    const email = await renderConfirmRecipient(props);
    const element = createElement(ConfirmRecipientEmail, props);
    expect(email.html).toBe(withoutStreamMarkers(await render(element)));
    expect(email.text).toBe(await render(element, { plainText: true }));
  });
});
