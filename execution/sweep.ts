// The sweeper's reclaim, as service_role: claims whose runner died go back to the queue (or
// fail after too many tries). Queued rows are taken in batches by sweep-batches.ts.
import type { Tx } from "./sql.ts";

/** Runners may die: a claim older than the stale window goes back to the queue, up to 3 times. */
export const MAX_RECLAIMS = 3;

export async function reclaimStale(tx: Tx, staleClaimSeconds: number) {
  const failed = await tx<{ id: string }[]>`
    update connectors.connector_executions
    set status = 'failed',
        error = jsonb_build_object('kind', 'timeout', 'stepId', null,
                  'message', 'the runner stopped responding ' || attempts || ' times'),
        run_id = coalesce(run_id, 'lost')
    where status = 'running' and attempts >= ${MAX_RECLAIMS}
      and claimed_at < now() - make_interval(secs => ${staleClaimSeconds})
    returning id`;
  const requeued = await tx<{ id: string }[]>`
    update connectors.connector_executions
    set status = 'queued', run_id = null, claimed_at = null
    where status = 'running' and attempts < ${MAX_RECLAIMS}
      and claimed_at < now() - make_interval(secs => ${staleClaimSeconds})
    returning id`;
  return { failed: failed.length, requeued: requeued.length };
}
