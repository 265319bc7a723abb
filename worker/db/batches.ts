// Batches: the batch row and its executions, inserted in one statement each; the batch as the
// API shows it, with its counts read from its executions in one grouped query; the cancel.
import type { Tx } from "./client.ts";
import { iso } from "./sql.ts";

export interface BatchItem {
  input: Record<string, unknown>;
  contactId: string | null;
}

export type BatchStatus = "running" | "completed" | "cancelled";

export interface Batch {
  id: string;
  connectorId: string | null;
  status: BatchStatus;
  total: number;
  counts: { queued: number; running: number; succeeded: number; failed: number; cancelled: number };
  createdAt: string;
  finishedAt: string | null;
}

interface BatchRow {
  id: string;
  connectorId: string | null;
  total: number;
  createdAt: Date;
  cancelledAt: Date | null;
  lastFinishedAt: Date | null;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

/** The digest a reused Idempotency-Key's body is compared by (items as JSON values). */
const requestHash = (tx: Tx, items: BatchItem[]) =>
  tx`encode(sha256(convert_to(${tx.json(items as never)}::jsonb::text, 'UTF8')), 'hex')`;

/** The caller's batch for this key from the last 24 hours, and whether it asked for the same. */
export async function findBatchByKey(
  tx: Tx,
  workspaceId: string,
  key: string,
  request: { connectorId: string; items: BatchItem[] },
): Promise<{ id: string; sameRequest: boolean } | null> {
  const [row] = await tx<{ id: string; sameRequest: boolean }[]>`
    select id,
           (connector_id is not distinct from ${request.connectorId}::uuid
            and request_hash = ${requestHash(tx, request.items)}) as "sameRequest"
    from connectors.execution_batches
    where workspace_id = ${workspaceId} and created_by = (select auth.uid())
      and idempotency_key = ${key} and created_at > now() - interval '24 hours'`;
  return row ?? null;
}

/** Frees a batch key older than 24 hours so it can be used again (service role). */
export async function releaseExpiredBatchKey(
  tx: Tx,
  workspaceId: string,
  userId: string,
  key: string,
) {
  await tx`
    update connectors.execution_batches set idempotency_key = null
    where workspace_id = ${workspaceId} and created_by = ${userId}
      and idempotency_key = ${key} and created_at <= now() - interval '24 hours'`;
}

/**
 * Inserts the batch and all its executions as the user (RLS; the database copies each
 * execution's definition snapshot). Null when the key is already taken. Returns the execution ids.
 */
export async function insertBatch(
  tx: Tx,
  args: { workspaceId: string; connectorId: string; key: string | null; items: BatchItem[] },
): Promise<{ id: string; executionIds: string[] } | null> {
  const [batch] = await tx<{ id: string }[]>`
    insert into connectors.execution_batches
      (workspace_id, connector_id, total, idempotency_key, request_hash)
    values (${args.workspaceId}, ${args.connectorId}, ${args.items.length}, ${args.key},
            ${requestHash(tx, args.items)})
    on conflict (workspace_id, created_by, idempotency_key) where idempotency_key is not null
    do nothing
    returning id`;
  if (!batch) return null;
  // One set-based insert, in item order.
  const rows = await tx<{ id: string }[]>`
    insert into connectors.connector_executions
      (workspace_id, connector_id, input, contact_id, trigger, batch_id)
    select ${args.workspaceId}, ${args.connectorId}, item.value -> 'input',
           (item.value ->> 'contactId')::uuid, 'batch', ${batch.id}
    from jsonb_array_elements(${tx.json(args.items as never)}::jsonb) with ordinality
      as item(value, ord)
    order by item.ord
    returning id`;
  return { id: batch.id, executionIds: rows.map((row) => row.id) };
}

/** The batch with live counts; null when the caller cannot see it. */
export async function getBatch(tx: Tx, workspaceId: string, id: string): Promise<Batch | null> {
  const [row] = await tx<BatchRow[]>`
    select b.id, b.connector_id as "connectorId", b.total, b.created_at as "createdAt",
           b.cancelled_at as "cancelledAt", c.last_finished_at as "lastFinishedAt",
           c.queued, c.running, c.succeeded, c.failed, c.cancelled
    from connectors.execution_batches b
    cross join lateral (
      select count(*) filter (where e.status = 'queued')::int as queued,
             count(*) filter (where e.status = 'running')::int as running,
             count(*) filter (where e.status = 'succeeded')::int as succeeded,
             count(*) filter (where e.status = 'failed')::int as failed,
             count(*) filter (where e.status = 'cancelled')::int as cancelled,
             max(e.finished_at) as last_finished_at
      from connectors.connector_executions e
      where e.batch_id = b.id and e.workspace_id = b.workspace_id
    ) c
    where b.workspace_id = ${workspaceId} and b.id = ${id}`;
  return row ? toBatch(row) : null;
}

function toBatch(row: BatchRow): Batch {
  const { queued, running, succeeded, failed, cancelled } = row;
  const open = queued + running > 0;
  const status: BatchStatus = row.cancelledAt ? "cancelled" : open ? "running" : "completed";
  return {
    id: row.id,
    connectorId: row.connectorId,
    status,
    total: row.total,
    counts: { queued, running, succeeded, failed, cancelled },
    createdAt: iso(row.createdAt) as string,
    finishedAt: open ? null : iso(row.lastFinishedAt ?? row.cancelledAt),
  };
}

export interface CancelledItem {
  id: string;
  runId: string | null;
  runner: string | null;
}

/**
 * Cancels every item not yet finished, as the user, and marks the batch cancelled when it had
 * any. Null when the caller cannot see the batch. A batch already finished is left as it is.
 */
export async function cancelBatchItems(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<CancelledItem[] | null> {
  const [batch] = await tx`
    select id from connectors.execution_batches
    where workspace_id = ${workspaceId} and id = ${id}
    for update`;
  if (!batch) return null;
  const items = await tx<CancelledItem[]>`
    with open as (
      select id, run_id, runner from connectors.connector_executions
      where workspace_id = ${workspaceId} and batch_id = ${id}
        and status in ('queued', 'running')
      for update
    )
    update connectors.connector_executions e set status = 'cancelled'
    from open where e.id = open.id
    returning e.id, open.run_id as "runId", open.runner`;
  if (items.length > 0) {
    await tx`
      update connectors.execution_batches set cancelled_at = now()
      where workspace_id = ${workspaceId} and id = ${id}`;
  }
  return items;
}
