// Reading a workspace's execution history (starting and cancelling runs live elsewhere).
import {
  type ConnectorStats,
  connectorStats,
  type ExecutionDetail,
  getExecution,
  type ListExecutionsArgs,
  listExecutions,
} from "../db/executions.ts";
import { NotFound } from "../lib/errors.ts";
import { keysetPage } from "../lib/pagination.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

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
  // db/executions.ts still opens its own transaction here (it belongs to the execution module).
  const rows = await listExecutions(scope.db, scope.auth.claims, {
    ...args,
    workspaceId: scope.workspace.id,
  });
  if (!rows) throw new NotFound("Connector not found.");
  return keysetPage(rows, args.limit);
}

export async function readConnectorStats(
  scope: WorkspaceScope,
  connectorId: string,
): Promise<ConnectorStats> {
  const workspaceId = scope.workspace.id;
  const stats = await asCaller(scope, (tx) => connectorStats(tx, workspaceId, connectorId));
  if (!stats) throw new NotFound("Connector not found.");
  return stats;
}
