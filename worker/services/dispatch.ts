// Hands executions to a runner (docs/ARCHITECTURE.md): Trigger.dev in production, or the inline
// runner that runs the same task body inside the worker (ctx.waitUntil) for local use. The
// Trigger.dev SDK is imported lazily, only on this path, to keep the worker's start-up small.
import type { Task } from "@trigger.dev/sdk";
import { RUN_MAX_SECONDS } from "../../execution/retry.ts";
import { nextWaitingExecution } from "../../execution/next-waiting.ts";
import { type RunExecutionOutcome, runExecution } from "../../execution/run-execution.ts";
import { asService, type Sql } from "../../execution/sql.ts";
import type { ExecutionTrigger } from "../../execution/status.ts";
import { CONNECTOR_EXECUTION_TASK_ID, type ExecutionPayload } from "../../execution/task.ts";
import { openDatabase } from "../db/client.ts";
import type { Config } from "../env.ts";
import { getKeyring } from "../lib/keyring.ts";
import { describeError, log } from "../lib/log.ts";

/** The task as trigger/connector-execution.ts declares it, named here by id alone. */
export type ConnectorExecutionTask = Task<
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
 * Inline lanes of this isolate per workspace, each claiming or running one execution at a time.
 * At the limit a new run is not started at all: it would only wait on the workspace's claim lock
 * holding a connection, then find the workspace full. The row stays queued, exactly as if the
 * claim had said "busy", until a lane of the workspace frees up and drains it (or the sweeper
 * dispatches it); the claim in the database still decides across isolates.
 */
const liveInline = new Map<string, number>();

/** Free inline lanes of a workspace in this isolate. */
export function freeInlineLanes(workspaceId: string, config: Config): number {
  return Math.max(0, config.executionConcurrencyPerWorkspace - (liveInline.get(workspaceId) ?? 0));
}

function runInline(target: DispatchTarget, ctx: RunnerContext): string {
  const runId = `inline_${crypto.randomUUID()}`;
  const workspace = target.workspaceId;
  if (freeInlineLanes(workspace, ctx.config) === 0) {
    log("info", "execution.deferred", { executionId: target.executionId, runId, local: true });
    return runId;
  }
  liveInline.set(workspace, (liveInline.get(workspace) ?? 0) + 1);
  ctx.waitUntil(inlineLane(target, runId, ctx));
  return runId;
}

/**
 * One lane: runs the target, then — unless the workspace was full — its workspace's next waiting
 * execution, until none waits. So a batch drains at the workspace's concurrency, not at one
 * sweep a minute. One connection per lane: a run's queries are sequential, and under a burst
 * every connection a run holds is one the API cannot use.
 */
async function inlineLane(first: DispatchTarget, firstRunId: string, ctx: RunnerContext) {
  const db = openDatabase(ctx.connectionString, { max: 1 });
  try {
    let target: DispatchTarget | null = first;
    let runId = firstRunId;
    while (target) {
      const outcome = await runInlineOnce(target, runId, db.sql, ctx);
      if (outcome === "deferred") break;
      target = await nextInline(db.sql, target.workspaceId);
      runId = `inline_${crypto.randomUUID()}`;
    }
  } finally {
    const left = (liveInline.get(first.workspaceId) ?? 1) - 1;
    if (left > 0) liveInline.set(first.workspaceId, left);
    else liveInline.delete(first.workspaceId);
    await db.close().catch(() => {});
  }
}

async function runInlineOnce(
  target: DispatchTarget,
  runId: string,
  sql: Sql,
  ctx: RunnerContext,
): Promise<RunExecutionOutcome["outcome"] | "crashed"> {
  const controller = new AbortController();
  inlineRuns.set(target.executionId, controller);
  try {
    const result = await runExecution(
      { executionId: target.executionId },
      {
        sql,
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
    );
    return result.outcome;
  } catch (error) {
    log("error", "inline execution crashed", {
      executionId: target.executionId,
      error: describeError(error),
    });
    return "crashed";
  } finally {
    if (inlineRuns.get(target.executionId) === controller) inlineRuns.delete(target.executionId);
  }
}

/** The workspace's next waiting execution that no lane of this isolate holds; null on error. */
async function nextInline(sql: Sql, workspaceId: string): Promise<DispatchTarget | null> {
  try {
    const row = await asService(sql, (tx) =>
      nextWaitingExecution(tx, workspaceId, [...inlineRuns.keys()]),
    );
    return row && { ...row, idempotencyKey: row.executionId };
  } catch (error) {
    log("warn", "inline drain stopped; the sweeper takes over", {
      workspaceId,
      error: describeError(error),
    });
    return null;
  }
}

/**
 * The trigger call (with the SDK's own retries) gives up after this. The SDK sets no timeout of
 * its own, so an API that accepts a run and never answers would hold the start request forever.
 * Given up, the row stays queued with no run id; the sweeper dispatches it again under the same
 * idempotency key, so a run the API did create is answered back, not created twice.
 */
export const TRIGGER_CALL_TIMEOUT_MS = 10_000;

/** `work`, or a rejection once `ms` pass (what it was doing goes on, unobserved). */
export async function within<T>(work: Promise<T>, ms: number): Promise<T> {
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

/** A run's tags: its workspace, connector and how it started. */
export function runTags(target: Omit<DispatchTarget, "executionId" | "idempotencyKey">) {
  return [
    `workspace:${target.workspaceId}`,
    ...(target.connectorId ? [`connector:${target.connectorId}`] : []),
    `trigger:${target.trigger}`,
  ];
}

async function runOnTrigger(target: DispatchTarget, config: Config): Promise<string> {
  const { tasks } = await import("@trigger.dev/sdk");
  const call = tasks.trigger<ConnectorExecutionTask>(
    CONNECTOR_EXECUTION_TASK_ID,
    { executionId: target.executionId },
    {
      idempotencyKey: target.idempotencyKey,
      tags: runTags(target),
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
