// The worker's parsed configuration with the Trigger.dev runner pointed at a stand-in.
import { type Config, parseConfig } from "../../worker/env.ts";
import { testEnv } from "./app.ts";
import type { TriggerStandIn } from "./trigger-standin.ts";

export function triggerConfig(standIn: Pick<TriggerStandIn, "secretKey" | "url">): Config {
  const parsed = parseConfig(
    testEnv({
      RUNNER: "trigger",
      TRIGGER_SECRET_KEY: standIn.secretKey,
      TRIGGER_API_URL: standIn.url,
    }),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}
