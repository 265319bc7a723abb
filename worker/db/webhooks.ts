// A connector's inbound webhooks. Users' queries never name the sealed secret columns
// (`authenticated` cannot select them); the delivery path reads them as service_role.
import type { Keyset } from "../lib/pagination.ts";
import type { Tx } from "./client.ts";
import { cursorAt, iso, olderThan } from "./sql.ts";

export interface WebhookRow {
  id: string;
  workspaceId: string;
  connectorId: string;
  description: string | null;
  contactIdPath: string | null;
  rotatedAt: string | null;
  previousSecretExpiresAt: string | null;
  lastDeliveryAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

type DateColumn = "rotatedAt" | "previousSecretExpiresAt" | "lastDeliveryAt";
interface Row extends Omit<WebhookRow, DateColumn | "createdAt" | "updatedAt"> {
  rotatedAt: Date | null;
  previousSecretExpiresAt: Date | null;
  lastDeliveryAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
}

const toWebhook = ({ cursorAt: _c, ...row }: Row): WebhookRow => ({
  ...row,
  rotatedAt: iso(row.rotatedAt),
  previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
  lastDeliveryAt: iso(row.lastDeliveryAt),
  createdAt: iso(row.createdAt) as string,
  updatedAt: iso(row.updatedAt) as string,
});

/** Every column a member may read (never the sealed secrets). */
function columns(tx: Tx) {
  return tx`
    id, workspace_id as "workspaceId", connector_id as "connectorId", description,
    contact_id_path as "contactIdPath", rotated_at as "rotatedAt",
    previous_expires_at as "previousSecretExpiresAt", last_delivery_at as "lastDeliveryAt",
    created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt",
    ${tx.unsafe(cursorAt("created_at"))} as "cursorAt"`;
}

async function connectorExists(tx: Tx, workspaceId: string, connectorId: string) {
  const [row] = await tx`
    select 1 from connectors.connectors where workspace_id = ${workspaceId} and id = ${connectorId}`;
  return Boolean(row);
}

/** A page of the connector's hooks, newest first; null when the connector is not there. */
export async function listWebhooks(
  tx: Tx,
  args: { workspaceId: string; connectorId: string; limit: number; after: Keyset | null },
): Promise<(WebhookRow & { cursorAt: string })[] | null> {
  if (!(await connectorExists(tx, args.workspaceId, args.connectorId))) return null;
  const after = olderThan(tx, args.after, "created_at", "id");
  const rows = await tx<Row[]>`
    select ${columns(tx)} from connectors.connector_webhooks
    where workspace_id = ${args.workspaceId} and connector_id = ${args.connectorId} ${after}
    order by created_at desc, id desc
    limit ${args.limit + 1}`;
  return rows.map((row) => ({ ...toWebhook(row), cursorAt: row.cursorAt }));
}

export interface NewWebhook {
  id: string;
  workspaceId: string;
  connectorId: string;
  description: string | null;
  contactIdPath: string | null;
  ciphertext: string;
  keyVersion: number;
}

/** Inserts under the caller's RLS; null when the connector is not in the workspace. */
export async function insertWebhook(tx: Tx, hook: NewWebhook): Promise<WebhookRow | null> {
  if (!(await connectorExists(tx, hook.workspaceId, hook.connectorId))) return null;
  const [row] = await tx<Row[]>`
    insert into connectors.connector_webhooks
      (id, workspace_id, connector_id, description, contact_id_path, secret_ciphertext,
       secret_key_version)
    values (${hook.id}, ${hook.workspaceId}, ${hook.connectorId}, ${hook.description},
            ${hook.contactIdPath}, ${hook.ciphertext}, ${hook.keyVersion})
    returning ${columns(tx)}`;
  return row ? toWebhook(row) : null;
}

export interface WebhookRef {
  workspaceId: string;
  connectorId: string;
  id: string;
}

/**
 * Replaces the secret; the database keeps the replaced one for an hour (previous_*). Null when
 * there is no such hook of that connector.
 */
export async function replaceWebhookSecret(
  tx: Tx,
  ref: WebhookRef,
  sealed: { ciphertext: string; keyVersion: number },
): Promise<WebhookRow | null> {
  const [row] = await tx<Row[]>`
    update connectors.connector_webhooks
    set secret_ciphertext = ${sealed.ciphertext}, secret_key_version = ${sealed.keyVersion}
    where workspace_id = ${ref.workspaceId} and connector_id = ${ref.connectorId}
      and id = ${ref.id}
    returning ${columns(tx)}`;
  return row ? toWebhook(row) : null;
}

export async function deleteWebhook(tx: Tx, ref: WebhookRef): Promise<boolean> {
  const rows = await tx`
    delete from connectors.connector_webhooks
    where workspace_id = ${ref.workspaceId} and connector_id = ${ref.connectorId}
      and id = ${ref.id}
    returning id`;
  return rows.length > 0;
}

/** What a delivery needs of its hook (service_role): the sealed secrets and their binding. */
export interface HookForDelivery {
  id: string;
  workspaceId: string;
  connectorId: string;
  contactIdPath: string | null;
  secretCiphertext: string;
  secretKeyVersion: number;
  previousSecretCiphertext: string | null;
  previousKeyVersion: number | null;
  /** Whether the previous secret is still inside its rotation hour (by the database's clock). */
  previousValid: boolean;
}

export async function loadHookForDelivery(tx: Tx, id: string): Promise<HookForDelivery | null> {
  const [row] = await tx<HookForDelivery[]>`
    select id, workspace_id as "workspaceId", connector_id as "connectorId",
           contact_id_path as "contactIdPath", secret_ciphertext as "secretCiphertext",
           secret_key_version as "secretKeyVersion",
           previous_secret_ciphertext as "previousSecretCiphertext",
           previous_key_version as "previousKeyVersion",
           coalesce(previous_expires_at > now(), false) as "previousValid"
    from connectors.connector_webhooks where id = ${id}`;
  return row ?? null;
}

/** The execution a delivery's key already started, if any (system keys: no creator). */
export async function findDeliveryExecution(
  tx: Tx,
  workspaceId: string,
  key: string,
): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    select id from connectors.connector_executions
    where workspace_id = ${workspaceId} and idempotency_key = ${key} and trigger = 'webhook'`;
  return row?.id ?? null;
}

export async function recordDelivery(tx: Tx, id: string): Promise<void> {
  // A delivery at the same moment holding the row records the same time: skip it, never wait.
  await tx`
    update connectors.connector_webhooks set last_delivery_at = now()
    where id = (select id from connectors.connector_webhooks where id = ${id}
                for no key update skip locked)`;
}
