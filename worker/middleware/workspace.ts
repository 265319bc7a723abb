import { createMiddleware } from "hono/factory";
import { findMembership } from "../db/workspaces.ts";
import { ApiError } from "../lib/errors.ts";
import type { AppEnv, WorkspaceRole } from "../types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Proves the caller belongs to `:ws` (under RLS) before anything else runs. A workspace the
 * caller is not a member of does not exist for them: 404, never 403.
 */
export const requireMembership = createMiddleware<AppEnv>(async (c, next) => {
  const ws = c.req.param("ws");
  if (!ws || !UUID.test(ws)) throw new ApiError("not_found", "Workspace not found.");
  const role = await findMembership(c.var.db, c.var.auth.claims, ws.toLowerCase());
  if (!role) throw new ApiError("not_found", "Workspace not found.");
  c.set("workspace", { id: ws.toLowerCase(), role });
  await next();
});

/** Route guard for operations that need more than membership (e.g. credentials, audit log). */
export function requireRole(...roles: WorkspaceRole[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.var.workspace.role)) {
      throw new ApiError(
        "forbidden",
        `This needs the ${roles.join(" or ")} role in the workspace.`,
      );
    }
    await next();
  });
}
