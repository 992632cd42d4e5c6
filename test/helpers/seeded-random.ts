/** mulberry32: a small seeded generator, so every run of the simulation draws the same numbers. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  /** Binomial(n, p) by inverse transform from 0 (exact; the counts here are at most a few hundred). */
  const binomial = (n: number, p: number) => {
    const u = uniform();
    let pmf = (1 - p) ** n;
    let cdf = pmf;
    let k = 0;
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
      cdf += pmf;
      k++;
    }
    return k;
  };
  /** Poisson(λ): Knuth's product of uniforms below 30, a rounded normal above (plenty for counts). */
  const poisson = (lambda: number) => {
    if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let product = uniform(); product > limit; product *= uniform()) k++;
    return k;
  };
  return { uniform, normal, binomial, poisson };
}
