import { defineConfig } from "@trigger.dev/sdk";
import { RUN_MAX_SECONDS } from "./execution/retry.ts";

// `npm run trigger -- deploy` (the CLI pinned in devDependencies) with a Trigger.dev account;
// `npm run trigger:check` builds and indexes offline. The project ref comes from
// TRIGGER_PROJECT_REF (the dashboard shows it); tasks live in ./trigger. docs/DEPLOY.md, step 5.
export default defineConfig({
  project: process.env.TRIGGER_PROJECT_REF ?? "proj_connectors",
  dirs: ["./trigger"],
  runtime: "node",
  // A run's budget, the grace of its last writes through an outage, and a last attempt.
  maxDuration: RUN_MAX_SECONDS,
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, minTimeoutInMs: 1_000, maxTimeoutInMs: 10_000, factor: 2 },
  },
});
