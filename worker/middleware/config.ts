import { createMiddleware } from "hono/factory";
import { parseConfig } from "../env.ts";
import { ApiError } from "../lib/errors.ts";
import { log, setLogLevel } from "../lib/log.ts";
import type { AppEnv } from "../types.ts";

/** Parses configuration once per isolate; a broken configuration answers every request 500. */
export const loadConfig = createMiddleware<AppEnv>(async (c, next) => {
  const result = parseConfig(c.env);
  if (!result.ok) {
    log("error", "configuration invalid", { problems: result.problems.join("; ") });
    throw new ApiError("internal_error", "The service is misconfigured.", {
      details: { problems: result.problems },
    });
  }
  setLogLevel(result.config.logLevel);
  c.set("config", result.config);
  await next();
});
