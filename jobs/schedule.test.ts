import { describe, expect, it } from "vitest";
import { dueWeek } from "./schedule.ts";

/** Shop's schedule unless its owner changed it. */
const MONDAY_NINE = { dayOfWeek: 1, hour: 9 };

/** The UTC instant of a local wall-clock time, for readable cases ("Monday 09:00 in Berlin"). */
const at = (iso: string) => new Date(iso);

describe("dueWeek: Monday 09:00 in the store's own timezone", () => {
  it.each([
    // zone, Monday 09:00 local as a UTC instant
    ["Asia/Seoul", "2026-11-23T00:00:00Z"], // UTC+9, no DST
    ["Pacific/Auckland", "2026-11-22T20:00:00Z"], // NZDT, UTC+13
    ["Europe/Berlin", "2026-11-23T08:00:00Z"], // CET, UTC+1
    ["America/New_York", "2026-11-23T14:00:00Z"], // EST, UTC-5
  ])("%s is due at its own Monday 09:00, not a second before", (zone, nine) => {
    expect(dueWeek(zone, new Date(at(nine).getTime() - 1_000), MONDAY_NINE)).toBeNull();
    expect(dueWeek(zone, at(nine), MONDAY_NINE)).toBe("2026-W47");
  });

  it("follows DST: Berlin's Monday 09:00 is 07:00 UTC in summer time and 08:00 UTC the day after it ends", () => {
    // Summer time ended on Sunday 2026-10-25.
    expect(dueWeek("Europe/Berlin", at("2026-10-19T06:59:59Z"), MONDAY_NINE)).toBeNull();
    expect(dueWeek("Europe/Berlin", at("2026-10-19T07:00:00Z"), MONDAY_NINE)).toBe("2026-W42");
    expect(dueWeek("Europe/Berlin", at("2026-10-26T07:59:59Z"), MONDAY_NINE)).toBeNull();
    expect(dueWeek("Europe/Berlin", at("2026-10-26T08:00:00Z"), MONDAY_NINE)).toBe("2026-W43");
  });

  it("follows DST in New York (ends 2026-11-01) and Auckland (starts 2026-09-27)", () => {
    expect(dueWeek("America/New_York", at("2026-10-26T12:59:59Z"), MONDAY_NINE)).toBeNull(); // EDT: 09:00 is 13:00Z
    expect(dueWeek("America/New_York", at("2026-10-26T13:00:00Z"), MONDAY_NINE)).toBe("2026-W43");
    expect(dueWeek("America/New_York", at("2026-11-02T13:59:59Z"), MONDAY_NINE)).toBeNull(); // EST: 09:00 is 14:00Z
    expect(dueWeek("America/New_York", at("2026-11-02T14:00:00Z"), MONDAY_NINE)).toBe("2026-W44");
    expect(dueWeek("Pacific/Auckland", at("2026-09-20T20:59:59Z"), MONDAY_NINE)).toBeNull(); // NZST: 09:00 is 21:00Z Sunday
    expect(dueWeek("Pacific/Auckland", at("2026-09-20T21:00:00Z"), MONDAY_NINE)).toBe("2026-W38");
    expect(dueWeek("Pacific/Auckland", at("2026-09-27T19:59:59Z"), MONDAY_NINE)).toBeNull(); // NZDT: 09:00 is 20:00Z Sunday
    expect(dueWeek("Pacific/Auckland", at("2026-09-27T20:00:00Z"), MONDAY_NINE)).toBe("2026-W39");
  });

  it("catches up a missed store for up to 6 days, and never sends an older week", () => {
    // Workers down from Monday to Sunday evening: the Sunday dispatch still sends the last completed week.
    expect(dueWeek("Europe/Berlin", at("2026-11-29T22:00:00Z"), MONDAY_NINE)).toBe("2026-W47"); // Sunday 23:00 local
    // Next Monday before 09:00: W47 is no longer the last completed week, and W48 is not yet due.
    expect(dueWeek("Europe/Berlin", at("2026-11-30T07:00:00Z"), MONDAY_NINE)).toBeNull();
    expect(dueWeek("Europe/Berlin", at("2026-11-30T08:00:00Z"), MONDAY_NINE)).toBe("2026-W48");
  });
});

describe("dueWeek: the store's own schedule", () => {
  const friday17 = { dayOfWeek: 5, hour: 17 };

  it("is due from Friday 17:00 local in New York, across the end of DST, and in Seoul", () => {
    // New York's summer time ended on Sunday 2026-11-01: Friday 17:00 is 21:00Z before, 22:00Z after.
    expect(dueWeek("America/New_York", at("2026-10-30T20:59:59Z"), friday17)).toBeNull();
    expect(dueWeek("America/New_York", at("2026-10-30T21:00:00Z"), friday17)).toBe("2026-W43");
    expect(dueWeek("America/New_York", at("2026-11-06T21:59:59Z"), friday17)).toBeNull();
    expect(dueWeek("America/New_York", at("2026-11-06T22:00:00Z"), friday17)).toBe("2026-W44");
    // Seoul (UTC+9, no DST): Friday 17:00 is 08:00Z.
    expect(dueWeek("Asia/Seoul", at("2026-11-06T07:59:59Z"), friday17)).toBeNull();
    expect(dueWeek("Asia/Seoul", at("2026-11-06T08:00:00Z"), friday17)).toBe("2026-W44");
    // Monday to Friday afternoon of the next week: not due (the week before was sent the Friday before).
    expect(dueWeek("Asia/Seoul", at("2026-11-09T08:00:00Z"), friday17)).toBeNull();
  });

  it("sends at the next hour when DST skips the scheduled one", () => {
    // New York's summer time starts Sunday 2026-03-08: 02:00 local never happens, 03:00 EDT is 07:00Z.
    const sunday2 = { dayOfWeek: 7, hour: 2 };
    expect(dueWeek("America/New_York", at("2026-03-08T06:59:59Z"), sunday2)).toBeNull(); // 01:59 EST
    expect(dueWeek("America/New_York", at("2026-03-08T07:00:00Z"), sunday2)).toBe("2026-W09");
  });

  it("keeps a week due through Sunday once its day has passed (catch-up), and Sunday 23:00 is due that hour", () => {
    expect(dueWeek("Europe/Berlin", at("2026-11-29T21:59:59Z"), { dayOfWeek: 7, hour: 23 })).toBeNull();
    expect(dueWeek("Europe/Berlin", at("2026-11-29T22:00:00Z"), { dayOfWeek: 7, hour: 23 })).toBe("2026-W47");
    expect(dueWeek("Europe/Berlin", at("2026-11-29T22:00:00Z"), friday17)).toBe("2026-W47");
  });
});
