import { configDefaults, defineConfig } from "vitest/config";

// Suites that must not run beside other suites (README "Testing": the test layout). They run
// after everything else, one file at a time, in the project "serial".
export const SERIAL = [
  // The sweeper and its parts act on every workspace's rows: they reclaim other suites' running
  // claims, dispatch their queued rows, fire their due schedules, and their reports count them.
  "tests/batches.trigger.test.ts",
  "tests/executions.by-trigger.happy.test.ts",
  "tests/executions.lease.test.ts",
  "tests/executions.reconcile.test.ts",
  "tests/executions.run.chaos.test.ts",
  "tests/executions.run.happy.test.ts",
  "tests/executions.sweep-scale.test.ts",
  "tests/executions.trigger-faults.test.ts",
  "tests/schedules.sweep.test.ts",
  // Counts over the whole database that another suite's rows would change between two reads.
  "tests/database.bypass.security.test.ts",
  "tests/marketplace.counts.security.test.ts",
  // The seeded demo workspace (fixed ids, the demo target on its fixed port) is one for all.
  "tests/paginate.happy.test.ts",
  "tests/schedules.seed.happy.test.ts",
  "tests/templates.seed.happy.test.ts",
  "tests/webhooks.seed.happy.test.ts",
  // Wall-clock budgets of a second or less that a busy CPU would break, not the code.
  "tests/database.hang.test.ts",
  "engine/fuzz.test.ts",
  "engine/link-header.test.ts",
];

/**
 * Files at once for the projects "unit" and "api". The API suites mostly wait on PostgreSQL, HTTP
 * targets and timers, so more workers than cores pay; TEST_WORKERS overrides it.
 */
const WORKERS = Number(process.env.TEST_WORKERS) || 4;

const api = {
  environment: "node" as const,
  globalSetup: ["tests/harness/global-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

// Four projects: pure unit tests beside the code, API suites against the real PostgreSQL the
// harness starts (in parallel, then the serial ones alone), and suites that run inside the
// Workers runtime (vitest.workers.config.ts).
export default defineConfig({
  test: {
    // Logs are printed for failing tests only.
    silent: "passed-only",
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "engine/**/*.test.ts",
            "worker/**/*.test.ts",
            "trigger/**/*.test.ts",
            "execution/**/*.test.ts",
            "templates/**/*.test.ts",
          ],
          exclude: [...configDefaults.exclude, ...SERIAL],
          environment: "node",
          maxWorkers: WORKERS,
        },
      },
      {
        test: {
          ...api,
          name: "api",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "tests/workers/**", ...SERIAL],
          maxWorkers: WORKERS,
        },
      },
      {
        test: {
          ...api,
          name: "serial",
          include: SERIAL,
          maxWorkers: 1,
          // After the parallel group has finished, so nothing else runs beside these.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
