/**
 * Exact sums of the graph's decimal strings (`"1234.50"`), in hundredths as BigInt: a range's total is a
 * sum over products, and no float may touch money.
 */
export function sumAmounts(amounts: readonly string[]): string {
  let hundredths = 0n;
  for (const amount of amounts) {
    const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
    const value = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
    hundredths += amount.startsWith("-") ? -value : value;
  }
  const sign = hundredths < 0n ? "-" : "";
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
