import { createMiddleware } from "hono/factory";
import { membershipRole } from "../services/workspaces.ts";
import { ApiError } from "../lib/errors.ts";
import { UUID } from "../lib/ids.ts";
import type { AppEnv, WorkspaceRole } from "../types.ts";

const READS = new Set(["GET", "HEAD"]);

/**
 * Proves the caller belongs to `:ws` (under RLS). A workspace the caller is not a member of
 * does not exist for them: 404, never 403. Writes check it here, before their body is
 * validated; reads check it inside their own transaction, in the same round trip as their
 * first query (Database.requireMembership), which saves a transaction on the hottest routes.
 * A malformed id is refused here, before anything (a rate-limit counter included) is keyed by it.
 */
export const requireMembership = createMiddleware<AppEnv>(async (c, next) => {
  const ws = c.req.param("ws");
  if (!ws || !UUID.test(ws)) throw new ApiError("not_found", "Workspace not found.");
  const id = ws.toLowerCase();
  if (READS.has(c.req.method)) {
    c.var.db.requireMembership(id);
    c.set("workspace", { id, role: null });
  } else {
    const role = await membershipRole(c.var.db, c.var.auth.claims, id);
    if (!role) throw new ApiError("not_found", "Workspace not found.");
    c.set("workspace", { id, role });
  }
  await next();
});

/** Route guard for operations that need more than membership (e.g. credentials, audit log). */
export function requireRole(...roles: WorkspaceRole[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let role = c.var.workspace.role;
    if (role === null) {
      role = await membershipRole(c.var.db, c.var.auth.claims, c.var.workspace.id);
      c.set("workspace", { id: c.var.workspace.id, role });
    }
    if (!role || !roles.includes(role)) {
      throw new ApiError(
        "forbidden",
        `This needs the ${roles.join(" or ")} role in the workspace.`,
      );
    }
    await next();
  });
}
