import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configurationReference, SERVICE_SCHEMAS } from "./config-docs.ts";

const variables = (service: keyof typeof SERVICE_SCHEMAS) => Object.keys(SERVICE_SCHEMAS[service].shape);

describe("each service's configuration", () => {
  it("is what docs/configuration.md says (run `npm run config:docs`)", () => {
    expect(configurationReference()).toBe(
      readFileSync(new URL("../docs/configuration.md", import.meta.url), "utf8"),
    );
  });

  it("holds only that service's variables and secrets", () => {
    const databases = ["SHOP_DATABASE_URL", "REVIEW_DATABASE_URL", "JOBS_DATABASE_URL"];
    const signing = ["AUTH_SECRET", "LINK_SECRET"];
    const mail = ["RESEND_API_KEY", "RESEND_RPS", "MAIL_FROM"];
    // The subgraphs sign nothing and mail nothing, and each reads its own database only.
    for (const [service, own] of [
      ["shop", "SHOP_DATABASE_URL"],
      ["review", "REVIEW_DATABASE_URL"],
    ] as const) {
      expect(variables(service)).toContain(own);
      expect(variables(service)).toContain("SUBGRAPH_SECRET");
      const clicks = variables(service).some((name) => name.startsWith("CLICK_"));
      expect(clicks, `${service} reads click ingestion's variables`).toBe(service === "review");
      for (const name of [...databases.filter((d) => d !== own), ...signing, ...mail])
        expect(variables(service), `${service} reads ${name}`).not.toContain(name);
    }
    // The worker reaches no subgraph and no service database but its own.
    for (const name of ["SUBGRAPH_SECRET", "SHOP_DATABASE_URL", "REVIEW_DATABASE_URL", "CLICK_BATCH_MAX"])
      expect(variables("worker")).not.toContain(name);
    // The gateway holds no database and no mail key; the dashboard's server no secret at all.
    for (const name of [...databases, "RESEND_API_KEY"]) expect(variables("gateway")).not.toContain(name);
    for (const name of [...databases, ...signing, "SUBGRAPH_SECRET", "RESEND_API_KEY"])
      expect(variables("dashboard")).not.toContain(name);
  });
});
