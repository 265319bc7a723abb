// The inline runner's drain, as service_role: when a run ends, its lane takes the workspace's
// oldest queued execution that no run holds yet. The claim still decides who runs it.
import type { Tx } from "./sql.ts";
import type { ExecutionTrigger } from "./status.ts";

export interface WaitingExecution {
  executionId: string;
  workspaceId: string;
  connectorId: string | null;
  trigger: ExecutionTrigger;
}

/**
 * The oldest queued, undispatched execution of the workspace, leaving out rows a sweep has taken
 * and `held` (rows this isolate's lanes are about to claim). Rows locked by another transaction
 * are skipped rather than waited for.
 */
export async function nextWaitingExecution(
  tx: Tx,
  workspaceId: string,
  held: string[],
): Promise<WaitingExecution | null> {
  const [row] = await tx<WaitingExecution[]>`
    select id as "executionId", workspace_id as "workspaceId", connector_id as "connectorId",
           trigger
    from connectors.connector_executions
    where workspace_id = ${workspaceId} and status = 'queued' and run_id is null
      and (sweep_lease_until is null or sweep_lease_until < now())
      and not (id = any(${held}::uuid[]))
    order by queued_at, id
    limit 1
    for update skip locked`;
  return row ?? null;
}
