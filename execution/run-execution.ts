// The execution task body (docs/ARCHITECTURE.md, README "Executions"): claim → prepare (load,
// decrypt) → engine → persist. A plain function with no Trigger.dev import: the
// `connector-execution` task wraps it, and the worker's inline runner calls it directly. Payloads
// carry ids; secrets are decrypted here.
import type { Keyring } from "../engine/crypto.ts";
import type { JsonValue } from "../engine/json.ts";
import type { Limits } from "../engine/limits.ts";
import type { OutboundPolicy } from "../engine/outbound.ts";
import { resolveLimits } from "../engine/limits.ts";
import { type CredentialInput, type RunResult, type StepResult, runSteps } from "../engine/run.ts";
import { defaultSleep, type FetchLike, type Sleep } from "../engine/send.ts";
import { type ClaimedExecution, claimExecution } from "./claim.ts";
import {
  appendStepResult,
  failBeforeRun,
  finishExecution,
  markCredentialsUsed,
} from "./checkpoint.ts";
import { DEFAULT_HEARTBEAT_MS, watchLease } from "./lease.ts";
import { createTokenSource } from "./oauth-tokens.ts";
import { type PreparedRun, prepareRun } from "./prepare.ts";
import { resumeFrom, sealTaint } from "./resume.ts";
import { runWrites } from "./retry.ts";

type RunWrites = ReturnType<typeof runWrites>;
import { asService, type Sql } from "./sql.ts";
import type { ExecutionPayload } from "./task.ts";

export interface RunExecutionDeps {
  sql: Sql;
  keyring: Keyring;
  fetch: FetchLike;
  policy: OutboundPolicy;
  /** Identifies this run (Trigger.dev run id, or the inline runner's own id). */
  runId: string;
  runner: "inline" | "trigger";
  staleClaimSeconds: number;
  /**
   * Live executions allowed per workspace. The inline runner sets it (an execution over the
   * limit stays queued for the sweeper); Trigger.dev enforces it with its queue instead.
   */
  concurrencyLimit?: number;
  /** Aborts the run (Trigger.dev cancel, or the inline runner's cancel). */
  signal?: AbortSignal;
  limits?: Partial<Limits>;
  /** Waits between retries (steps' and writes'). */
  sleep?: Sleep;
  /** The clock the write deadlines are measured on. */
  now?: () => number;
  /** How often the row is checked for a cancel made elsewhere (ms). */
  cancelPollMs?: number;
  /** How often the run renews its lease (ms); the stale window must exceed 3 of these. */
  heartbeatMs?: number;
  /** Wraps each step (Trigger.dev: a logger span per step). */
  traceStep?: (stepId: string, index: number, fn: () => Promise<void>) => Promise<void>;
  /** Progress for dashboards (Trigger.dev metadata). Never carries a secret. */
  onProgress?: (progress: {
    stepId: string;
    index: number;
    total: number;
    result?: StepResult;
  }) => void;
  log?: (event: string, fields: Record<string, string | number | boolean | null>) => void;
  /** How long an OAuth refresh lease lasts (seconds; execution/oauth-tokens.ts). */
  tokenLeaseSeconds?: number;
}

export type RunExecutionOutcome =
  | { outcome: "not_claimed" }
  | { outcome: "deferred" }
  | { outcome: "finished"; status: RunResult["status"] | "failed"; persisted: boolean };

/** A credential that cannot be read (after retries) fails the run, as one that cannot be opened. */
class CredentialsUnreadable extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : "credentials could not be loaded");
  }
}

/** The claimed row's contact and credentials, as service_role; a credential failure is data. */
async function prepareClaimed(
  claimed: ClaimedExecution,
  deps: RunExecutionDeps,
  writes: RunWrites,
): Promise<
  | { ok: true; run: PreparedRun; credentials: Record<string, CredentialInput> }
  | { ok: false; error: JsonValue }
> {
  const { sql } = deps;
  try {
    const run = await prepareRun(
      {
        from: "execution",
        workspaceId: claimed.workspaceId,
        definition: claimed.definition,
        contactId: claimed.contactId,
      },
      {
        read: (query) => writes.untilBudget("load_contact", () => asService(sql, query)),
        readSecrets: (query) =>
          writes
            .untilBudget("load_credentials", () => asService(sql, query))
            .catch((error: unknown) => {
              throw new CredentialsUnreadable(error);
            }),
        keyring: deps.keyring,
      },
    );
    // Only a dry run's connector can be missing; a claimed row always has its snapshot.
    if (!run) throw new Error("claimed execution has no definition");
    // Decryption errors name the credential and the key version, never a key or a value.
    const opened = run.credentials;
    return opened.ok
      ? { ok: true, run, credentials: opened.values }
      : { ok: false, error: opened.error };
  } catch (error) {
    if (!(error instanceof CredentialsUnreadable)) throw error;
    return { ok: false, error: { kind: "credential_error", message: error.message, stepId: null } };
  }
}

export async function runExecution(
  payload: ExecutionPayload,
  deps: RunExecutionDeps,
): Promise<RunExecutionOutcome> {
  const { sql, runId } = deps;
  const executionId = payload.executionId;
  const now = deps.now ?? Date.now;
  const budgetMs = resolveLimits(deps.limits).executionBudgetMs;
  // Through an outage every write is retried, until deadlines the budget sets (execution/retry.ts).
  const writes = runWrites({ now, sleep: deps.sleep ?? defaultSleep, log: deps.log }, budgetMs);
  const claimed = await writes.untilBudget("claim", () =>
    claimExecution(sql, {
      executionId,
      runId,
      runner: deps.runner,
      staleClaimSeconds: deps.staleClaimSeconds,
      concurrencyLimit: deps.concurrencyLimit,
    }),
  );
  if (claimed === "busy") {
    deps.log?.("execution.deferred", { executionId, runId });
    return { outcome: "deferred" };
  }
  if (claimed === "cancelled") {
    // Its connector was disabled or deleted after it was queued: nothing is sent.
    deps.log?.("execution.cancelled_at_claim", { executionId, runId });
    return { outcome: "finished", status: "cancelled", persisted: true };
  }
  if (!claimed) {
    deps.log?.("execution.not_claimed", { executionId, runId });
    return { outcome: "not_claimed" };
  }
  deps.log?.("execution.claimed", { executionId, runId, attempt: claimed.attempts });
  const { lease } = claimed;

  const prepared = await prepareClaimed(claimed, deps, writes);
  if (!prepared.ok) {
    const persisted = await writes.untilGrace("finish", () =>
      failBeforeRun(sql, { executionId, lease, error: prepared.error }),
    );
    return { outcome: "finished", status: "failed", persisted };
  }
  const { credentials } = prepared;
  const { credentialNames: names, contact, stepCount: total } = prepared.run;

  // Used from here on, whether or not the run gets to finish.
  if (names.length > 0) {
    await markCredentialsUsed(sql, claimed.workspaceId, Object.keys(credentials)).catch(() => {});
  }

  const resume = await resumeFrom(deps.keyring, claimed).catch(() => null);
  if (!resume) {
    const error = {
      kind: "credential_error",
      message: "the values of a committed step could not be opened to resume this execution",
      stepId: null,
    };
    const persisted = await writes.untilGrace("finish", () =>
      failBeforeRun(sql, { executionId, lease, error }),
    );
    return { outcome: "finished", status: "failed", persisted };
  }
  if (resume.steps.length > 0) {
    deps.log?.("execution.resumed", { executionId, runId, committedSteps: resume.steps.length });
  }

  // Cancellation (the caller's signal, or the row leaving `running`), the heartbeat and the budget.
  const watch = watchLease(
    sql,
    { executionId, lease },
    {
      cancelPollMs: deps.cancelPollMs ?? 1_000,
      heartbeatMs: deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      // The budget counts from the run's start: time spent waiting out an outage is part of it.
      budgetMs: Math.max(0, writes.budgetEnd - now()),
      signal: deps.signal,
      log: deps.log,
    },
  );

  let result: RunResult;
  try {
    result = await runSteps(
      claimed.definition,
      {
        input: claimed.input,
        credentials,
        contact,
        executionId,
      },
      {
        fetch: deps.fetch,
        policy: deps.policy,
        signal: watch.signal,
        limits: deps.limits,
        resume,
        tokens: createTokenSource({
          asService: (query) => asService(sql, query),
          read: (query) => writes.untilBudget("oauth_token_read", () => asService(sql, query)),
          keyring: deps.keyring,
          workspaceId: claimed.workspaceId,
          fetch: deps.fetch,
          policy: deps.policy,
          bindings: prepared.run.credentialBindings,
          ...(deps.tokenLeaseSeconds ? { leaseSeconds: deps.tokenLeaseSeconds } : {}),
        }),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(deps.traceStep ? { traceStep: deps.traceStep } : {}),
        // Committed before the next step starts: a resumed run never sends it again.
        onStepResult: async (stepResult, index, update) => {
          deps.onProgress?.({ stepId: stepResult.id, index, total, result: stepResult });
          const at = { workspaceId: claimed.workspaceId, executionId };
          const sealedTaint = await sealTaint(deps.keyring, at, stepResult, update);
          const stillOurs = await writes.untilGrace("step_result", () =>
            appendStepResult(sql, {
              executionId,
              lease,
              index,
              stepId: stepResult.id,
              result: stepResult as unknown as JsonValue,
              sealedTaint,
            }),
          );
          // Refused: the lease is gone (cancelled or taken over), so the run stops.
          if (!stillOurs) watch.leaseLost();
        },
      },
    );
  } finally {
    watch.end();
  }
  if (watch.stopped() === "budget") result = outOfBudget(result, budgetMs);

  const persisted = await writes.untilGrace("finish", () =>
    finishExecution(sql, {
      executionId,
      lease,
      status: result.status,
      output: result.output as JsonValue,
      error: result.error ? (result.error as unknown as JsonValue) : null,
      durationMs: result.durationMs,
      mappingSkipped: result.mappingSkipped ?? [],
      contact:
        claimed.contactId && result.status === "succeeded"
          ? {
              workspaceId: claimed.workspaceId,
              contactId: claimed.contactId,
              mapping: result.mapping,
            }
          : null,
    }),
  );
  deps.log?.("execution.finished", { executionId, runId, status: result.status, persisted });
  return { outcome: "finished", status: result.status, persisted };
}

/** The run budget ran out while the run was still going: it ends failed, not cancelled. */
function outOfBudget(result: RunResult, budgetMs: number): RunResult {
  if (result.status === "succeeded") return result;
  const stepId = result.error?.stepId ?? null;
  const message = `the execution's time budget (${Math.round(budgetMs / 1000)} s) ran out`;
  return { ...result, status: "failed", error: { kind: "timeout", message, stepId } };
}
