// Cancelling a batch: every item not yet finished is cancelled in one transaction as the user;
// then, best effort, inline runs of this isolate are aborted and Trigger.dev runs cancelled, a
// few at a time.
import type { Batch, CancelledItem } from "../db/batches.ts";
import { cancelBatchItems, getBatch } from "../db/batches.ts";
import { NotFound } from "../lib/errors.ts";
import { abortInline, cancelOnTrigger } from "./dispatch.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

/** Trigger.dev cancel calls in flight at once. */
const CANCEL_PARALLEL = 10;

async function stopRuns(scope: WorkspaceScope, items: CancelledItem[]) {
  for (const item of items) abortInline(item.id);
  const runs = items.flatMap((item) =>
    item.runner === "trigger" && item.runId ? [item.runId] : [],
  );
  let next = 0;
  const lane = async () => {
    while (next < runs.length) {
      const runId = runs[next++] as string;
      await cancelOnTrigger(runId, scope.config);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CANCEL_PARALLEL, runs.length) }, lane));
}

/** Cancels the batch's unfinished items; a batch that had already completed stays completed. */
export async function cancelBatch(scope: WorkspaceScope, id: string): Promise<Batch> {
  const workspaceId = scope.workspace.id;
  const items = await asCaller(scope, (tx) => cancelBatchItems(tx, workspaceId, id));
  if (!items) throw new NotFound("Batch not found.");
  // Committed above; stopping the work is best effort on top of that.
  await stopRuns(scope, items);
  const batch = await asCaller(scope, (tx) => getBatch(tx, workspaceId, id));
  if (!batch) throw new NotFound("Batch not found.");
  return batch;
}
