// An execution's way in and out of the queue: the queued row (inserted as the user, under
// RLS), the run id its dispatch got, and a cancel (as the user).
import type { Tx } from "./sql.ts";
import type { ExecutionTrigger } from "./status.ts";

export interface NewExecution {
  workspaceId: string;
  connectorId: string;
  input: Record<string, unknown>;
  contactId: string | null;
  idempotencyKey: string | null;
  /** How it started; `api` when left out. */
  trigger?: ExecutionTrigger;
  /** Required with trigger `batch`, else null. */
  batchId?: string | null;
  /** Required with trigger `replay`, else null. */
  replayOf?: string | null;
}

/**
 * Inserts the queued row as the user; null when the key is already taken. The database copies
 * the definition snapshot from the connector row and refuses a connector that is not active;
 * runner and run id are recorded after dispatch, as service_role.
 */
export async function insertExecution(tx: Tx, input: NewExecution): Promise<string | null> {
  const rows = await tx<{ id: string }[]>`
    insert into connectors.connector_executions
      (workspace_id, connector_id, input, contact_id, idempotency_key, trigger, batch_id,
       replay_of)
    values (${input.workspaceId}, ${input.connectorId}, ${tx.json(input.input as never)},
            ${input.contactId}, ${input.idempotencyKey}, ${input.trigger ?? "api"},
            ${input.batchId ?? null}, ${input.replayOf ?? null})
    on conflict (workspace_id, created_by, idempotency_key) where idempotency_key is not null
    do nothing
    returning id`;
  return rows[0]?.id ?? null;
}

/**
 * Inserts a queued row as service_role, for starts no user makes (a schedule's slot, a webhook
 * delivery): the row has no created_by, and its key is unique per workspace among such rows.
 * Returns the id and whether this call created it; a taken key answers the row holding it.
 */
export async function insertSystemExecution(
  tx: Tx,
  input: NewExecution & { trigger: "schedule" | "webhook"; idempotencyKey: string },
): Promise<{ id: string; created: boolean } | null> {
  const [row] = await tx<{ id: string }[]>`
    insert into connectors.connector_executions
      (workspace_id, connector_id, input, contact_id, idempotency_key, trigger, created_by)
    values (${input.workspaceId}, ${input.connectorId}, ${tx.json(input.input as never)},
            ${input.contactId}, ${input.idempotencyKey}, ${input.trigger}, null)
    on conflict (workspace_id, idempotency_key)
      where idempotency_key is not null and trigger in ('schedule', 'webhook')
    do nothing
    returning id`;
  if (row) return { id: row.id, created: true };
  const [held] = await tx<{ id: string }[]>`
    select id from connectors.connector_executions
    where workspace_id = ${input.workspaceId} and idempotency_key = ${input.idempotencyKey}
      and trigger in ('schedule', 'webhook')`;
  return held ? { id: held.id, created: false } : null;
}

/** Records the Trigger.dev run id once (and when); a later duplicate answer changes nothing. */
export async function recordDispatch(tx: Tx, executionId: string, runId: string) {
  await tx`
    update connectors.connector_executions
    set run_id = ${runId}, runner = 'trigger', dispatched_at = now()
    where id = ${executionId} and run_id is null and status = 'queued'`;
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
