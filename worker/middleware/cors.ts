import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors.ts";
import type { AppEnv } from "../types.ts";

/**
 * Browsers may call the API only from origins listed in CORS_ORIGINS. A preflight from any
 * other origin is refused outright (403) rather than answered without CORS headers.
 */
export const corsAllowList = createMiddleware<AppEnv>(async (c, next) => {
  const allowed = c.var.config.corsOrigins;
  const origin = c.req.header("origin");
  const isPreflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method");
  if (isPreflight && (!origin || !allowed.includes(origin))) {
    throw new ApiError("forbidden", "This origin is not allowed to call the API.");
  }
  const handler = cors({
    origin: (requestOrigin) => (allowed.includes(requestOrigin) ? requestOrigin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "Retry-After", "RateLimit-Remaining"],
    maxAge: 600,
  });
  return handler(c, next);
});
