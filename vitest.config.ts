import { defineConfig } from "vitest/config";

// Three projects: pure unit tests beside the code, API suites against the real PostgreSQL the
// harness starts, and suites that run inside the Workers runtime (vitest.workers.config.ts).
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
          environment: "node",
        },
      },
      {
        test: {
          name: "api",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/workers/**"],
          environment: "node",
          globalSetup: ["tests/harness/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
