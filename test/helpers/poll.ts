/**
 * Polls `check` (a condition on what the services did, never on time passing) until it answers something
 * other than undefined, null or false, and returns that; after `timeoutMs` fails, saying what it waited
 * for and, when `state` is given, what it saw last.
 */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  {
    timeoutMs = 30_000,
    intervalMs = 50,
    state,
  }: { timeoutMs?: number; intervalMs?: number; state?: () => string } = {},
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false)
      return value as Exclude<T, undefined | null | false>;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${state ? `; last seen:\n${state()}` : ""}`,
      );
    await new Promise((wake) => setTimeout(wake, intervalMs));
  }
}
