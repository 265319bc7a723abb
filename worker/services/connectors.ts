// Connectors of a workspace: the save-time check on every definition written, and who may delete.
import {
  type Connector,
  type ConnectorWrite,
  connectorExists,
  deleteConnector as deleteRow,
  getConnector,
  insertConnector,
  type ListConnectorsArgs,
  listConnectors as listRows,
  updateConnector as updateRow,
} from "../db/connectors.ts";
import type { Tx } from "../db/client.ts";
import { Forbidden, NotFound } from "../lib/errors.ts";
import { validateForWorkspace } from "./definitions.ts";
import { asCaller, type WorkspaceScope, workspacePage } from "./scope.ts";

type Fields = Pick<ConnectorWrite, "name" | "description" | "status">;

const notFound = () => new NotFound("Connector not found.");

/** The connector as the API shows it, read back in the transaction that wrote it. */
export async function readBack(tx: Tx, workspaceId: string, id: string): Promise<Connector> {
  const connector = await getConnector(tx, workspaceId, id);
  if (!connector) throw new Error("written connector not readable");
  return connector;
}

export function listConnectors(
  scope: WorkspaceScope,
  args: Omit<ListConnectorsArgs, "workspaceId">,
) {
  return workspacePage(scope, listRows, args);
}

export async function readConnector(scope: WorkspaceScope, id: string): Promise<Connector> {
  const workspaceId = scope.workspace.id;
  const connector = await asCaller(scope, (tx) => getConnector(tx, workspaceId, id));
  if (!connector) throw notFound();
  return connector;
}

export function createConnector(
  scope: WorkspaceScope,
  input: Fields & { definition: unknown },
): Promise<Connector> {
  const workspaceId = scope.workspace.id;
  return asCaller(scope, async (tx) => {
    const definition = await validateForWorkspace(tx, workspaceId, input.definition, scope.config);
    const id = await insertConnector(tx, workspaceId, { ...input, definition });
    return readBack(tx, workspaceId, id);
  });
}

/** Only the fields given change; a new definition is checked like on create. */
export function updateConnector(
  scope: WorkspaceScope,
  id: string,
  patch: Partial<Fields> & { definition?: unknown },
): Promise<Connector> {
  const workspaceId = scope.workspace.id;
  return asCaller(scope, async (tx) => {
    const definition =
      patch.definition === undefined
        ? undefined
        : await validateForWorkspace(tx, workspaceId, patch.definition, scope.config);
    if (!(await updateRow(tx, workspaceId, id, { ...patch, definition }))) throw notFound();
    return readBack(tx, workspaceId, id);
  });
}

/** A member deletes only the connectors they created (RLS); admins and owners any. */
export async function deleteConnector(scope: WorkspaceScope, id: string): Promise<void> {
  const workspaceId = scope.workspace.id;
  const outcome = await asCaller(scope, async (tx) => {
    if ((await deleteRow(tx, workspaceId, id)) !== null) return "deleted";
    // RLS hid the row from the delete: absent, or someone else's to a member.
    return (await connectorExists(tx, workspaceId, id)) ? "forbidden" : "missing";
  });
  if (outcome === "forbidden") {
    throw new Forbidden(
      "Members delete only the connectors they created; an admin or owner can delete this one.",
    );
  }
  if (outcome === "missing") throw notFound();
}
