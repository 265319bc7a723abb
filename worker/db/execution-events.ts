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

/** One execution an open stream follows, and whose behalf it follows it on. */
export interface WatchedExecution {
  executionId: string;
  workspaceId: string;
  userId: string;
}

/**
 * The progress of every watched execution in one read, in the order given: null where the
 * execution is gone or the watcher is no longer a member of its workspace. Runs as service_role
 * (one read for many callers); what it returns only decides *when* a stream reads again as its
 * caller, under RLS, and never reaches a client.
 */
export async function readWatchedProgress(
  tx: Tx,
  watched: readonly WatchedExecution[],
): Promise<(ExecutionProgress | null)[]> {
  const rows = await tx<(ExecutionProgress & { i: number; visible: boolean })[]>`
    select w.i::int as i, e.status, e.attempts,
           jsonb_array_length(e.step_results) as "stepCount",
           (e.id is not null and exists (
             select 1 from connectors.workspace_members m
             where m.workspace_id = w.ws and m.user_id = w.uid)) as visible
    from unnest(${watched.map((w) => w.executionId)}::uuid[],
                ${watched.map((w) => w.workspaceId)}::uuid[],
                ${watched.map((w) => w.userId)}::uuid[]) with ordinality as w(id, ws, uid, i)
    left join connectors.connector_executions e on e.id = w.id and e.workspace_id = w.ws`;
  const out: (ExecutionProgress | null)[] = watched.map(() => null);
  for (const { i, visible, status, attempts, stepCount } of rows) {
    if (visible) out[i - 1] = { status, attempts, stepCount };
  }
  return out;
}
