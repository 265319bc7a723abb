// The console's browser tests (tests/browser): Playwright driving Debian's Chromium against the
// real stack that tests/browser/global-setup.ts starts. `npm test` runs them in its "browser"
// stage; alone: `npm run test:browser`. Screenshots of every page land in .data/playwright.
import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./scripts/lib/chromium.ts";

export default defineConfig({
  testDir: "tests/browser",
  testMatch: "**/*.spec.ts",
  outputDir: ".data/playwright/results",
  globalSetup: "./tests/browser/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // npm test runs these beside the node suites on a machine with two cores: a flow of ~35 s on a
  // quiet machine may take twice that.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: ".data/playwright/report.json" }]],
  use: {
    baseURL: process.env.CONSOLE_BASE_URL,
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM, args: ["--no-sandbox"] },
    viewport: { width: 1280, height: 800 },
    // A trace records every action's DOM and a screencast: costly beside the other suites, and
    // CI keeps only the printed output. Locally a failing test keeps its trace.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
