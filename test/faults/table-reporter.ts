import type { Reporter, TestModule } from "vitest/node";
import { markdownTable } from "../../scripts/dev/table.ts";
import type { FaultCheck } from "./record.ts";

/** After the run, prints every fault-suite check as one table: what was tried and whether it held. */
export default class FaultTableReporter implements Reporter {
  constructor(private readonly options: { title?: string } = {}) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const checks: FaultCheck[] = [];
    for (const module of testModules)
      for (const test of module.children.allTests()) checks.push(...(test.meta().faults ?? []));
    if (checks.length === 0) return;
    const held = checks.filter((c) => c.held).length;
    const table = markdownTable(
      ["scenario", "tried", "expected", "observed", ""],
      checks.map((c) => [c.scenario, c.tried, c.expected, c.observed, c.held ? "held" : "BROKEN"]),
    );
    process.stdout.write(
      `\n${this.options.title ?? "Fault suite"}: ${held} of ${checks.length} checks held\n\n${table}\n\n`,
    );
  }
}
