// Batches: many executions of one connector from one request. Every item is validated first;
// then the batch and all its executions are committed in one transaction as the user (RLS), and
// only then dispatched — the same insert → commit → dispatch path as a single start.
import type { JsonValue } from "../../engine/json.ts";
import { loadRunnableConnector } from "../../execution/prepare.ts";
import type { Tx } from "../db/client.ts";
import {
  type Batch,
  type BatchItem,
  findBatchByKey,
  getBatch,
  insertBatch,
  releaseExpiredBatchKey,
} from "../db/batches.ts";
import { Conflict, NotFound } from "../lib/errors.ts";
import { dispatchBatch } from "./batches-dispatch.ts";
import { assertBatchItems } from "./batches-validate.ts";
import type { StartArgs } from "./executions.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

export interface CreateBatchArgs {
  connectorId: string;
  items: BatchItem[];
  idempotencyKey: string | null;
  runner: StartArgs["runner"];
}

type Admitted =
  | { kind: "created"; batch: Batch; executionIds: string[] }
  | { kind: "replayed"; batch: Batch }
  /** The key is held by a batch older than 24 h, or by a concurrent request. */
  | { kind: "key_taken" };

async function admit(tx: Tx, workspaceId: string, args: CreateBatchArgs): Promise<Admitted> {
  const { connectorId, items, idempotencyKey: key } = args;
  const connector = await loadRunnableConnector(tx, workspaceId, connectorId);
  if (!connector) throw new NotFound("Connector not found.");
  if (key) {
    const existing = await findBatchByKey(tx, workspaceId, key, { connectorId, items });
    if (existing && !existing.sameRequest) {
      throw new Conflict(
        "This Idempotency-Key was used for another request (a different connector or items); use a new key.",
      );
    }
    const batch = existing && (await getBatch(tx, workspaceId, existing.id));
    if (batch) return { kind: "replayed", batch };
  }
  if (connector.status !== "active") {
    throw new Conflict("The connector is disabled; enable it to run it.");
  }
  const schema = connector.definition.input as JsonValue | undefined;
  await assertBatchItems(tx, workspaceId, schema, items);
  const inserted = await insertBatch(tx, { workspaceId, connectorId, key, items });
  if (!inserted) return { kind: "key_taken" };
  const batch = await getBatch(tx, workspaceId, inserted.id);
  if (!batch) throw new Error("a batch inserted in this transaction is not visible");
  return { kind: "created", batch, executionIds: inserted.executionIds };
}

/**
 * Validates every item, commits the batch, then dispatches it. The same Idempotency-Key and
 * items within 24 h answer the first batch; the key with another connector or items is 409.
 */
export async function createBatch(
  scope: WorkspaceScope,
  args: CreateBatchArgs,
): Promise<{ batch: Batch; replayed: boolean }> {
  const { db, auth, config } = scope;
  const workspaceId = scope.workspace.id;
  const key = args.idempotencyKey;
  let admitted = await db.asUser(auth.claims, (tx) => admit(tx, workspaceId, args));
  if (admitted.kind === "key_taken" && key) {
    await db.asService((tx) => releaseExpiredBatchKey(tx, workspaceId, auth.userId, key));
    admitted = await db.asUser(auth.claims, (tx) => admit(tx, workspaceId, args));
  }
  if (admitted.kind === "key_taken") throw new Conflict("This Idempotency-Key is in use; retry.");
  if (admitted.kind === "replayed") return { batch: admitted.batch, replayed: true };

  await dispatchBatch(
    admitted.executionIds.map((executionId) => ({
      executionId,
      workspaceId,
      connectorId: args.connectorId,
      trigger: "batch" as const,
      idempotencyKey: executionId,
    })),
    { config, ...args.runner },
  );
  // As it is now (runs may have started); the committed view stands in if this read fails.
  const current = await db
    .asUser(auth.claims, (tx) => getBatch(tx, workspaceId, admitted.batch.id))
    .catch(() => null);
  return { batch: current ?? admitted.batch, replayed: false };
}

export async function readBatch(scope: WorkspaceScope, id: string): Promise<Batch> {
  const workspaceId = scope.workspace.id;
  const batch = await asCaller(scope, (tx) => getBatch(tx, workspaceId, id));
  if (!batch) throw new NotFound("Batch not found.");
  return batch;
}
