// The `connector-execution` task: runs one execution in Trigger.dev (Node). Thin: everything
// it does is the plain `runExecution` body; this file adds retries, limits, concurrency,
// metadata for the dashboard, logger spans, and a failed run for a failed execution.
import { AbortTaskRunError, logger, metadata, type Task, task } from "@trigger.dev/sdk";
import postgres from "postgres";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseTaskConfig, type TaskConfig, taskConcurrency } from "./config.ts";
import { type RunExecutionOutcome, runExecution } from "../execution/run-execution.ts";
import {
  CONNECTOR_EXECUTION_RETRY,
  CONNECTOR_EXECUTION_TASK_ID,
  type ExecutionPayload,
} from "../execution/task.ts";

let runtime: { config: TaskConfig; sql: postgres.Sql } | undefined;

function getRuntime() {
  if (!runtime) {
    const config = parseTaskConfig(process.env);
    const { url, ...options } = config.database;
    runtime = { config, sql: postgres(url, { ...options, onnotice: () => {} }) };
  }
  return runtime;
}

/**
 * A failed execution fails its run, so the dashboard's status, filters and alerts show it. The
 * row is already persisted as failed; AbortTaskRunError skips the retries (a retry would find
 * nothing to claim and end "completed"). The message carries ids only, never step output.
 */
export function settleRun(payload: ExecutionPayload, result: RunExecutionOutcome) {
  if (result.outcome === "finished" && result.status === "failed") {
    throw new AbortTaskRunError(`execution ${payload.executionId} failed`);
  }
  return result;
}

type Fields = Record<string, string | number | boolean | null>;

/** How a run reports to the dashboard: Trigger.dev's metadata, spans and logs (tests record). */
export interface RunInstruments {
  metadata: { set(key: string, value: string | number): unknown };
  span(name: string, attributes: Fields, fn: () => Promise<void>): Promise<void>;
  log(event: string, fields: Fields): void;
}

const trigger: RunInstruments = {
  metadata,
  span: (name, attributes, fn) =>
    logger.trace(name, async (span) => {
      for (const [key, value] of Object.entries(attributes)) {
        if (value !== null) span.setAttribute(key, value);
      }
      await fn();
    }),
  log: (event, fields) => logger.info(event, fields),
};

/** The task's run, exported so tests drive it as Trigger.dev does. */
export async function runConnectorExecution(
  payload: ExecutionPayload,
  { ctx, signal }: { ctx: { run: { id: string } }; signal: AbortSignal },
  { metadata: dashboard, span, log }: RunInstruments = trigger,
): Promise<RunExecutionOutcome> {
  const { config, sql } = getRuntime();
  dashboard.set("executionId", payload.executionId);
  dashboard.set("progress", 0);
  const result = await runExecution(payload, {
    sql,
    keyring: config.keyring,
    fetch: createNodeFetch({ policy: config.policy }),
    policy: config.policy,
    runId: ctx.run.id,
    runner: "trigger",
    staleClaimSeconds: config.staleClaimSeconds,
    heartbeatMs: config.heartbeatSeconds * 1000,
    signal,
    concurrencyLimit: undefined,
    traceStep: (stepId, index, fn) => {
      dashboard.set("currentStep", stepId);
      dashboard.set("currentStepIndex", index);
      return span(`step ${stepId}`, { "step.id": stepId, "step.index": index }, fn);
    },
    onProgress: ({ stepId, index, total, result: step }) => {
      dashboard.set("progress", total === 0 ? 1 : (index + 1) / total);
      log("step finished", {
        stepId,
        outcome: step?.outcome ?? "unknown",
        status: step?.status ?? null,
        durationMs: step?.durationMs ?? null,
        errorKind: step?.error?.kind ?? null,
      });
    },
    log,
  });
  dashboard.set("outcome", result.outcome === "finished" ? result.status : result.outcome);
  return settleRun(payload, result);
}

export const connectorExecution = task({
  id: CONNECTOR_EXECUTION_TASK_ID,
  maxDuration: 300,
  // A retry re-runs the body from the top; the claim makes that safe (README "Executions").
  retry: CONNECTOR_EXECUTION_RETRY,
  queue: { name: "connector-executions" },
  // The trigger call sets concurrencyKey = workspace id: perKey bounds each workspace, total the
  // task. Read when the task is indexed at deploy time (trigger/config.ts).
  concurrency: taskConcurrency(process.env),
  run: (payload: ExecutionPayload, params) => runConnectorExecution(payload, params),
}) satisfies Task<typeof CONNECTOR_EXECUTION_TASK_ID, ExecutionPayload, RunExecutionOutcome>;
