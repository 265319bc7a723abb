// Hands a committed batch to the runner. Trigger.dev: `tasks.batchTrigger` in chunks, each item
// under the execution id as its idempotency key, so a chunk the sweeper dispatches again (one
// item at a time, under the same keys) cannot make a second run. Inline: as many runs as the
// workspace has free lanes; each lane then drains the rest (dispatch.ts).
import { RUN_MAX_SECONDS } from "../../execution/retry.ts";
import { CONNECTOR_EXECUTION_TASK_ID } from "../../execution/task.ts";
import type { Config } from "../env.ts";
import { describeError, log } from "../lib/log.ts";
import {
  type ConnectorExecutionTask,
  type DispatchTarget,
  dispatch,
  freeInlineLanes,
  type RunnerContext,
  runTags,
  TRIGGER_CALL_TIMEOUT_MS,
  within,
} from "./dispatch.ts";

/**
 * Items per `batchTrigger` call. Trigger.dev v4 accepts up to 1,000 per batch (500 before
 * SDK 4.3); 500 stays inside both, so a full batch is two calls.
 */
export const TRIGGER_BATCH_CHUNK = 500;

export interface BatchDispatchReport {
  /** Items handed to a runner (inline: lanes started; the lanes drain the rest). */
  handedOff: number;
  /** Items of chunks whose call failed: queued with no run id, for the sweeper. */
  leftForSweeper: number;
}

async function triggerChunk(chunk: DispatchTarget[], config: Config): Promise<void> {
  const { tasks } = await import("@trigger.dev/sdk");
  const call = tasks.batchTrigger<ConnectorExecutionTask>(
    CONNECTOR_EXECUTION_TASK_ID,
    chunk.map((target) => ({
      payload: { executionId: target.executionId },
      options: {
        idempotencyKey: target.idempotencyKey,
        tags: runTags(target),
        concurrencyKey: target.workspaceId,
        maxDuration: RUN_MAX_SECONDS,
      },
    })),
    undefined,
    {
      clientConfig: { secretKey: config.triggerSecretKey, baseURL: config.triggerApiUrl },
      retry: { maxAttempts: 2, minTimeoutInMs: 200, maxTimeoutInMs: 1_000, factor: 2 },
    },
  );
  await within(call, TRIGGER_CALL_TIMEOUT_MS);
}

/**
 * Dispatches a committed batch. Never throws. Trigger.dev's batch answer names no run per item:
 * each run records its id when it claims its row; until then the row has none, and the sweeper
 * asks again under the same key after its grace period (answered with the same run).
 */
export async function dispatchBatch(
  targets: DispatchTarget[],
  ctx: RunnerContext,
): Promise<BatchDispatchReport> {
  if (targets.length === 0) return { handedOff: 0, leftForSweeper: 0 };
  if (ctx.config.runner === "inline") {
    const workspace = targets[0]?.workspaceId ?? "";
    const lanes = targets.slice(0, freeInlineLanes(workspace, ctx.config));
    for (const target of lanes) await dispatch(target, ctx);
    return { handedOff: lanes.length, leftForSweeper: 0 };
  }
  const chunks: DispatchTarget[][] = [];
  for (let at = 0; at < targets.length; at += TRIGGER_BATCH_CHUNK) {
    chunks.push(targets.slice(at, at + TRIGGER_BATCH_CHUNK));
  }
  const results = await Promise.all(
    chunks.map((chunk) =>
      triggerChunk(chunk, ctx.config).then(
        () => 0,
        (error: unknown) => {
          log("warn", "batch dispatch failed; the sweeper will retry", {
            items: chunk.length,
            firstExecutionId: chunk[0]?.executionId ?? null,
            error: describeError(error),
          });
          return chunk.length;
        },
      ),
    ),
  );
  const leftForSweeper = results.reduce((sum, n) => sum + n, 0);
  return { handedOff: targets.length - leftForSweeper, leftForSweeper };
}
