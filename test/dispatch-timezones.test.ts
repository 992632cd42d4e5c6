import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxProvider } from "../jobs/mail-provider.ts";
import { startWorker } from "../jobs/worker.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { startStack } from "./helpers/stack.ts";

/** Tuesday 2026-11-24 12:00 UTC: 2026-W47 is due everywhere. */
const TUESDAY = new Date("2026-11-24T12:00:00Z");

describe("stores' timezones", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const good = [randomUUID(), randomUUID()];
  const bad = randomUUID();
  // Raw SQL, not test/helpers/factories.ts: the refusals below are the database's, whatever writes a store.
  const insert = (id: string, timezone: string) =>
    databases.shop
      .sql`insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
      values (${id}, 'Store', ${timezone}, 'en', 'EUR', true, array['owner@store.example'])`;

  beforeAll(async () => {
    databases = await freshDatabases();
    await insert(good[0] ?? "", "Europe/Berlin");
    await insert(good[1] ?? "", "America/New_York");
    stack = await startStack(databases.urls);
  });
  afterAll(async () => {
    await stack?.close();
    await databases?.drop();
  });

  it.each(["UTC+3", "Mars/Olympus", "+03:00", "posix/Europe/Berlin"])(
    "refuses a store with the timezone %s, whatever writes it",
    async (timezone) => {
      await expect(insert(randomUUID(), timezone)).rejects.toThrow(/stores_timezone_timezones_name_fk/);
    },
  );

  it("skips, and reports, a store whose timezone is unknown, and dispatches every other", async () => {
    // A store written before the check existed (foreign keys off for this one insert, as then).
    await databases.shop.sql.begin(async (sql) => {
      await sql`set local session_replication_role = replica`;
      await sql`insert into stores (id, name, timezone, locale, currency, list_designer_enabled, report_recipients)
        values (${bad}, 'Legacy', 'Mars/Olympus', 'en', 'EUR', true, array['owner@legacy.example'])`;
    });
    const errors: { message: string; fields: Record<string, unknown> }[] = [];
    const log = createLogger("test", "silent");
    const spy = Object.create(log, {
      error: {
        value: (message: string, fields: Record<string, unknown>) => errors.push({ message, fields }),
      },
    }) as Logger;
    const worker = await startWorker({
      databaseUrl: databases.urls.jobs,
      settings: stack.workerSettings(),
      provider: outboxProvider(`/tmp/ldi-outbox-${randomUUID()}`),
      requestsPerSecond: 10,
      dispatchOnStart: false,
      log: spy,
    });
    try {
      expect(await worker.dispatch(TUESDAY)).toMatchObject({ due: 2, enqueued: 2, badTimezone: 1 });
      expect(errors).toEqual([
        expect.objectContaining({
          fields: expect.objectContaining({ storeId: bad, timezone: "Mars/Olympus" }),
        }),
      ]);
    } finally {
      await worker.close();
    }
  });
});
