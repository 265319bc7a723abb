// Replay: a new execution with an old one's input and contact, `replayOf` naming the old one.
// By default it runs the connector's current definition (the fix you just made); with the
// `snapshot` definition it runs exactly what the original ran. Either way the connector must
// still be an active one of the workspace. Committed as the caller, then dispatched.
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { loadRunnableConnector } from "../../execution/prepare.ts";
import { insertExecution } from "../../execution/queue.ts";
import type { Tx } from "../db/client.ts";
import { type ExecutionDetail, getExecution } from "../db/executions.ts";
import { releaseExpiredKey } from "../db/idempotency-keys.ts";
import { findReplayByKey, insertSnapshotReplay } from "../db/replays.ts";
import { Conflict, NotFound } from "../lib/errors.ts";
import { type ExecutionSummary, handOff, type StartArgs } from "./executions.ts";
import type { WorkspaceScope } from "./scope.ts";

export type ReplayDefinition = "current" | "snapshot";

export interface ReplayArgs {
  executionId: string;
  definition: ReplayDefinition;
  idempotencyKey: string | null;
  runner: StartArgs["runner"];
}

type Admitted = { execution: ExecutionDetail | null; replayed: boolean };

async function admit(tx: Tx, workspaceId: string, args: ReplayArgs): Promise<Admitted> {
  const { executionId, idempotencyKey: key } = args;
  const original = await getExecution(tx, workspaceId, executionId);
  if (!original) throw new NotFound("Execution not found.");
  if (key) {
    const existing = await findReplayByKey(tx, workspaceId, key, executionId);
    if (existing && !existing.sameRequest) {
      throw new Conflict("This Idempotency-Key was used for another request; use a new key.");
    }
    if (existing) {
      return { execution: await getExecution(tx, workspaceId, existing.id), replayed: true };
    }
  }
  const connector =
    original.connectorId && (await loadRunnableConnector(tx, workspaceId, original.connectorId));
  if (!connector) {
    throw new Conflict("The execution's connector has been deleted; there is nothing to replay.");
  }
  if (connector.status !== "active") {
    throw new Conflict("The connector is disabled; enable it to replay its executions.");
  }
  let newId: string | null;
  if (args.definition === "snapshot") {
    newId = await insertSnapshotReplay(tx, executionId, key);
  } else {
    const input = original.input as Record<string, unknown>;
    const checked = validateInput(connector.definition.input as JsonValue | undefined, input);
    if (!checked.ok) {
      throw new Conflict(
        "The original input does not match the connector's current input schema; replay with " +
          "?definition=snapshot to run the original definition.",
        checked.errors,
      );
    }
    newId = await insertExecution(tx, {
      workspaceId,
      connectorId: connector.id,
      input,
      contactId: original.contactId,
      idempotencyKey: key,
      trigger: "replay",
      replayOf: original.id,
    });
  }
  return { execution: newId ? await getExecution(tx, workspaceId, newId) : null, replayed: false };
}

export async function replayExecution(
  scope: WorkspaceScope,
  args: ReplayArgs,
): Promise<{ execution: ExecutionSummary; replayed: boolean }> {
  const { db, auth } = scope;
  const workspaceId = scope.workspace.id;
  const key = args.idempotencyKey;
  let admitted = await db.asUser(auth.claims, (tx) => admit(tx, workspaceId, args));
  if (!admitted.execution && key) {
    // The key is held by an execution older than 24 h (free it) or by a concurrent request.
    await db.asService((tx) => releaseExpiredKey(tx, workspaceId, auth.userId, key));
    admitted = await db.asUser(auth.claims, (tx) => admit(tx, workspaceId, args));
  }
  if (!admitted.execution) throw new Conflict("This Idempotency-Key is in use; retry.");
  if (admitted.replayed) {
    const { definition: _snapshot, ...summary } = admitted.execution;
    return { execution: summary, replayed: true };
  }
  return {
    execution: await handOff(scope, admitted.execution, "replay", args.runner),
    replayed: false,
  };
}
