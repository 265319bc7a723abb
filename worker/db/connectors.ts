import type { Tx } from "./client.ts";
import { type Keyset, withoutCursor } from "../lib/pagination.ts";
import { containsPattern, cursorAt, iso, olderThan } from "./sql.ts";
import { isPlacement, type Placement } from "../../engine/placements.ts";

export interface Connector {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  definition: Record<string, unknown>;
  templateId: string | null;
  templateVersion: number | null;
  updateAvailable: boolean;
  status: "active" | "disabled";
  executionCount: number;
  successCount: number;
  failureCount: number;
  lastExecutedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

interface ConnectorRow extends Omit<Connector, "lastExecutedAt" | "createdAt" | "updatedAt"> {
  lastExecutedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
}

function toConnector(row: ConnectorRow): Connector & { cursorAt: string } {
  return {
    ...row,
    lastExecutedAt: iso(row.lastExecutedAt),
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
  };
}

/** The columns of the API's connector object, from `connectors c` left-joined to its template. */
function columns(tx: Tx) {
  return tx`
    c.id, c.workspace_id as "workspaceId", c.name, c.description, c.definition,
    c.template_id as "templateId", c.template_version as "templateVersion",
    coalesce(t.version > c.template_version, false) as "updateAvailable",
    c.status, c.execution_count as "executionCount", c.success_count as "successCount",
    c.failure_count as "failureCount", c.last_executed_at as "lastExecutedAt",
    c.created_by as "createdBy", c.created_at as "createdAt", c.updated_at as "updatedAt",
    ${tx.unsafe(cursorAt("c.created_at"))} as "cursorAt"`;
}

export interface ListConnectorsArgs {
  workspaceId: string;
  limit: number;
  after: Keyset | null;
  status?: "active" | "disabled";
  q?: string;
}

export async function listConnectors(tx: Tx, args: ListConnectorsArgs) {
  const status = args.status ? tx`and c.status = ${args.status}` : tx``;
  const q = args.q
    ? tx`and (c.name ilike ${containsPattern(args.q)} or c.description ilike ${containsPattern(args.q)})`
    : tx``;
  const after = olderThan(tx, args.after, "c.created_at", "c.id");
  const rows = await tx<ConnectorRow[]>`
    select ${columns(tx)}
    from connectors.connectors c
    left join connectors.connector_templates t on t.id = c.template_id
    where c.workspace_id = ${args.workspaceId} ${status} ${q} ${after}
    order by c.created_at desc, c.id desc
    limit ${args.limit + 1}`;
  return rows.map(toConnector);
}

export async function getConnector(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<Connector | null> {
  const [row] = await tx<ConnectorRow[]>`
    select ${columns(tx)}
    from connectors.connectors c
    left join connectors.connector_templates t on t.id = c.template_id
    where c.workspace_id = ${workspaceId} and c.id = ${id}`;
  return row ? withoutCursor(toConnector(row)) : null;
}

export interface ConnectorWrite {
  name: string;
  description?: string | null;
  definition: Record<string, unknown>;
  status?: "active" | "disabled";
  templateId?: string | null;
  templateVersion?: number | null;
}

export async function insertConnector(
  tx: Tx,
  workspaceId: string,
  input: ConnectorWrite,
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into connectors.connectors
      (workspace_id, name, description, definition, status, template_id, template_version)
    values (${workspaceId}, ${input.name}, ${input.description ?? null},
            ${tx.json(input.definition as never)}, ${input.status ?? "active"},
            ${input.templateId ?? null}, ${input.templateVersion ?? null})
    returning id`;
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

export async function updateConnector(
  tx: Tx,
  workspaceId: string,
  id: string,
  patch: Partial<ConnectorWrite>,
): Promise<boolean> {
  const set: Record<string, unknown> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.definition !== undefined) set.definition = tx.json(patch.definition as never);
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.templateId !== undefined) set.template_id = patch.templateId;
  if (patch.templateVersion !== undefined) set.template_version = patch.templateVersion;
  if (Object.keys(set).length === 0) {
    const [row] = await tx`
      select 1 from connectors.connectors where workspace_id = ${workspaceId} and id = ${id}`;
    return Boolean(row);
  }
  const rows = await tx`
    update connectors.connectors set ${tx(set)}
    where workspace_id = ${workspaceId} and id = ${id}
    returning id`;
  return rows.length > 0;
}

export async function deleteConnector(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<string | null> {
  const [row] = await tx<{ name: string }[]>`
    delete from connectors.connectors where workspace_id = ${workspaceId} and id = ${id}
    returning name`;
  return row?.name ?? null;
}

/** Whether the caller can see the connector (RLS: it is in one of their workspaces). */
export async function connectorExists(tx: Tx, workspaceId: string, id: string): Promise<boolean> {
  const [row] = await tx`
    select 1 from connectors.connectors where workspace_id = ${workspaceId} and id = ${id}`;
  return Boolean(row);
}

export interface CredentialBinding {
  allowedHosts: string[];
  placements: Placement[];
  queryParam: string | null;
}

/** The workspace's credentials as the validator needs them: hosts and placement rules by name. */
export async function credentialBindings(
  tx: Tx,
  workspaceId: string,
): Promise<Map<string, CredentialBinding>> {
  const rows = await tx<({ name: string } & CredentialBinding)[]>`
    select name, allowed_hosts as "allowedHosts", placements, query_param as "queryParam"
    from connectors.workspace_api_credentials where workspace_id = ${workspaceId}`;
  return new Map(
    rows.map(({ name, ...binding }) => [
      name,
      { ...binding, placements: binding.placements.filter(isPlacement) },
    ]),
  );
}
