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
