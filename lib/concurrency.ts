/** Runs `task` for each item, at most `limit` at once, in order of start; resolves when all have ended. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}
