/** A Map or a WeakMap: anything that keeps values by key. */
interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value `cache` keeps for `key`, built by `build` on first use and kept from then on. A `build` that
 * throws caches nothing.
 */
export function getOrBuild<K, V>(cache: Cache<K, V>, key: K, build: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}
