// The sweeper's reclaim, as service_role: claims whose runner died go back to the queue (or
// fail after too many tries). Queued rows are taken in batches by sweep-batches.ts.
import { LAST_SIGN_OF_LIFE } from "./claim.ts";
import type { Tx } from "./sql.ts";

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
