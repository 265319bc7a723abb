import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors.ts";
import type { AppEnv } from "../types.ts";

const MINUTE_MS = 60_000;

async function enforce(
  store: AppEnv["Variables"]["rateLimits"],
  key: string,
  limit: number,
  scope: string,
): Promise<number> {
  const decision = await store.hit(key, limit, MINUTE_MS);
  if (!decision.allowed) {
    throw new ApiError("rate_limited", `Too many requests for this ${scope}; slow down.`, {
      headers: { "Retry-After": String(decision.retryAfterSeconds) },
      details: { scope, limit, windowSeconds: 60 },
    });
  }
  return decision.remaining;
}

/** Per-user budget, after authentication (RATE_LIMIT_USER_PER_MINUTE). */
export const limitUser = createMiddleware<AppEnv>(async (c, next) => {
  const remaining = await enforce(
    c.var.rateLimits,
    `user:${c.var.auth.userId}`,
    c.var.config.rateLimits.userPerMinute,
    "user",
  );
  c.header("RateLimit-Remaining", String(remaining));
  await next();
});

/** Per-workspace budget on workspace routes (RATE_LIMIT_WORKSPACE_PER_MINUTE). */
export const limitWorkspace = createMiddleware<AppEnv>(async (c, next) => {
  const ws = c.req.param("ws");
  if (ws) {
    await enforce(
      c.var.rateLimits,
      `workspace:${ws.toLowerCase()}`,
      c.var.config.rateLimits.workspacePerMinute,
      "workspace",
    );
  }
  await next();
});
