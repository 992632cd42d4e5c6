import { dateTimeFormat } from "./intl.ts";

/**
 * Weeks are ISO weeks (`2026-W47`, Monday to Sunday) read in a store's timezone. JavaScript only does calendar
 * arithmetic on dates here; turning a local date into an instant is left to PostgreSQL (`AT TIME ZONE`, lib/runtime/period-sql.ts), whose
 * timezone database makes week boundaries exact across DST changes.
 */
export class InvalidDateError extends Error {
  override name = "InvalidDateError";
}

const WEEK = /^(\d{4})-W(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** What a refused week or date is called in the error: never more than a short prefix of the input. */
const quoted = (input: string) => JSON.stringify(input.length > 12 ? `${input.slice(0, 12)}…` : input);

/** Weeks and dates this system reads: years outside it are a typo (`0026-W10`) or an attack, not data. */
const YEARS = { first: 2000, last: 2999 };

function assertYear(year: number, input: string) {
  if (year < YEARS.first || year > YEARS.last)
    throw new InvalidDateError(`${quoted(input)}: the year must be ${YEARS.first} to ${YEARS.last}`);
}

/** The Monday (`YYYY-MM-DD`) that starts an ISO week such as `2026-W47`. */
export function weekStart(week: string): string {
  const match = week.length <= 8 ? WEEK.exec(week) : null;
  if (!match) throw new InvalidDateError(`${quoted(week)} is not an ISO week like 2026-W47`);
  const year = Number(match[1]);
  assertYear(year, week);
  const number = Number(match[2]);
  if (number < 1 || number > weeksInYear(year)) {
    throw new InvalidDateError(`${year} has no week ${number} (it has ${weeksInYear(year)})`);
  }
  return formatDate(addDays(mondayOfWeek1(year), (number - 1) * 7));
}

/** The ISO week that contains a date (`YYYY-MM-DD`). */
export function weekOf(date: string): string {
  const day = parseDate(date);
  // The ISO week-year is the year of the week's Thursday.
  const thursday = addDays(day, 3 - ((day.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const number = Math.floor((thursday.getTime() - mondayOfWeek1(year).getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(number).padStart(2, "0")}`;
}

/** `week` moved by `weeks` (negative for earlier weeks). */
export function shiftWeek(week: string, weeks: number): string {
  return weekOf(formatDate(addDays(parseDate(weekStart(week)), weeks * 7)));
}

/** A calendar date (`YYYY-MM-DD`) moved by `days` (negative for earlier days). */
export function shiftDate(date: string, days: number): string {
  return formatDate(addDays(parseDate(date), days));
}

/** The calendar date an instant falls on in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    instant,
  );
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Whether a report period is a calendar month (`2026-11`) rather than an ISO week (`2026-W47`). */
export function isMonth(period: string): boolean {
  return MONTH.test(period);
}

/** The first and last dates of a calendar month such as `2026-11`. */
export function monthDates(month: string): { from: string; to: string } {
  const match = month.length === 7 ? MONTH.exec(month) : null;
  const [year, number] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || number < 1 || number > 12)
    throw new InvalidDateError(`${quoted(month)} is not a month like 2026-11`);
  assertYear(year, month);
  const first = new Date(Date.UTC(year, number - 1, 1));
  const last = new Date(Date.UTC(year, number, 0));
  return { from: formatDate(first), to: formatDate(last) };
}

/** `month` moved by `months` (negative for earlier months). */
export function shiftMonth(month: string, months: number): string {
  const { from } = monthDates(month);
  const moved = new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1 + months, 1));
  return formatDate(moved).slice(0, 7);
}

/** The last calendar month that has fully ended at `now` in `timeZone`. */
export function lastCompletedMonth(timeZone: string, now: Date): string {
  return shiftMonth(localDate(now, timeZone).slice(0, 7), -1);
}

/** The last ISO week that has fully ended at `now` in `timeZone`. */
export function lastCompletedWeek(timeZone: string, now: Date): string {
  return shiftWeek(weekOf(localDate(now, timeZone)), -1);
}

/** Validates a `YYYY-MM-DD` calendar date. */
export function parseDate(date: string): Date {
  const match = DATE.exec(date);
  const parsed = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!parsed || formatDate(parsed) !== date)
    throw new InvalidDateError(`${quoted(date)} is not a date like 2026-11-16`);
  assertYear(parsed.getUTCFullYear(), date);
  return parsed;
}

/** Days from `from` to `to`, inclusive of both. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / DAY_MS) + 1;
}

/** A run of whole local days in a store's timezone, starting at local midnight of `start`. */
export interface Period {
  start: string;
  days: number;
  /**
   * Where the period it is compared with starts (it ends where this one starts): the as many days before
   * unless given (a month is compared with the calendar month before).
   */
  previousStart?: string;
}

export const MAX_RANGE_DAYS = 366;

/**
 * The week a `week` argument asks for, read in the store's timezone: omitted means the last completed
 * week there; a week that has not started there yet is an error.
 */
export function weekPeriod(week: string | null | undefined, timeZone: string, now: Date): Period {
  const start = weekStart(week ?? lastCompletedWeek(timeZone, now));
  assertStarted(start, timeZone, now, `Week ${week}`);
  return { start, days: 7 };
}

/** `from` to `to`, both inclusive, at most {@link MAX_RANGE_DAYS} days, not starting in the future. */
export function rangePeriod(from: string, to: string, timeZone: string, now: Date): Period {
  const days = daysBetween(from, to);
  if (days < 1) throw new InvalidDateError(`"from" (${from}) must not be after "to" (${to})`);
  if (days > MAX_RANGE_DAYS)
    throw new InvalidDateError(`A range may span at most ${MAX_RANGE_DAYS} days, not ${days}`);
  assertStarted(from, timeZone, now, `The range starting ${from}`);
  return { start: from, days };
}

/**
 * A range of dates compared with the period from `previousFrom` (a date before `from`, at most
 * {@link MAX_RANGE_DAYS} days before) to the day before `from`; without it, the as many days before.
 */
export function comparedRange(
  { from, to, previousFrom }: { from: string; to: string; previousFrom?: string | null },
  timeZone: string,
  now: Date,
): Period {
  const period = rangePeriod(from, to, timeZone, now);
  if (!previousFrom) return period;
  const days = daysBetween(previousFrom, from) - 1;
  if (days < 1 || days > MAX_RANGE_DAYS)
    throw new InvalidDateError(
      `"previousFrom" (${previousFrom}) must be 1 to ${MAX_RANGE_DAYS} days before "from" (${from})`,
    );
  return { ...period, previousStart: previousFrom };
}

/** Consecutive ISO weeks: the Monday of the first and how many; `weeks` names them in order. */
export interface WeekSeries {
  start: string;
  weeks: string[];
}

/** The periods of a week series, in order (what the series' SQL reads). */
export function seriesPeriods(series: WeekSeries): Period[] {
  return series.weeks.map((week) => ({ start: weekStart(week), days: 7 }));
}

export const MAX_SERIES_WEEKS = 53;

/**
 * The `count` weeks that end with `toWeek` (omitted: the last completed week in the store's timezone),
 * 1 to {@link MAX_SERIES_WEEKS} of them, the last one started there.
 */
export function weekSeries(
  toWeek: string | null | undefined,
  count: number,
  timeZone: string,
  now: Date,
): WeekSeries {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SERIES_WEEKS)
    throw new InvalidDateError(`"weeks" must be 1 to ${MAX_SERIES_WEEKS}, not ${count}`);
  const last = weekPeriod(toWeek, timeZone, now).start;
  const first = shiftWeek(weekOf(last), 1 - count);
  return { start: weekStart(first), weeks: Array.from({ length: count }, (_, i) => shiftWeek(first, i)) };
}

/** The week before a weekly period, for week-over-week change. */
export function previousPeriod(period: Period): Period {
  return { start: formatDate(addDays(parseDate(period.start), -7)), days: period.days };
}

function assertStarted(start: string, timeZone: string, now: Date, what: string) {
  const today = localDate(now, timeZone);
  if (start > today)
    throw new InvalidDateError(`${what} has not started yet in ${timeZone} (today is ${today} there)`);
}

function mondayOfWeek1(year: number): Date {
  // January 4th is always in ISO week 1.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  return addDays(jan4, -((jan4.getUTCDay() + 6) % 7));
}

function weeksInYear(year: number): number {
  return Math.round((mondayOfWeek1(year + 1).getTime() - mondayOfWeek1(year).getTime()) / (7 * DAY_MS));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
