// Idempotency-Key bookkeeping for starting executions: a key replays the execution it started
// for 24 hours; after that it may be used again.
import type { Tx } from "./client.ts";

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

/** Frees an idempotency key older than 24 hours so it can be used again (service role). */
export async function releaseExpiredKey(tx: Tx, workspaceId: string, userId: string, key: string) {
  await tx`
    update connectors.connector_executions set idempotency_key = null
    where workspace_id = ${workspaceId} and created_by = ${userId}
      and idempotency_key = ${key} and created_at <= now() - interval '24 hours'`;
}
