// The `connector-execution` task: runs one execution in Trigger.dev (Node). Thin: everything
// it does is the plain `runExecution` body; this file adds retries, limits, the queue,
// metadata for the dashboard and logger spans.
import { logger, metadata, task } from "@trigger.dev/sdk";
import postgres from "postgres";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { concurrencyPerWorkspace, parseTaskConfig, type TaskConfig } from "./config.ts";
import { type ExecutionPayload, runExecution } from "./execution/run-execution.ts";

const CONCURRENCY_PER_WORKSPACE = concurrencyPerWorkspace(process.env);

let runtime: { config: TaskConfig; sql: postgres.Sql } | undefined;

function getRuntime() {
  if (!runtime) {
    const config = parseTaskConfig(process.env);
    runtime = { config, sql: postgres(config.databaseUrl, { max: 4, onnotice: () => {} }) };
  }
  return runtime;
}

export const connectorExecution = task({
  id: "connector-execution",
  maxDuration: 300,
  // A retry re-runs the body from the top; the claim makes that safe (SPEC §6.3).
  retry: { maxAttempts: 3, minTimeoutInMs: 1_000, maxTimeoutInMs: 10_000, factor: 2 },
  // The trigger call sets concurrencyKey = workspace id: at most this many per workspace.
  // Read when the task is indexed at deploy time (EXECUTION_CONCURRENCY_PER_WORKSPACE).
  queue: { name: "connector-executions", concurrencyLimit: CONCURRENCY_PER_WORKSPACE },
  run: async (payload: ExecutionPayload, { ctx, signal }) => {
    const { config, sql } = getRuntime();
    metadata.set("executionId", payload.executionId);
    metadata.set("progress", 0);
    const result = await runExecution(payload, {
      sql,
      keyring: config.keyring,
      fetch: createNodeFetch({ policy: config.policy }),
      policy: config.policy,
      runId: ctx.run.id,
      runner: "trigger",
      staleClaimSeconds: config.staleClaimSeconds,
      signal,
      concurrencyLimit: undefined,
      traceStep: (stepId, index, fn) => {
        metadata.set("currentStep", stepId);
        metadata.set("currentStepIndex", index);
        return logger.trace(`step ${stepId}`, async (span) => {
          span.setAttribute("step.id", stepId);
          span.setAttribute("step.index", index);
          await fn();
        });
      },
      onProgress: ({ stepId, index, total, result: step }) => {
        metadata.set("progress", total === 0 ? 1 : (index + 1) / total);
        logger.info("step finished", {
          stepId,
          outcome: step?.outcome ?? "unknown",
          status: step?.status ?? null,
          durationMs: step?.durationMs ?? null,
          errorKind: step?.error?.kind ?? null,
        });
      },
      log: (event, fields) => logger.info(event, fields),
    });
    metadata.set("outcome", result.outcome === "finished" ? result.status : "not_claimed");
    return result;
  },
});
