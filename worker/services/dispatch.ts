// Hands executions to a runner (docs/ARCHITECTURE.md): Trigger.dev in production, or the inline
// runner that runs the same task body inside the worker (ctx.waitUntil) for local use. The
// Trigger.dev SDK is imported lazily, only on this path, to keep the worker's start-up small.
import type { Task } from "@trigger.dev/sdk";
import { RUN_MAX_SECONDS } from "../../execution/retry.ts";
import { type RunExecutionOutcome, runExecution } from "../../execution/run-execution.ts";
import type { ExecutionTrigger } from "../../execution/status.ts";
import { CONNECTOR_EXECUTION_TASK_ID, type ExecutionPayload } from "../../execution/task.ts";
import { openDatabase } from "../db/client.ts";
import type { Config } from "../env.ts";
import { getKeyring } from "../lib/keyring.ts";
import { describeError, log } from "../lib/log.ts";

/** The task as trigger/connector-execution.ts declares it, named here by id alone. */
type ConnectorExecutionTask = Task<
  typeof CONNECTOR_EXECUTION_TASK_ID,
  ExecutionPayload,
  RunExecutionOutcome
>;

export interface DispatchTarget {
  executionId: string;
  workspaceId: string;
  connectorId: string | null;
  /** How the execution started: the run's `trigger:<kind>` tag. */
  trigger: ExecutionTrigger;
  /** Trigger.dev idempotency key: the execution id, or id:attempt for a reclaimed row. */
  idempotencyKey: string;
}

export interface RunnerContext {
  config: Config;
  connectionString: string;
  waitUntil: (promise: Promise<unknown>) => void;
}

/** Inline runs of this isolate, so a cancel reaching the same isolate aborts at once. */
const inlineRuns = new Map<string, AbortController>();

export function abortInline(executionId: string): boolean {
  const controller = inlineRuns.get(executionId);
  controller?.abort();
  return Boolean(controller);
}

/**
 * Inline runs of this isolate per workspace, claiming or running. At the limit a new run is not
 * started at all: it would only wait on the workspace's claim lock holding a connection, then
 * find the workspace full. The row stays queued for the sweeper, exactly as if the claim had said
 * "busy"; the claim in the database still decides across isolates.
 */
const liveInline = new Map<string, number>();

function runInline(target: DispatchTarget, ctx: RunnerContext): string {
  const runId = `inline_${crypto.randomUUID()}`;
  const workspace = target.workspaceId;
  const live = liveInline.get(workspace) ?? 0;
  if (live >= ctx.config.executionConcurrencyPerWorkspace) {
    log("info", "execution.deferred", { executionId: target.executionId, runId, local: true });
    return runId;
  }
  liveInline.set(workspace, live + 1);
  const controller = new AbortController();
  inlineRuns.set(target.executionId, controller);
  // One connection: a run's queries are sequential (the cancel poll waits its turn), and under a
  // burst every connection a run holds is one the API cannot use.
  const db = openDatabase(ctx.connectionString, { max: 1 });
  const work = runExecution(
    { executionId: target.executionId },
    {
      sql: db.sql,
      keyring: getKeyring(ctx.config),
      fetch: (url, init) => fetch(url, init),
      policy: ctx.config.outbound,
      runId,
      runner: "inline",
      staleClaimSeconds: ctx.config.staleClaimSeconds,
      heartbeatMs: ctx.config.heartbeatSeconds * 1000,
      concurrencyLimit: ctx.config.executionConcurrencyPerWorkspace,
      signal: controller.signal,
      // A write retried through an outage, or abandoned at its deadline, is worth a warning.
      log: (event, fields) =>
        log(event.startsWith("execution.write_") ? "warn" : "info", event, fields),
    },
  )
    .catch((error: unknown) => {
      log("error", "inline execution crashed", {
        executionId: target.executionId,
        error: describeError(error),
      });
    })
    .finally(async () => {
      if (inlineRuns.get(target.executionId) === controller) inlineRuns.delete(target.executionId);
      const left = (liveInline.get(workspace) ?? 1) - 1;
      if (left > 0) liveInline.set(workspace, left);
      else liveInline.delete(workspace);
      await db.close().catch(() => {});
    });
  ctx.waitUntil(work);
  return runId;
}

/**
 * The trigger call (with the SDK's own retries) gives up after this. The SDK sets no timeout of
 * its own, so an API that accepts a run and never answers would hold the start request forever.
 * Given up, the row stays queued with no run id; the sweeper dispatches it again under the same
 * idempotency key, so a run the API did create is answered back, not created twice.
 */
export const TRIGGER_CALL_TIMEOUT_MS = 10_000;

/** `work`, or a rejection once `ms` pass (what it was doing goes on, unobserved). */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOnTrigger(target: DispatchTarget, config: Config): Promise<string> {
  const { tasks } = await import("@trigger.dev/sdk");
  const call = tasks.trigger<ConnectorExecutionTask>(
    CONNECTOR_EXECUTION_TASK_ID,
    { executionId: target.executionId },
    {
      idempotencyKey: target.idempotencyKey,
      tags: [
        `workspace:${target.workspaceId}`,
        ...(target.connectorId ? [`connector:${target.connectorId}`] : []),
        `trigger:${target.trigger}`,
      ],
      concurrencyKey: target.workspaceId,
      maxDuration: RUN_MAX_SECONDS,
    },
    {
      clientConfig: { secretKey: config.triggerSecretKey, baseURL: config.triggerApiUrl },
      retry: { maxAttempts: 2, minTimeoutInMs: 200, maxTimeoutInMs: 1_000, factor: 2 },
    },
  );
  const handle = await within(call, TRIGGER_CALL_TIMEOUT_MS);
  return handle.id;
}

export type DispatchResult = { ok: true; runId: string; recorded: boolean } | { ok: false };

/**
 * Dispatches one committed execution. Never throws: a failure leaves the row queued with no
 * run id, for the sweeper. Inline runs record their run id when they claim the row.
 */
export async function dispatch(
  target: DispatchTarget,
  ctx: RunnerContext,
): Promise<DispatchResult> {
  try {
    if (ctx.config.runner === "inline") {
      return { ok: true, runId: runInline(target, ctx), recorded: false };
    }
    return { ok: true, runId: await runOnTrigger(target, ctx.config), recorded: false };
  } catch (error) {
    log("warn", "dispatch failed; the sweeper will retry", {
      executionId: target.executionId,
      runner: ctx.config.runner,
      error: describeError(error),
    });
    return { ok: false };
  }
}

/** Asks Trigger.dev to cancel a run (REST, as the SDK's runs.cancel would). */
export async function cancelOnTrigger(runId: string, config: Config): Promise<boolean> {
  try {
    const res = await fetch(
      `${config.triggerApiUrl}/api/v2/runs/${encodeURIComponent(runId)}/cancel`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${config.triggerSecretKey}`,
          "content-type": "application/json",
        },
      },
    );
    await res.body?.cancel();
    return res.ok;
  } catch (error) {
    log("warn", "trigger.dev cancel failed", { runId, error: describeError(error) });
    return false;
  }
}
