// Replays: the caller's execution for a reused Idempotency-Key, and the snapshot replay, which
// only the database may write (connectors.replay_execution_snapshot copies the original's
// definition; the client never supplies one).
import type { Tx } from "./client.ts";

/** The caller's execution for this key from the last 24 hours, and whether it replays `original`. */
export async function findReplayByKey(
  tx: Tx,
  workspaceId: string,
  key: string,
  original: string,
): Promise<{ id: string; sameRequest: boolean } | null> {
  const [row] = await tx<{ id: string; sameRequest: boolean }[]>`
    select id, (trigger = 'replay' and replay_of = ${original}::uuid) as "sameRequest"
    from connectors.connector_executions
    where workspace_id = ${workspaceId} and created_by = (select auth.uid())
      and idempotency_key = ${key} and created_at > now() - interval '24 hours'`;
  return row ?? null;
}

/** Inserts a replay running the original's snapshot, as the caller; null when the key is taken. */
export async function insertSnapshotReplay(
  tx: Tx,
  original: string,
  key: string | null,
): Promise<string | null> {
  const [row] = await tx<{ id: string | null }[]>`
    select connectors.replay_execution_snapshot(${original}::uuid, ${key}) as id`;
  return row?.id ?? null;
}
