import { defineConfig } from "@trigger.dev/sdk";

// `npm run trigger -- deploy` (the CLI pinned in devDependencies) with a Trigger.dev account;
// `npm run trigger:check` builds and indexes offline. The project ref comes from
// TRIGGER_PROJECT_REF (the dashboard shows it); tasks live in ./trigger. docs/DEPLOY.md, step 5.
export default defineConfig({
  project: process.env.TRIGGER_PROJECT_REF ?? "proj_connectors",
  dirs: ["./trigger"],
  runtime: "node",
  maxDuration: 300,
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, minTimeoutInMs: 1_000, maxTimeoutInMs: 10_000, factor: 2 },
  },
});
