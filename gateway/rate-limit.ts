/**
 * A per-address limit on anonymous requests (the storefront's public mutations): at most `perSecond` in
 * each one-second window. Memory holds only the addresses of the current window, so a flood from many
 * addresses cannot grow it beyond one second's worth.
 */
export class RateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether one more request from `address` may go ahead now. */
  allow(address: string): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    return count <= this.perSecond;
  }
}
