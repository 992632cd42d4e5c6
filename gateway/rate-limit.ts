/**
 * A limit per key (an address, a store's kind of credential): at most `perSecond` in each one-second
 * window. Memory holds only the addresses of the current window, so a flood from many
 * addresses cannot grow it beyond one second's worth.
 */
export class RateLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether one more request from `address` may go ahead now; counts it. */
  allow(address: string): boolean {
    this.roll();
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    return count <= this.perSecond;
  }

  /** Whether `address` has used up this window's budget, without counting anything. */
  exhausted(address: string): boolean {
    this.roll();
    return (this.counts.get(address) ?? 0) >= this.perSecond;
  }

  /** Gives back one request of `address`'s budget in this window (one that turned out not to count). */
  release(address: string): void {
    const count = this.counts.get(address);
    if (count) this.counts.set(address, count - 1);
  }

  private roll() {
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.counts.clear();
    }
  }
}
