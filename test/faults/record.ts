import { expect, type TestContext } from "vitest";

/** One thing the fault suite tried, what must hold, and what it saw. */
export interface FaultCheck {
  scenario: string;
  tried: string;
  expected: string;
  observed: string;
  held: boolean;
}

declare module "vitest" {
  interface TaskMeta {
    faults?: FaultCheck[];
  }
}

/**
 * Collects a scenario's checks on its test, where the table reporter finds them, and fails the test after
 * recording them all (so the table shows every check, the broken ones included).
 */
export function faultChecks({ task }: TestContext, scenario: string) {
  const checks: FaultCheck[] = [];
  task.meta.faults = checks;
  return {
    check(tried: string, expected: string, observed: string | number, held: boolean) {
      checks.push({ scenario, tried, expected, observed: String(observed), held });
    },
    assertAllHeld() {
      expect(checks.filter((c) => !c.held)).toEqual([]);
    },
  };
}
