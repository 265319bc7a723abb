// Who the caller is: their workspaces and roles, and whether they are a saas admin.
import type { Claims, Database } from "../db/client.ts";
import { isSaasAdmin } from "../db/saas-admins.ts";
import { findMembership, type MeRow, readMe } from "../db/workspaces.ts";
import type { WorkspaceRole } from "../types.ts";
import { asCaller, type Scope } from "./scope.ts";

/** The caller's role in the workspace, or null when they are not a member (it is 404 then). */
export function membershipRole(
  db: Database,
  claims: Claims,
  workspaceId: string,
): Promise<WorkspaceRole | null> {
  return db.asUser(claims, (tx) => findMembership(tx, workspaceId));
}

/** Asked under the caller's own claims, before any admin route may use the service role. */
export function callerIsSaasAdmin(db: Database, claims: Claims): Promise<boolean> {
  return db.asUser(claims, (tx) => isSaasAdmin(tx));
}

export function describeCaller(scope: Scope): Promise<MeRow> {
  return asCaller(scope, (tx) => readMe(tx));
}
