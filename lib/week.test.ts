import { describe, expect, it } from "vitest";
import {
  InvalidDateError,
  isMonth,
  lastCompletedMonth,
  lastCompletedWeek,
  monthDates,
  parseDate,
  previousPeriod,
  rangePeriod,
  shiftMonth,
  shiftWeek,
  weekOf,
  weekPeriod,
  weekStart,
} from "./week.ts";

describe("ISO weeks", () => {
  it("finds the Monday of a week", () => {
    expect(weekStart("2026-W47")).toBe("2026-11-16");
    expect(weekStart("2026-W01")).toBe("2025-12-29"); // week 1 holds the year's first Thursday
    expect(weekStart("2020-W53")).toBe("2020-12-28");
  });

  it("knows which years have a week 53", () => {
    expect(weekStart("2026-W53")).toBe("2026-12-28");
    expect(() => weekStart("2025-W53")).toThrow(InvalidDateError);
    expect(() => weekStart("2026-W00")).toThrow(/has no week 0/);
  });

  it("rejects anything that is not YYYY-Www", () => {
    for (const bad of ["2026-47", "2026-W7", "W47", "2026-W47 ", "'; drop table x"]) {
      expect(() => weekStart(bad)).toThrow(InvalidDateError);
    }
  });

  it("maps dates to weeks across year ends", () => {
    expect(weekOf("2026-11-16")).toBe("2026-W47");
    expect(weekOf("2026-11-22")).toBe("2026-W47");
    expect(weekOf("2021-01-03")).toBe("2020-W53");
    expect(weekOf("2024-12-30")).toBe("2025-W01");
    expect(shiftWeek("2026-W01", -1)).toBe("2025-W52");
    expect(shiftWeek("2026-W53", 1)).toBe("2027-W01");
  });

  it("reads the last completed week in the store's timezone", () => {
    // Monday 00:30 UTC is already Monday 09:30 in Seoul but still Sunday evening in New York.
    const now = new Date("2026-11-23T00:30:00Z");
    expect(lastCompletedWeek("Asia/Seoul", now)).toBe("2026-W47");
    expect(lastCompletedWeek("America/New_York", now)).toBe("2026-W46");
  });
});

describe("periods", () => {
  const now = new Date("2026-11-24T12:00:00Z"); // Tuesday of 2026-W48 everywhere

  it("reads an omitted week as the last completed one in the store's timezone", () => {
    expect(weekPeriod(undefined, "Asia/Seoul", now)).toEqual({ start: "2026-11-16", days: 7 });
    expect(weekPeriod("2026-W45", "UTC", now)).toEqual({ start: "2026-11-02", days: 7 });
  });

  it("allows the current week but not one that has not started in the store's timezone", () => {
    expect(weekPeriod("2026-W48", "UTC", now).start).toBe("2026-11-23");
    expect(() => weekPeriod("2026-W49", "UTC", now)).toThrow(/has not started yet in UTC/);
    // Monday 2026-11-30 01:00 in Auckland is still Sunday in New York.
    const mondayInAuckland = new Date("2026-11-29T12:00:00Z");
    expect(weekPeriod("2026-W49", "Pacific/Auckland", mondayInAuckland).start).toBe("2026-11-30");
    expect(() => weekPeriod("2026-W49", "America/New_York", mondayInAuckland)).toThrow(InvalidDateError);
  });

  it("bounds date ranges", () => {
    expect(rangePeriod("2026-11-01", "2026-11-01", "UTC", now)).toEqual({ start: "2026-11-01", days: 1 });
    expect(rangePeriod("2025-11-01", "2026-11-01", "UTC", now).days).toBe(366);
    expect(() => rangePeriod("2025-10-31", "2026-11-01", "UTC", now)).toThrow(/at most 366 days/);
    expect(() => rangePeriod("2026-11-02", "2026-11-01", "UTC", now)).toThrow(/must not be after/);
    expect(() => rangePeriod("2026-02-30", "2026-03-01", "UTC", now)).toThrow(/not a date/);
    expect(() => rangePeriod("2026-12-01", "2026-12-31", "UTC", now)).toThrow(/has not started/);
  });

  it("steps back one week for comparisons", () => {
    expect(previousPeriod({ start: "2026-01-05", days: 7 })).toEqual({ start: "2025-12-29", days: 7 });
  });

  it("refuses years outside 2000 to 2999 and never echoes a long input back", () => {
    expect(() => weekStart("0026-W10")).toThrow(/the year must be 2000 to 2999/);
    expect(() => parseDate("3000-01-01")).toThrow(/the year must be 2000 to 2999/);
    const huge = `2026-W47${"x".repeat(100_000)}`;
    const error = (() => {
      try {
        weekStart(huge);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toBe('"2026-W47xxxx…" is not an ISO week like 2026-W47');
  });
});

describe("calendar months", () => {
  it("knows a month's dates, leap Februaries included, and moves across year ends", () => {
    expect(monthDates("2026-11")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(monthDates("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-11", "0026-11"])
      expect(() => monthDates(bad)).toThrow(InvalidDateError);
    expect(isMonth("2026-11")).toBe(true);
    expect(isMonth("2026-W47")).toBe(false);
  });

  it("reads the last completed month in the store's timezone", () => {
    // 2026-12-01 00:30 UTC: already December in Seoul, still November in New York.
    const now = new Date("2026-12-01T00:30:00Z");
    expect(lastCompletedMonth("Asia/Seoul", now)).toBe("2026-11");
    expect(lastCompletedMonth("America/New_York", now)).toBe("2026-10");
  });
});
