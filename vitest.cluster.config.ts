import { defineConfig } from "vitest/config";

/**
 * `npm run test:cluster`: the reference deployment on hosts made of network namespaces
 * (test/cluster/), one scenario after another. Apart from `npm test`: it needs root and haproxy, and
 * brings its own database host.
 */
export default defineConfig({
  test: {
    include: ["test/cluster/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 240_000,
    reporters: ["default", ["./test/faults/table-reporter.ts", { title: "Cluster suite" }]],
  },
});
