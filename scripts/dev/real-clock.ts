/**
 * This process's environment without libfaketime (`LD_PRELOAD` and the `FAKETIME*` settings), for the
 * programs that must run at the machine's real clock even when the suite runs under it (`.ci/run` does):
 * Chromium, whose compositor a faked clock stalls, and PostgreSQL, whose statement timeouts a faked clock
 * fires early under load (a 30 s timeout cancelled an advisory-lock wait within 2.5 s). Neither decides a
 * date the tests check: pages take their week from the URL, and the SQL's own `now()` only stamps leases
 * and bookkeeping; every reported week comes from the services' clocks.
 */
export function realClockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[0] !== "LD_PRELOAD" && !entry[0].startsWith("FAKETIME"),
    ),
  );
}
