import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { parseConfig } from "./env.ts";
import { log } from "./lib/log.ts";

export { RateLimiter } from "./lib/rate-limiter.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    const config = parseConfig(env);
    if (!config.ok) {
      log("error", "scheduled run skipped: configuration invalid", {
        problems: config.problems.join("; "),
      });
      return;
    }
    log("info", "scheduled", { cron: controller.cron });
  },
} satisfies ExportedHandler<Bindings>;
