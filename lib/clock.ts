/** Where code that needs "now" reads it, so tests can place a whole service in a chosen week. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that reads `start` at the moment it is made and runs at the machine's pace from there (on the
 * monotonic clock, so moving the wall clock does not move it).
 */
export function clockStartingAt(start: Date): Clock {
  const origin = performance.now();
  return () => new Date(start.getTime() + (performance.now() - origin));
}

/** The machine's clock, or (`TEST_CLOCK_START`, for tests that run services as processes) a chosen one. */
export function clockFrom(env: { TEST_CLOCK_START?: Date }): Clock {
  return env.TEST_CLOCK_START ? clockStartingAt(env.TEST_CLOCK_START) : systemClock;
}
