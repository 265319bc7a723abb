import { defineConfig } from "@trigger.dev/sdk";

// `npx trigger.dev dev` / `npx trigger.dev deploy` with a Trigger.dev account. The project ref
// comes from TRIGGER_PROJECT_REF (the dashboard shows it); tasks live in ./trigger.
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
