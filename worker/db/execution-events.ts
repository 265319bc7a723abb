import type { ExecutionStatus } from "../../execution/status.ts";
import type { Tx } from "./client.ts";

/** What a live-status poll reads: a few bytes that say whether anything moved. */
export interface ExecutionProgress {
  status: ExecutionStatus;
  attempts: number;
  stepCount: number;
}

/** The execution's status, claim count and number of stored steps; null when not visible. */
export async function readProgress(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<ExecutionProgress | null> {
  const [row] = await tx<ExecutionProgress[]>`
    select status, attempts, jsonb_array_length(step_results) as "stepCount"
    from connectors.connector_executions
    where workspace_id = ${workspaceId} and id = ${id}`;
  return row ?? null;
}
