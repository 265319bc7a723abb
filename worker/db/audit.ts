import type { Tx } from "./client.ts";
import type { Keyset } from "../lib/pagination.ts";
import { sqlState } from "./errors.ts";
import { cursorAt, iso, olderThan } from "./sql.ts";

/**
 * Records a dry run before it sends anything: a `connector.test` audit row with the caller as
 * actor, and `last_used_at` of the credentials it uses. Every other audit row is written by the
 * database's triggers on the audited tables; the caller cannot write the log directly.
 * False when the connector is no longer the caller's to run.
 */
export async function recordDryRun(
  tx: Tx,
  workspaceId: string,
  connectorId: string,
  credentialNames: string[],
): Promise<boolean> {
  try {
    await tx`
      select connectors.record_dry_run(${workspaceId}, ${connectorId}, ${tx.array(credentialNames, 25)})`;
    return true;
  } catch (error) {
    // The connector went away (or the caller left the workspace) since it was loaded.
    if (sqlState(error) === "42501") return false;
    throw error;
  }
}

export interface AuditLogEntry {
  id: string;
  workspaceId: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface ListAuditArgs {
  workspaceId: string;
  limit: number;
  after: Keyset | null;
  action?: string;
}

/** Newest first (`limit + 1` rows), as the caller: RLS shows the log to owners and admins only. */
export async function listAudit(
  tx: Tx,
  args: ListAuditArgs,
): Promise<(AuditLogEntry & { cursorAt: string })[]> {
  const action = args.action ? tx`and action = ${args.action}` : tx``;
  const after = olderThan(tx, args.after, "created_at", "id");
  const rows = await tx<
    (Omit<AuditLogEntry, "createdAt"> & { createdAt: Date; cursorAt: string })[]
  >`
    select id, workspace_id as "workspaceId", actor_id as "actorId", action,
           target_type as "targetType", target_id as "targetId", metadata,
           created_at as "createdAt", ${tx.unsafe(cursorAt("created_at"))} as "cursorAt"
    from connectors.audit_log
    where workspace_id = ${args.workspaceId} ${action} ${after}
    order by created_at desc, id desc
    limit ${args.limit + 1}`;
  return rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) as string }));
}
