// Executions: reading the history, starting and cancelling. the queued row is committed as the user
// (RLS), and only then handed to a runner; a cancel commits first and stops the work on a
// best-effort basis.
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { loadContact, loadRunnableConnector } from "../../execution/prepare.ts";
import {
  cancelExecution as cancelQueued,
  insertExecution,
  recordDispatch,
} from "../../execution/queue.ts";
import type { Tx } from "../db/client.ts";
import {
  type ConnectorStats,
  connectorStats,
  type ExecutionDetail,
  getExecution,
  type ListExecutionsArgs,
  type ListWorkspaceExecutionsArgs,
  listExecutions,
  listWorkspaceExecutions,
} from "../db/executions.ts";
import { findByIdempotencyKey, releaseExpiredKey } from "../db/idempotency-keys.ts";
import type { ExecutionTrigger } from "../../execution/status.ts";
import { ApiError, Conflict, Invalid, NotFound } from "../lib/errors.ts";
import { connectorStatsSeries, type StatsBucket, type StatsInterval } from "../db/stats-series.ts";
import { keysetPage } from "../lib/pagination.ts";
import { abortInline, cancelOnTrigger, dispatch } from "./dispatch.ts";
import { assertRunInputShape } from "./run-input.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

export interface StartArgs {
  connectorId: string;
  input: Record<string, unknown>;
  contactId: string | null;
  idempotencyKey: string | null;
  /** Where an inline run connects, and how it outlives the request. */
  runner: { connectionString: string; waitUntil: (promise: Promise<unknown>) => void };
}

export type ExecutionSummary = Omit<ExecutionDetail, "definition">;

/** Admits and inserts the queued row; `executionId` is null when the key is held by another row. */
async function admit(
  tx: Tx,
  workspaceId: string,
  args: StartArgs,
): Promise<{ execution: ExecutionDetail | null; replayed: boolean }> {
  const { connectorId, input, contactId, idempotencyKey: key } = args;
  const connector = await loadRunnableConnector(tx, workspaceId, connectorId);
  if (!connector) throw new NotFound("Connector not found.");
  if (key) {
    const existing = await findByIdempotencyKey(tx, workspaceId, key, {
      connectorId,
      input,
      contactId,
    });
    if (existing && !existing.sameRequest) {
      throw new Conflict(
        "This Idempotency-Key was used for another request (a different connector or body); use a new key.",
      );
    }
    if (existing) {
      return { execution: await getExecution(tx, workspaceId, existing.id), replayed: true };
    }
  }
  if (connector.status !== "active") {
    throw new Conflict("The connector is disabled; enable it to run it.");
  }
  const checked = validateInput(connector.definition.input as JsonValue | undefined, input);
  if (!checked.ok) {
    throw new Invalid("The input does not match the connector's schema.", checked.errors);
  }
  if (contactId && !(await loadContact(tx, workspaceId, contactId))) {
    throw new NotFound("Contact not found.");
  }
  const executionId = await insertExecution(tx, {
    workspaceId,
    connectorId,
    input,
    contactId,
    idempotencyKey: key,
  });
  // Read in the same transaction: the answer for a committed start needs no later query.
  const execution = executionId ? await getExecution(tx, workspaceId, executionId) : null;
  return { execution, replayed: false };
}

/**
 * Commits a queued execution, then dispatches it. The same Idempotency-Key and body within 24 h
 * replays the first execution; a key held by a row older than that is freed and tried once more.
 */
export async function startExecution(
  scope: WorkspaceScope,
  args: StartArgs,
): Promise<{ execution: ExecutionSummary; replayed: boolean }> {
  assertRunInputShape(args.input);
  const { db, auth } = scope;
  const workspaceId = scope.workspace.id;
  const key = args.idempotencyKey;
  let started = await db.asUser(auth.claims, (tx) => admit(tx, workspaceId, args));
  if (!started.execution && key) {
    // The key is held by an execution older than 24 h (free it) or by a concurrent request.
    await db.asService((tx) => releaseExpiredKey(tx, workspaceId, auth.userId, key));
    started = await db.asUser(auth.claims, (tx) => admit(tx, workspaceId, args));
  }
  const { replayed } = started;
  if (!started.execution) throw new Conflict("This Idempotency-Key is in use; retry.");
  if (replayed) {
    const { definition: _snapshot, ...summary } = started.execution;
    return { execution: summary, replayed };
  }
  return { execution: await handOff(scope, started.execution, "api", args.runner), replayed };
}

/**
 * Dispatches an execution committed by the caller, and answers it as it is now (a run may have
 * claimed it). Once committed, a start is answered even when that read fails — the row read at
 * commit stands in, so a client never sees an error for an execution that exists.
 */
export async function handOff(
  scope: WorkspaceScope,
  committed: ExecutionDetail,
  trigger: ExecutionTrigger,
  runner: StartArgs["runner"],
): Promise<ExecutionSummary> {
  const { db, auth, config } = scope;
  const workspaceId = scope.workspace.id;
  const executionId = committed.id;
  // Committed by the caller; only now is it handed to a runner (docs/ARCHITECTURE.md).
  const result = await dispatch(
    {
      executionId,
      workspaceId,
      connectorId: committed.connectorId,
      trigger,
      idempotencyKey: executionId,
    },
    { config, ...runner },
  );
  if (result.ok && config.runner === "trigger") {
    await db.asService((tx) => recordDispatch(tx, executionId, result.runId)).catch(() => {});
  }
  const current = await db
    .asUser(auth.claims, (tx) => getExecution(tx, workspaceId, executionId))
    .catch(() => null);
  const { definition: _snapshot, ...summary } = current ?? committed;
  return summary;
}

/** Cancels a queued or running execution: the row first, then the run it may have. */
export async function cancelExecution(
  scope: WorkspaceScope,
  executionId: string,
): Promise<ExecutionSummary> {
  const { db, auth, config } = scope;
  const workspaceId = scope.workspace.id;
  const result = await db.asUser(auth.claims, (tx) => cancelQueued(tx, workspaceId, executionId));
  if (result.outcome === "missing") throw new NotFound("Execution not found.");
  if (result.outcome === "finished") {
    throw new Conflict("The execution has already finished.");
  }
  // The row is cancelled and committed; stopping the work is best effort on top of that.
  abortInline(executionId);
  if (result.runner === "trigger" && result.runId) await cancelOnTrigger(result.runId, config);
  const execution = await db.asUser(auth.claims, (tx) =>
    getExecution(tx, workspaceId, executionId),
  );
  if (!execution) throw new NotFound("Execution not found.");
  const { definition: _snapshot, ...summary } = execution;
  return summary;
}

export async function readExecution(scope: WorkspaceScope, id: string): Promise<ExecutionDetail> {
  const workspaceId = scope.workspace.id;
  const execution = await asCaller(scope, (tx) => getExecution(tx, workspaceId, id));
  if (!execution) throw new NotFound("Execution not found.");
  return execution;
}

export async function listConnectorExecutions(
  scope: WorkspaceScope,
  args: Omit<ListExecutionsArgs, "workspaceId">,
) {
  const workspaceId = scope.workspace.id;
  const rows = await asCaller(scope, (tx) => listExecutions(tx, { ...args, workspaceId }));
  if (!rows) throw new NotFound("Connector not found.");
  return keysetPage(rows, args.limit);
}

/** Every execution of the workspace the caller may read (RLS), optionally of one connector. */
export async function listExecutionsOfWorkspace(
  scope: WorkspaceScope,
  args: Omit<ListWorkspaceExecutionsArgs, "workspaceId">,
) {
  const workspaceId = scope.workspace.id;
  const rows = await asCaller(scope, (tx) => listWorkspaceExecutions(tx, { ...args, workspaceId }));
  return keysetPage(rows, args.limit);
}

/** At most this many buckets per answer: a chart's worth, and a bounded query. */
export const MAX_STATS_BUCKETS = 200;
const BUCKET_MS: Record<StatsInterval, number> = { hour: 3_600_000, day: 86_400_000 };
const DEFAULT_SPAN: Record<StatsInterval, number> = { hour: 24, day: 30 };

/** The bucket starts (UTC) from `since` to now; a 400 past MAX_STATS_BUCKETS or in the future. */
export function statsBuckets(
  interval: StatsInterval,
  since: string | undefined,
  now = Date.now(),
): { from: string; to: string } {
  const size = BUCKET_MS[interval];
  const to = Math.floor(now / size) * size;
  const wanted = since ? Date.parse(since) : to - (DEFAULT_SPAN[interval] - 1) * size;
  const from = Math.floor(wanted / size) * size;
  const problem = (message: string) =>
    new ApiError("invalid_request", message, { details: [{ path: "since", message }] });
  if (from > to) throw problem("since must not be in the future");
  const count = (to - from) / size + 1;
  if (count > MAX_STATS_BUCKETS) {
    throw problem(
      `at most ${MAX_STATS_BUCKETS} ${interval} buckets; this range has ${count} — use a later since or interval=day`,
    );
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export async function readConnectorStats(
  scope: WorkspaceScope,
  connectorId: string,
  series?: { interval: StatsInterval; since?: string },
): Promise<ConnectorStats & { series?: StatsBucket[] }> {
  const workspaceId = scope.workspace.id;
  const range = series ? statsBuckets(series.interval, series.since) : null;
  const stats = await asCaller(scope, async (tx) => {
    const totals = await connectorStats(tx, workspaceId, connectorId);
    if (!totals || !series || !range) return totals;
    const buckets = await connectorStatsSeries(tx, {
      workspaceId,
      connectorId,
      interval: series.interval,
      ...range,
    });
    return { ...totals, series: buckets };
  });
  if (!stats) throw new NotFound("Connector not found.");
  return stats;
}
