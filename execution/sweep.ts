// The sweeper's queries, as service_role: claims whose runner died go back to the queue (or
// fail after too many tries), and queued rows nobody dispatched are found again.
import { LAST_SIGN_OF_LIFE } from "./claim.ts";
import type { Tx } from "./sql.ts";

export interface SweepCandidate {
  id: string;
  workspaceId: string;
  connectorId: string | null;
  attempts: number;
}

/**
 * Runners may die: a running row whose lease was not renewed for the stale window (its run stopped
 * beating, never merely an old claim) goes back to the queue, up to 3 times. Its committed step
 * results stay: the next run resumes after them.
 */
export const MAX_RECLAIMS = 3;

export async function reclaimStale(tx: Tx, staleClaimSeconds: number) {
  const stale = tx`status = 'running'
    and ${tx.unsafe(LAST_SIGN_OF_LIFE)} < now() - make_interval(secs => ${staleClaimSeconds})`;
  const failed = await tx<{ id: string }[]>`
    update connectors.connector_executions
    set status = 'failed',
        error = jsonb_build_object('kind', 'timeout', 'stepId', null,
                  'message', 'the runner stopped responding ' || attempts || ' times'),
        run_id = coalesce(run_id, 'lost'), lease_id = null, step_taint = '{}'::jsonb
    where ${stale} and attempts >= ${MAX_RECLAIMS}
    returning id`;
  const requeued = await tx<{ id: string }[]>`
    update connectors.connector_executions
    set status = 'queued', run_id = null, claimed_at = null, lease_id = null, heartbeat_at = null
    where ${stale} and attempts < ${MAX_RECLAIMS}
    returning id`;
  return { failed: failed.length, requeued: requeued.length };
}

/**
 * Queued rows nobody has dispatched (the dispatch failed, or its answer was lost). With `slots`
 * (the inline runner, which enforces the per-workspace limit when it claims), only as many rows
 * per workspace as it has free slots: the rest would start, find the workspace full and defer —
 * a herd of runs, each holding a database connection, for nothing.
 */
export async function undispatched(
  tx: Tx,
  graceSeconds: number,
  limit: number,
  slots?: { perWorkspace: number; staleClaimSeconds: number },
) {
  if (!slots) {
    return tx<SweepCandidate[]>`
      select id, workspace_id as "workspaceId", connector_id as "connectorId", attempts
      from connectors.connector_executions
      where status = 'queued' and run_id is null
        and queued_at < now() - make_interval(secs => ${graceSeconds})
      order by queued_at
      limit ${limit}`;
  }
  return tx<SweepCandidate[]>`
    with live as (
      select workspace_id, count(*)::int as n from connectors.connector_executions
      where status = 'running'
        and claimed_at >= now() - make_interval(secs => ${slots.staleClaimSeconds})
      group by workspace_id
    ), waiting as (
      select id, workspace_id, connector_id, attempts, queued_at,
             row_number() over (partition by workspace_id order by queued_at) as place
      from connectors.connector_executions
      where status = 'queued' and run_id is null
        and queued_at < now() - make_interval(secs => ${graceSeconds})
    )
    select w.id, w.workspace_id as "workspaceId", w.connector_id as "connectorId", w.attempts
    from waiting w left join live l on l.workspace_id = w.workspace_id
    where w.place <= ${slots.perWorkspace} - coalesce(l.n, 0)
    order by w.queued_at
    limit ${limit}`;
}
