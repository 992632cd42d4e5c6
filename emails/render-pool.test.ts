import { describe, expect, it } from "vitest";
import { renderWeeklyReport } from "./render.ts";
import { createRenderPool } from "./render-pool.ts";
import { WeeklyReportEmail, type WeeklyReportEmailProps } from "./weekly-report.tsx";

describe("the render pool", () => {
  it("renders on its threads exactly what the component renders here, many at once", async () => {
    const props = WeeklyReportEmail.PreviewProps as WeeklyReportEmailProps;
    const pool = createRenderPool(2);
    try {
      const variants = Array.from({ length: 20 }, (_, i) => ({ ...props, storeName: `Store ${i}` }));
      const rendered = await Promise.all(variants.map((variant) => pool.render(variant)));
      for (const [i, email] of rendered.entries())
        expect(email).toEqual(await renderWeeklyReport(variants[i] as WeeklyReportEmailProps));
      expect(rendered[7]?.subject).toContain("Store 7");
    } finally {
      await pool.close();
    }
  });
});
