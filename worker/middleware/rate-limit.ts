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

/**
 * Per-workspace budget on workspace routes (RATE_LIMIT_WORKSPACE_PER_MINUTE), charged only once
 * the caller is proven a member (docs/SECURITY.md), so outsiders cannot spend a workspace's budget.
 * Runs after requireMembership: writes have proven it already; reads prove it inside their first
 * transaction, which charges from there while the query runs, and a refusal replaces the answer.
 */
export const limitWorkspace = createMiddleware<AppEnv>(async (c, next) => {
  const { id, role } = c.var.workspace;
  const charge = async () => {
    await enforce(
      c.var.rateLimits,
      `workspace:${id}`,
      c.var.config.rateLimits.workspacePerMinute,
      "workspace",
    );
  };
  if (role !== null) {
    await charge();
    await next();
    return;
  }
  c.var.db.whenProvenMember(charge);
  await next();
  await c.var.db.settleProven();
});
