import type { Tx } from "./client.ts";

export interface AuditEntry {
  workspaceId: string;
  action: string;
  targetType: string;
  targetId: string;
  /** Identifiers and names only: never a credential value or a request body. */
  metadata?: Record<string, string | number | boolean | null | string[]>;
}

/** Appends to the audit log as the caller, inside the caller's transaction. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx`
    insert into public.audit_log (workspace_id, actor_id, action, target_type, target_id, metadata)
    values (${entry.workspaceId}, (select auth.uid()), ${entry.action}, ${entry.targetType},
            ${entry.targetId}, ${tx.json(entry.metadata ?? {})})`;
}
