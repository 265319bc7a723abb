import type { Tx } from "./client.ts";
import type { WorkspaceRole } from "../types.ts";

/** The caller's role in the workspace (under RLS), or null when they are not a member. */
export async function findMembership(tx: Tx, workspaceId: string): Promise<WorkspaceRole | null> {
  const rows = await tx<{ role: WorkspaceRole }[]>`
    select role from connectors.workspace_members
    where workspace_id = ${workspaceId} and user_id = (select auth.uid())`;
  return rows[0]?.role ?? null;
}

export interface MeRow {
  workspaces: { id: string; name: string; role: WorkspaceRole; createdAt: string }[];
  isSaasAdmin: boolean;
  saasAdminRole: string | null;
}

export async function readMe(tx: Tx): Promise<MeRow> {
  const workspaces = await tx<{ id: string; name: string; role: WorkspaceRole; createdAt: Date }[]>`
    select w.id, w.name, m.role, w.created_at as "createdAt"
    from connectors.workspace_members m
    join connectors.workspaces w on w.id = m.workspace_id
    where m.user_id = (select auth.uid())
    order by w.name, w.id`;
  const admins = await tx<{ role: string }[]>`
    select role from connectors.saas_admin_users where user_id = (select auth.uid())`;
  const adminRole = admins[0]?.role ?? null;
  return {
    workspaces: workspaces.map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })),
    isSaasAdmin: adminRole === "admin" || adminRole === "super_admin",
    saasAdminRole: adminRole,
  };
}
