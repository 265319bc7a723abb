// The write side of executions: the queued row (as the user), the dispatch record, cancel, and
// the sweeper's service-role queries.
import type { Database, Tx } from "./client.ts";

export interface RunnableConnector {
  id: string;
  status: "active" | "disabled";
  definition: Record<string, unknown>;
}

export async function loadRunnableConnector(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<RunnableConnector | null> {
  const [row] = await tx<RunnableConnector[]>`
    select id, status, definition from connectors.connectors
    where workspace_id = ${workspaceId} and id = ${id}`;
  return row ?? null;
}

/** What a start request asked for; a reused Idempotency-Key must ask for the same. */
export interface StartRequest {
  connectorId: string;
  input: Record<string, unknown>;
  contactId: string | null;
}

/**
 * The caller's execution for this key from the last 24 hours, if any, and whether it was
 * started by the same request: same connector, same input (as JSON values: key order and
 * number spelling do not count), same contact.
 */
export async function findByIdempotencyKey(
  tx: Tx,
  workspaceId: string,
  key: string,
  request: StartRequest,
): Promise<{ id: string; sameRequest: boolean } | null> {
  const [row] = await tx<{ id: string; sameRequest: boolean }[]>`
    select id,
           (connector_id is not distinct from ${request.connectorId}::uuid
            and input = ${tx.json(request.input as never)}::jsonb
            and contact_id is not distinct from ${request.contactId}::uuid) as "sameRequest"
    from connectors.connector_executions
    where workspace_id = ${workspaceId} and created_by = (select auth.uid())
      and idempotency_key = ${key} and created_at > now() - interval '24 hours'`;
  return row ?? null;
}

export interface NewExecution {
  workspaceId: string;
  connectorId: string;
  input: Record<string, unknown>;
  contactId: string | null;
  idempotencyKey: string | null;
}

/**
 * Inserts the queued row as the user; null when the key is already taken. The database copies
 * the definition snapshot from the connector row and refuses a connector that is not active;
 * runner and run id are recorded after dispatch, as service_role.
 */
export async function insertExecution(tx: Tx, input: NewExecution): Promise<string | null> {
  const rows = await tx<{ id: string }[]>`
    insert into connectors.connector_executions
      (workspace_id, connector_id, input, contact_id, idempotency_key)
    values (${input.workspaceId}, ${input.connectorId}, ${tx.json(input.input as never)},
            ${input.contactId}, ${input.idempotencyKey})
    on conflict (workspace_id, created_by, idempotency_key) where idempotency_key is not null
    do nothing
    returning id`;
  return rows[0]?.id ?? null;
}

/** Frees an idempotency key older than 24 hours so it can be used again (service role). */
export async function releaseExpiredKey(
  db: Database,
  workspaceId: string,
  userId: string,
  key: string,
) {
  await db.asService(
    (tx) => tx`
      update connectors.connector_executions set idempotency_key = null
      where workspace_id = ${workspaceId} and created_by = ${userId}
        and idempotency_key = ${key} and created_at <= now() - interval '24 hours'`,
  );
}

/** Records the Trigger.dev run id once; a later duplicate answer changes nothing. */
export async function recordDispatch(db: Database, executionId: string, runId: string) {
  await db.asService(
    (tx) => tx`
      update connectors.connector_executions set run_id = ${runId}, runner = 'trigger'
      where id = ${executionId} and run_id is null and status = 'queued'`,
  );
}

/** Cancels a queued or running execution as the user; tells what it was doing. */
export async function cancelExecution(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<
  | { outcome: "cancelled"; runId: string | null; runner: string | null; wasRunning: boolean }
  | { outcome: "finished" }
  | { outcome: "missing" }
> {
  const [current] = await tx<{ status: string; runId: string | null; runner: string | null }[]>`
    select status, run_id as "runId", runner from connectors.connector_executions
    where workspace_id = ${workspaceId} and id = ${id}
    for update`;
  if (!current) return { outcome: "missing" };
  if (current.status !== "queued" && current.status !== "running") return { outcome: "finished" };
  await tx`
    update connectors.connector_executions set status = 'cancelled'
    where workspace_id = ${workspaceId} and id = ${id}`;
  return {
    outcome: "cancelled",
    runId: current.runId,
    runner: current.runner,
    wasRunning: current.status === "running",
  };
}

export interface SweepCandidate {
  id: string;
  workspaceId: string;
  connectorId: string | null;
  attempts: number;
}

/** Runners may die: a claim older than the stale window goes back to the queue, up to 3 times. */
export const MAX_RECLAIMS = 3;

export async function reclaimStale(db: Database, staleClaimSeconds: number) {
  return db.asService(async (tx) => {
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
  });
}

/**
 * Queued rows nobody has dispatched (the dispatch failed, or its answer was lost). With `slots`
 * (the inline runner, which enforces the per-workspace limit when it claims), only as many rows
 * per workspace as it has free slots: the rest would start, find the workspace full and defer —
 * a herd of runs, each holding a database connection, for nothing.
 */
export async function undispatched(
  db: Database,
  graceSeconds: number,
  limit: number,
  slots?: { perWorkspace: number; staleClaimSeconds: number },
) {
  if (!slots) {
    return db.asService(
      (tx) => tx<SweepCandidate[]>`
        select id, workspace_id as "workspaceId", connector_id as "connectorId", attempts
        from connectors.connector_executions
        where status = 'queued' and run_id is null
          and queued_at < now() - make_interval(secs => ${graceSeconds})
        order by queued_at
        limit ${limit}`,
    );
  }
  return db.asService(
    (tx) => tx<SweepCandidate[]>`
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
      limit ${limit}`,
  );
}
