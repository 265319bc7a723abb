import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { parseConfig } from "./env.ts";
import { log, setLogLevel } from "./lib/log.ts";
import { sweep } from "./services/sweeper.ts";

export { RateLimiter } from "./lib/rate-limiter.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    const config = parseConfig(env);
    if (!config.ok) {
      log("error", "scheduled run skipped: configuration invalid", {
        problems: config.problems.join("; "),
      });
      return;
    }
    setLogLevel(config.config.logLevel);
    await sweep(config.config, env.HYPERDRIVE.connectionString, (promise) =>
      ctx.waitUntil(promise),
    );
  },
} satisfies ExportedHandler<Bindings>;
