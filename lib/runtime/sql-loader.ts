import DataLoader from "dataloader";
import { inSpan, type RequestTrace } from "../tracing.ts";
import { isDataException } from "./database.ts";

export type Loader<K, V> = DataLoader<K, V, K | string>;

/**
 * A per-request DataLoader whose batches are SQL statements, `batch(db, keys)`: each batch is a span
 * (`sql <batch's name>`) under the request's, with its size. Keys that are objects (a store and a period)
 * are compared by value. A batch that one key's data breaks is asked again key by key, so that key fails
 * alone and every other store on the page still gets its figures.
 */
export function sqlLoader<D, K, V>(
  trace: RequestTrace,
  db: D,
  batch: (db: D, keys: readonly K[]) => Promise<readonly V[]>,
): Loader<K, V> {
  const run = (keys: readonly K[]) =>
    inSpan(`sql ${batch.name}`, trace.span, { "db.batch.size": keys.length }, () => batch(db, keys));
  return new DataLoader<K, V, K | string>(
    async (keys) => {
      try {
        return await run(keys);
      } catch (error) {
        // A data exception is one key's values; a lost connection or a deadline, asked again key by key,
        // would only be multiplied.
        if (keys.length === 1 || !isDataException(error)) throw error;
        return Promise.all(
          keys.map((key) =>
            run([key]).then(
              ([value]) => value as V,
              (e: unknown) => toError(e),
            ),
          ),
        );
      }
    },
    { cacheKeyFn: (key) => (typeof key === "object" && key !== null ? JSON.stringify(key) : key) },
  );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
