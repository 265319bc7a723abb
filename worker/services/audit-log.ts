import { type ListAuditArgs, listAudit } from "../db/audit.ts";
import { keysetPage } from "../lib/pagination.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

/** The workspace's audit log as the caller reads it (RLS: owners and admins only). */
export async function listAuditLog(
  scope: WorkspaceScope,
  args: Omit<ListAuditArgs, "workspaceId">,
) {
  const workspaceId = scope.workspace.id;
  const rows = await asCaller(scope, (tx) => listAudit(tx, { ...args, workspaceId }));
  return keysetPage(rows, args.limit);
}
