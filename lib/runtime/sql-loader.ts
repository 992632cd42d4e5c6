import DataLoader from "dataloader";
import { inSpan, type RequestTrace } from "../tracing.ts";

export type Loader<K, V> = DataLoader<K, V, K | string>;

/**
 * A per-request DataLoader whose batches are SQL statements, `batch(db, keys)`: each batch is a span
 * (`sql <batch's name>`) under the request's, with its size. Keys that are objects (a store and a period)
 * are compared by value.
 */
export function sqlLoader<D, K, V>(
  trace: RequestTrace,
  db: D,
  batch: (db: D, keys: readonly K[]) => Promise<readonly V[]>,
): Loader<K, V> {
  return new DataLoader<K, V, K | string>(
    (keys) =>
      inSpan(`sql ${batch.name}`, trace.span, { "db.batch.size": keys.length }, () => batch(db, keys)),
    { cacheKeyFn: (key) => (typeof key === "object" && key !== null ? JSON.stringify(key) : key) },
  );
}
