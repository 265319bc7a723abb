import { type ListAuditArgs, listAudit } from "../db/audit.ts";
import { type WorkspaceScope, workspacePage } from "./scope.ts";

/** The workspace's audit log as the caller reads it (RLS: owners and admins only). */
export function listAuditLog(scope: WorkspaceScope, args: Omit<ListAuditArgs, "workspaceId">) {
  return workspacePage(scope, listAudit, args);
}
