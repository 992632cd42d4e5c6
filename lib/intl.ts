import { getOrBuild } from "./memo.ts";

/**
 * Cached Intl formatters. Building one costs far more than formatting with it (on the weekly run's hot
 * path, dozens per email), and a formatter is immutable, so each (locale, options) is built once. Keys come
 * from our own code (a store's locale, currency and timezone), so the caches stay small.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, locale, options, () => new Intl.NumberFormat(locale, options));
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateTimeFormats, locale, options, () => new Intl.DateTimeFormat(locale, options));
}

function cached<T>(cache: Map<string, T>, locale: string, options: object, build: () => T): T {
  // A bad locale, currency or zone throws in `build`, before anything is cached.
  return getOrBuild(cache, `${locale}|${JSON.stringify(options)}`, build);
}
