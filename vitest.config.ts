import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    exclude: ["node_modules/**", ".data/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    // The integration files spend most of their time waiting on their services, PostgreSQL and Chromium:
    // two files a core keep the cores busy (on 2 cores, the main project took 128 s instead of 278 s).
    maxWorkers: 2 * availableParallelism(),
    hookTimeout: 60_000,
    reporters: ["default", "./test/faults/table-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          // One module graph per worker, not one per file: the files mock nothing and keep no state in
          // modules they share (each starts its own services and databases), and importing the services
          // afresh for every file was a quarter of the project's time (on 2 cores, 210 s -> 156 s).
          isolate: false,
          include: ["**/*.test.ts"],
          // The cluster test (test/cluster/) is `npm run test:cluster`'s, on its own config.
          exclude: ["node_modules/**", ".data/**", "test/faults/**", "test/cluster/**"],
        },
      },
      {
        // `npm run test:faults` runs these alone. Within `npm test` they run after the rest, one file at a
        // time: each drives the whole machine (1,000 stores, 100,000 clicks, killed processes).
        extends: true,
        test: {
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          testTimeout: 240_000,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
    ],
  },
});
