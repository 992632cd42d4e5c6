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
