import { dateTimeFormat } from "../lib/intl.ts";
import {
  daysBetween,
  lastCompletedMonth,
  lastCompletedWeek,
  localDate,
  weekOf,
  weekStart,
} from "../lib/week.ts";

/** When a store's report goes out, in its timezone (shop's `reportSchedule`, Monday 09:00 unless changed). */
export interface Schedule {
  /** ISO day of week: 1 Monday … 7 Sunday. */
  dayOfWeek: number;
  /** 0 to 23. */
  hour: number;
}

/** The hour (0 to 23) `now` reads on a clock in `timeZone`. */
function localHour(now: Date, timeZone: string): number {
  return Number(dateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now));
}

/**
 * Whether a store's report for the last completed week is due at `now`: its local time has passed its
 * schedule's day and hour of the current ISO week (read in its timezone, so DST moves the UTC instant,
 * never the local hour; an hour a DST change skips is due from the next one). A store missed while workers
 * were down, or whose send job ran out of retries, stays due until that week ends (the catch-up window:
 * up to 6 days for a Monday report, less for a later day); after that, the week is no longer the last
 * completed one and `npm run weekly -- --week W` is the way to send it. A schedule moved within a week
 * sends that week once: the ledger remembers it was sent.
 */
export function dueWeek(timeZone: string, now: Date, schedule: Schedule): string | null {
  const today = localDate(now, timeZone);
  const dayOfWeek = daysBetween(weekStart(weekOf(today)), today); // both days counted: Monday is 1
  const hour = localHour(now, timeZone);
  const due = dayOfWeek > schedule.dayOfWeek || (dayOfWeek === schedule.dayOfWeek && hour >= schedule.hour);
  return due ? lastCompletedWeek(timeZone, now) : null;
}

/**
 * Whether a store's monthly report for the last completed calendar month is due at `now`: from the 1st at
 * the schedule's hour (local time, so DST moves the UTC instant, never the hour) to the month's end, the
 * catch-up window; the ledger remembers it was sent.
 */
export function dueMonth(timeZone: string, now: Date, schedule: Pick<Schedule, "hour">): string | null {
  const today = localDate(now, timeZone);
  const due = today.slice(8) !== "01" || localHour(now, timeZone) >= schedule.hour;
  return due ? lastCompletedMonth(timeZone, now) : null;
}
