// The sweeper's batches, as service_role: rows are taken with FOR UPDATE SKIP LOCKED and leased
// to one sweep, so sweeps running at once split the work instead of dispatching a row twice.
import { LAST_SIGN_OF_LIFE } from "./claim.ts";
import type { Tx } from "./sql.ts";
import type { ExecutionTrigger } from "./status.ts";

export interface SweepCandidate {
  id: string;
  workspaceId: string;
  connectorId: string | null;
  trigger: ExecutionTrigger;
  attempts: number;
  redispatches: number;
}

export interface UnconfirmedRun {
  id: string;
  runId: string;
  redispatches: number;
}

/** A lost run is replaced at most this many times; then the execution fails (README "Executions"). */
export const MAX_REDISPATCHES = 3;

/** How long a taken batch belongs to its sweep: longer than a batch takes, short if it dies. */
export const SWEEP_LEASE_SECONDS = 120;

const CANDIDATE = `e.id, e.workspace_id as "workspaceId", e.connector_id as "connectorId",
  e.trigger, e.attempts, e.redispatches`;

/** The runner's idempotency key: the id, then the claim attempts, then the runs replaced. */
export function dispatchKey(row: Pick<SweepCandidate, "id" | "attempts" | "redispatches">) {
  const parts = [row.id];
  if (row.attempts > 0) parts.push(String(row.attempts));
  if (row.redispatches > 0) parts.push(`r${row.redispatches}`);
  return parts.join(":");
}

/**
 * Queued rows nobody has dispatched (the dispatch failed, its answer was lost, or their run was
 * found dead). With `slots` (the inline runner, which enforces the per-workspace limit when it
 * claims), only as many rows per workspace as it has free slots: the rest would start, find the
 * workspace full and defer — a herd of runs, each holding a database connection, for nothing.
 */
export async function takeUndispatched(
  tx: Tx,
  graceSeconds: number,
  limit: number,
  slots?: { perWorkspace: number; staleClaimSeconds: number },
): Promise<SweepCandidate[]> {
  const waiting = tx`
    select id, workspace_id, queued_at from connectors.connector_executions
    where status = 'queued' and run_id is null
      and queued_at < now() - make_interval(secs => ${graceSeconds})
      and (sweep_lease_until is null or sweep_lease_until < now())`;
  const chosen = slots
    ? tx`
      with live as (
        select workspace_id, count(*)::int as n from connectors.connector_executions
        where status = 'running'
          and ${tx.unsafe(LAST_SIGN_OF_LIFE)} >= now() - make_interval(secs => ${slots.staleClaimSeconds})
        group by workspace_id
      ), waiting as (
        select id, workspace_id, queued_at,
               row_number() over (partition by workspace_id order by queued_at) as place
        from (${waiting}) w
      )
      select w.id from waiting w left join live l on l.workspace_id = w.workspace_id
      where w.place <= ${slots.perWorkspace} - coalesce(l.n, 0)
      order by w.queued_at limit ${limit}`
    : tx`select id from (${waiting}) w order by queued_at limit ${limit}`;
  return tx<SweepCandidate[]>`
    with picked as (
      select id from connectors.connector_executions
      where id in (${chosen}) and status = 'queued' and run_id is null
        and (sweep_lease_until is null or sweep_lease_until < now())
      for update skip locked
    )
    update connectors.connector_executions e
    set sweep_lease_until = now() + make_interval(secs => ${SWEEP_LEASE_SECONDS})
    from picked where e.id = picked.id
    returning ${tx.unsafe(CANDIDATE)}`;
}

/** Queued rows of `runner` whose run has had `graceSeconds` to claim them and has not. */
export async function takeUnconfirmed(
  tx: Tx,
  runner: string,
  graceSeconds: number,
  limit: number,
): Promise<UnconfirmedRun[]> {
  return tx<UnconfirmedRun[]>`
    with picked as (
      select id from connectors.connector_executions
      where status = 'queued' and run_id is not null and runner = ${runner}
        and coalesce(dispatched_at, queued_at) < now() - make_interval(secs => ${graceSeconds})
        and (sweep_lease_until is null or sweep_lease_until < now())
      order by coalesce(dispatched_at, queued_at)
      limit ${limit}
      for update skip locked
    )
    update connectors.connector_executions e
    set sweep_lease_until = now() + make_interval(secs => ${SWEEP_LEASE_SECONDS})
    from picked where e.id = picked.id
    returning e.id, e.run_id as "runId", e.redispatches`;
}

/** Hands taken rows back: the next sweep may take them again. */
export async function releaseLease(tx: Tx, ids: string[]) {
  if (ids.length === 0) return;
  await tx`
    update connectors.connector_executions set sweep_lease_until = null
    where id = any(${ids}::uuid[])`;
}

/** The run is alive: look again after another grace period. */
export async function confirmRun(tx: Tx, id: string, runId: string) {
  await tx`
    update connectors.connector_executions
    set dispatched_at = case when run_id = ${runId} and status = 'queued'
                             then now() else dispatched_at end,
        sweep_lease_until = null
    where id = ${id}`;
}

/**
 * The run ended (or is unknown) without claiming the row: the row becomes undispatched again,
 * its next dispatch under a new key; past MAX_REDISPATCHES it fails instead of looping.
 */
export async function replaceLostRun(
  tx: Tx,
  id: string,
  runId: string,
  runStatus: string,
): Promise<"redispatch" | "failed" | "gone"> {
  const [row] = await tx<{ failed: boolean }[]>`
    update connectors.connector_executions
    set status = case when redispatches >= ${MAX_REDISPATCHES} then 'failed' else status end,
        error = case when redispatches >= ${MAX_REDISPATCHES}
          then jsonb_build_object('kind', 'timeout', 'stepId', null,
                 'message', 'the runner lost this execution ' || (redispatches + 1)
                   || ' times before it started (last run ' || ${runStatus}::text || ')')
          else error end,
        run_id = case when redispatches >= ${MAX_REDISPATCHES} then run_id else null end,
        redispatches = least(redispatches + 1, ${MAX_REDISPATCHES} + 1),
        dispatched_at = null,
        sweep_lease_until = null
    where id = ${id} and run_id = ${runId} and status = 'queued'
    returning status = 'failed' as failed`;
  if (!row) {
    // Claimed, cancelled or given another run meanwhile: only the lease is ours to undo.
    await releaseLease(tx, [id]);
    return "gone";
  }
  return row.failed ? "failed" : "redispatch";
}
