import { numberFormat } from "./intl.ts";

const digitsOf = new Map<string, number>();

/**
 * Fractional digits of a currency's minor unit, as ICU knows them: KRW 0, USD 2, BHD 3. Kept per currency:
 * `resolvedOptions()` costs microseconds, and every line of every order asks.
 */
export function currencyDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** The largest amount shop stores (numeric(15, 3)): 12 integer digits. */
const AMOUNT = /^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,3}))?$/;

/**
 * A non-negative decimal string with no more fractional digits than the currency has, or the reason it is
 * not one. Amounts never pass through a float.
 */
export function amountProblem(value: string, currency: string): string | undefined {
  const match = AMOUNT.exec(value);
  if (!match) return "must be a decimal string such as 12.50, at least 0 and below 10^12";
  const digits = currencyDigits(currency);
  if ((match[2]?.length ?? 0) > digits) return `has more fractional digits than ${currency} has (${digits})`;
  return undefined;
}

/** Fractional digits the graph writes amounts with: the currency's own, and at least 2 (`12500.00`). */
export function amountScale(currency: string): number {
  return Math.max(2, currencyDigits(currency));
}

/**
 * A sum as the graph answers it: SQL sums to 3 fractional digits (what shop stores); the digits past the
 * currency's scale are zeros, since no stored amount has more digits than its currency.
 */
export function presentAmount(sum: string, currency: string): string {
  const [whole = "0", fraction = ""] = sum.split(".");
  return `${whole}.${fraction.padEnd(3, "0").slice(0, amountScale(currency))}`;
}

/**
 * Exact sums of the graph's decimal strings (`"1234.50"`, `"12.345"` for a three-digit currency) as
 * BigInt at the inputs' finest scale (at least hundredths): a range's total is a sum over products, and
 * no float may touch money.
 */
export function sumAmounts(amounts: readonly string[]): string {
  const digits = Math.max(2, ...amounts.map((amount) => amount.split(".")[1]?.length ?? 0));
  const unit = 10n ** BigInt(digits);
  let total = 0n;
  for (const amount of amounts) {
    const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
    const value = BigInt(whole) * unit + BigInt(fraction.padEnd(digits, "0"));
    total += amount.startsWith("-") ? -value : value;
  }
  const sign = total < 0n ? "-" : "";
  const abs = total < 0n ? -total : total;
  return `${sign}${abs / unit}.${String(abs % unit).padStart(digits, "0")}`;
}

/** A platform's amount (`"19.99"`, `195.67`) as a decimal string. */
const PLATFORM_AMOUNT = /^([0-9]{1,15})(?:\.([0-9]{1,20}))?$/;

/**
 * An amount a shop platform sent (a decimal string or a JSON number), rounded half up to the currency's
 * digits (Shopify writes `"1990.00"` for yen; WooCommerce a unit price of `16.666667`); undefined if it is
 * not a non-negative amount. Never through a float's arithmetic: a number is read by its shortest text.
 */
export function platformAmount(value: unknown, currency: string): string | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = PLATFORM_AMOUNT.exec(text);
  if (!match) return undefined;
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? "";
  const unit = 10n ** BigInt(digits);
  let minor = BigInt(match[1] ?? "0") * unit + BigInt(fraction.slice(0, digits).padEnd(digits, "0") || "0");
  if ((fraction[digits] ?? "0") >= "5") minor += 1n;
  return fromMinor(minor, currency);
}

/** A valid amount of the currency (see {@link amountProblem}) in its minor unit, exactly. */
export function toMinor(amount: string, currency: string): bigint {
  const digits = currencyDigits(currency);
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
}

/** A non-negative amount in the currency's minor unit as the graph's decimal string (`1250n` → `"12.50"`). */
export function fromMinor(value: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return value.toString();
  const text = value.toString().padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
