/** A clock a test sets and moves, so that no test waits for time to pass. */
export function movableClock(start: Date) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}

/**
 * An independent check on the database's week bounds: the instant at which local midnight of `date` happens
 * in `timeZone`, found with Intl alone (no SQL), by correcting a UTC guess with the zone's offset.
 */
export function zonedMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const wallClock = Date.UTC(year, month - 1, day);
  let instant = wallClock;
  for (let i = 0; i < 3; i++) instant = wallClock - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return asUtc - instant.getTime();
}
