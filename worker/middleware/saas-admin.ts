import { createMiddleware } from "hono/factory";
import { callerIsSaasAdmin } from "../services/workspaces.ts";
import { ApiError } from "../lib/errors.ts";
import type { AppEnv } from "../types.ts";

/**
 * Guards `/v1/admin/*`: the caller must be a saas admin (`saas_admin_users`, asked under the
 * caller's own claims). Runs before any route's validators, so everyone else gets 403 whatever
 * they send — and only after it may a route use the service role.
 */
export const requireSaasAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!(await callerIsSaasAdmin(c.var.db, c.var.auth.claims))) {
    throw new ApiError("forbidden", "This needs a saas admin.");
  }
  await next();
});
