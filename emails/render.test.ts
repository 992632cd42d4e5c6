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
  [
    "running holdouts, each verdict",
    {
      ...preview,
      locale: "en",
      currency: "USD",
      holdouts: [
        {
          widgetName: "Best sellers",
          share: 10,
          result: {
            verdict: "ADDED",
            value: "1234.50",
            low: "310.00",
            high: "2159.00",
            visitorsStillNeeded: null,
          },
        },
        {
          widgetName: "Gift ideas",
          share: 20,
          result: {
            verdict: "NOT_CONCLUSIVE",
            value: "40.00",
            low: "-90.00",
            high: "170.00",
            visitorsStillNeeded: 48000,
          },
        },
        { widgetName: "New arrivals", share: 5, result: null },
      ],
    },
  ],
];

/** React's streaming render marks boundaries and text joins with comments; a one-pass render has none. */
const withoutStreamMarkers = (html: string) => html.replace(/<!--(?:\$|\/\$|html|head|body| )-->/g, "");

describe("email HTML", () => {
  it("gives each running holdout its line: what it added with its interval, or why not yet", async () => {
    const holdouts = variants.find(([name]) =>
      name.startsWith("running holdouts"),
    )?.[1] as WeeklyReportEmailProps;
    const { text } = await renderWeeklyReport(holdouts);
    expect(text).toContain("Best sellers added $1,234.50 (95 %: $310.00 to $2,159.00) over a 10 % holdout");
    expect(text).toContain(
      "Gift ideas: not conclusive yet over a 20 % holdout; about 48,000 more visitors needed",
    );
    expect(text).toContain("New arrivals: a 5 % holdout, first result after its first whole week");
  });

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
