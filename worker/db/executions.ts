import type { ConnectorDefinition } from "../../engine/definition.ts";
import type { StepResult } from "../../engine/run.ts";
import type { Tx } from "./client.ts";
import { type Keyset, withoutCursor } from "../lib/pagination.ts";
import type { ExecutionStatus, ExecutionTrigger } from "../../execution/status.ts";
import { cursorAt, iso, olderThan } from "./sql.ts";
import { countByTrigger, type TriggerCounts, triggerCounts } from "./trigger-counts.ts";

export interface Execution {
  id: string;
  workspaceId: string;
  connectorId: string | null;
  status: ExecutionStatus;
  input: unknown;
  output: unknown;
  /** Stored by the runner as the engine produced them: already redacted. */
  stepResults: StepResult[];
  mappingSkipped: { field: string; reason: string }[];
  error: unknown;
  attempts: number;
  runner: string | null;
  runId: string | null;
  contactId: string | null;
  idempotencyKey: string | null;
  trigger: ExecutionTrigger;
  batchId: string | null;
  replayOf: string | null;
  createdBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  createdAt: string;
  updatedAt: string;
}

/** One execution as the single read shows it: with the definition snapshot it ran. */
export interface ExecutionDetail extends Execution {
  definition: ConnectorDefinition;
}

type Timestamp = "queuedAt" | "startedAt" | "finishedAt" | "createdAt" | "updatedAt";

type ExecutionRow = Omit<Execution, Timestamp> &
  Record<Timestamp, Date | null> & {
    cursorAt: string;
  };

function toExecution<T extends ExecutionRow>(row: T): Omit<T, Timestamp> & Execution {
  return {
    ...row,
    queuedAt: iso(row.queuedAt) as string,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
  };
}

/** The columns of the API's execution object from `connector_executions e` (no definition). */
function columns(tx: Tx) {
  return tx`
    e.id, e.workspace_id as "workspaceId", e.connector_id as "connectorId", e.status,
    e.input, e.output, e.step_results as "stepResults",
    e.mapping_skipped as "mappingSkipped", e.error, e.attempts, e.runner,
    e.run_id as "runId", e.contact_id as "contactId", e.idempotency_key as "idempotencyKey",
    e.trigger, e.batch_id as "batchId", e.replay_of as "replayOf", e.created_by as "createdBy",
    e.queued_at as "queuedAt", e.started_at as "startedAt",
    e.finished_at as "finishedAt", e.duration_ms as "durationMs", e.created_at as "createdAt",
    e.updated_at as "updatedAt", ${tx.unsafe(cursorAt("e.created_at"))} as "cursorAt"`;
}

async function connectorVisible(tx: Tx, workspaceId: string, connectorId: string) {
  const [row] = await tx`
    select 1 from connectors.connectors where workspace_id = ${workspaceId} and id = ${connectorId}`;
  return Boolean(row);
}

export interface ListExecutionsArgs {
  workspaceId: string;
  connectorId: string;
  limit: number;
  after: Keyset | null;
  status?: ExecutionStatus;
  trigger?: ExecutionTrigger;
  batchId?: string;
}

/** A connector's executions, newest first (`limit + 1` rows); null when the connector is not visible. */
export async function listExecutions(tx: Tx, args: ListExecutionsArgs) {
  if (!(await connectorVisible(tx, args.workspaceId, args.connectorId))) return null;
  const status = args.status ? tx`and e.status = ${args.status}` : tx``;
  const trigger = args.trigger ? tx`and e.trigger = ${args.trigger}` : tx``;
  const batch = args.batchId ? tx`and e.batch_id = ${args.batchId}` : tx``;
  const rows = await tx<ExecutionRow[]>`
    select ${columns(tx)}
    from connectors.connector_executions e
    where e.workspace_id = ${args.workspaceId} and e.connector_id = ${args.connectorId}
      ${status} ${trigger} ${batch} ${olderThan(tx, args.after, "e.created_at", "e.id")}
    order by e.created_at desc, e.id desc
    limit ${args.limit + 1}`;
  return rows.map(toExecution);
}

export interface ListWorkspaceExecutionsArgs extends Omit<ListExecutionsArgs, "connectorId"> {
  connectorId?: string;
}

/** The workspace's executions of every connector, newest first (`limit + 1` rows). */
export async function listWorkspaceExecutions(tx: Tx, args: ListWorkspaceExecutionsArgs) {
  const connector = args.connectorId ? tx`and e.connector_id = ${args.connectorId}` : tx``;
  const status = args.status ? tx`and e.status = ${args.status}` : tx``;
  const trigger = args.trigger ? tx`and e.trigger = ${args.trigger}` : tx``;
  const batch = args.batchId ? tx`and e.batch_id = ${args.batchId}` : tx``;
  const rows = await tx<ExecutionRow[]>`
    select ${columns(tx)}
    from connectors.connector_executions e
    where e.workspace_id = ${args.workspaceId}
      ${connector} ${status} ${trigger} ${batch}
      ${olderThan(tx, args.after, "e.created_at", "e.id")}
    order by e.created_at desc, e.id desc
    limit ${args.limit + 1}`;
  return rows.map(toExecution);
}

export async function getExecution(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<ExecutionDetail | null> {
  const [row] = await tx<(ExecutionRow & { definition: ConnectorDefinition })[]>`
    select ${columns(tx)}, e.definition
    from connectors.connector_executions e
    where e.workspace_id = ${workspaceId} and e.id = ${id}`;
  return row ? withoutCursor(toExecution(row)) : null;
}

/** One execution as lists show it: without the definition snapshot. */
export async function getExecutionSummary(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<Execution | null> {
  const [row] = await tx<ExecutionRow[]>`
    select ${columns(tx)}
    from connectors.connector_executions e
    where e.workspace_id = ${workspaceId} and e.id = ${id}`;
  return row ? withoutCursor(toExecution(row)) : null;
}

export interface ConnectorStats {
  total: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
  lastExecutedAt: string | null;
  /** Executions by how they started, every kind present. */
  byTrigger: TriggerCounts;
}

/**
 * Aggregates over the connector's execution rows (not its counters, so the numbers always agree
 * with the history). Percentiles interpolate (`percentile_cont`) over the durations of
 * succeeded and failed executions and are rounded to whole milliseconds.
 */
export async function connectorStats(
  tx: Tx,
  workspaceId: string,
  connectorId: string,
): Promise<ConnectorStats | null> {
  if (!(await connectorVisible(tx, workspaceId, connectorId))) return null;
  const [row] = await tx<
    (Omit<ConnectorStats, "lastExecutedAt" | "byTrigger"> & {
      lastExecutedAt: Date | null;
      byTrigger: Record<string, number> | null;
    })[]
  >`
    with agg as (
      select
        count(*)::integer as total,
        count(*) filter (where status = 'succeeded')::integer as succeeded,
        count(*) filter (where status = 'failed')::integer as failed,
        percentile_cont(0.5) within group (order by duration_ms)
          filter (where status in ('succeeded', 'failed')) as p50,
        percentile_cont(0.95) within group (order by duration_ms)
          filter (where status in ('succeeded', 'failed')) as p95,
        max(created_at) as last_executed_at
      from connectors.connector_executions
      where workspace_id = ${workspaceId} and connector_id = ${connectorId}
    )
    select
      total, succeeded, failed,
      case when succeeded + failed = 0 then null
           else round(succeeded::numeric / (succeeded + failed), 4)::float8 end as "successRate",
      round(p50::numeric)::integer as "p50DurationMs",
      round(p95::numeric)::integer as "p95DurationMs",
      last_executed_at as "lastExecutedAt",
      ${countByTrigger(
        tx,
        tx`x.workspace_id = ${workspaceId} and x.connector_id = ${connectorId}`,
      )} as "byTrigger"
    from agg`;
  if (!row) throw new Error("aggregate returned no row");
  return {
    ...row,
    lastExecutedAt: iso(row.lastExecutedAt),
    byTrigger: triggerCounts(row.byTrigger),
  };
}
