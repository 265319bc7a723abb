import type { OAuthConfig, OAuthStatus } from "../../engine/oauth-config.ts";
import type { Placement } from "../../engine/placements.ts";
import type { Tx } from "./client.ts";
import type { Keyset } from "../lib/pagination.ts";
import { cursorAt, iso, olderThan } from "./sql.ts";

export interface CredentialMeta {
  id: string;
  workspaceId: string;
  name: string;
  provider: string | null;
  authType: string;
  keyVersion: number;
  allowedHosts: string[];
  placements: Placement[];
  queryParam: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  /** OAuth 2.0 only (null otherwise): token state, access token expiry, scopes as granted. */
  status: OAuthStatus | null;
  expiresAt: string | null;
  scopes: string[] | null;
  /** The public OAuth 2.0 configuration (never the client secret, never a token). */
  oauth: OAuthConfig | null;
}

interface Row extends Omit<CredentialMeta, "createdAt" | "updatedAt" | "lastUsedAt" | "expiresAt"> {
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  cursorAt: string;
}

const toMeta = ({ cursorAt: _c, ...row }: Row): CredentialMeta => ({
  ...row,
  createdAt: iso(row.createdAt) as string,
  updatedAt: iso(row.updatedAt) as string,
  lastUsedAt: iso(row.lastUsedAt),
  expiresAt: iso(row.expiresAt),
});

/** Every column but `ciphertext`, which `authenticated` cannot select anyway. */
function columns(tx: Tx) {
  return tx`
    id, workspace_id as "workspaceId", name, provider, auth_type as "authType",
    key_version as "keyVersion", allowed_hosts as "allowedHosts", placements,
    query_param as "queryParam", created_by as "createdBy",
    created_at as "createdAt", updated_at as "updatedAt", last_used_at as "lastUsedAt",
    oauth_status as "status", expires_at as "expiresAt", scopes, oauth_config as "oauth",
    ${tx.unsafe(cursorAt("created_at"))} as "cursorAt"`;
}

export async function listCredentials(
  tx: Tx,
  args: { workspaceId: string; limit: number; after: Keyset | null },
): Promise<(CredentialMeta & { cursorAt: string })[]> {
  const after = olderThan(tx, args.after, "created_at", "id");
  const rows = await tx<Row[]>`
    select ${columns(tx)} from connectors.workspace_api_credentials
    where workspace_id = ${args.workspaceId} ${after}
    order by created_at desc, id desc
    limit ${args.limit + 1}`;
  return rows.map((row) => ({ ...toMeta(row), cursorAt: row.cursorAt }));
}

export async function getCredential(
  tx: Tx,
  workspaceId: string,
  name: string,
): Promise<CredentialMeta | null> {
  const [row] = await tx<Row[]>`
    select ${columns(tx)} from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = ${name}`;
  return row ? toMeta(row) : null;
}

export interface CredentialWrite {
  workspaceId: string;
  name: string;
  provider: string | null;
  authType: string;
  ciphertext: string;
  keyVersion: number;
  allowedHosts: string[];
  placements: Placement[];
  queryParam: string | null;
  /** An OAuth 2.0 credential's configuration (bound into the ciphertext); null otherwise. */
  oauthConfig: OAuthConfig | null;
}

/** Stores or replaces; tells which. The caller's RLS decides whether they may. */
export async function putCredential(
  tx: Tx,
  input: CredentialWrite,
): Promise<"created" | "replaced"> {
  const inserted = await tx`
    insert into connectors.workspace_api_credentials
      (workspace_id, name, provider, auth_type, ciphertext, key_version, allowed_hosts,
       placements, query_param, oauth_config)
    values (${input.workspaceId}, ${input.name}, ${input.provider}, ${input.authType},
            ${input.ciphertext}, ${input.keyVersion}, ${input.allowedHosts},
            ${input.placements}, ${input.queryParam}, ${oauthJson(tx, input.oauthConfig)})
    on conflict (workspace_id, name) do nothing
    returning id`;
  if (inserted.length > 0) return "created";
  await tx`
    update connectors.workspace_api_credentials
    set provider = ${input.provider}, auth_type = ${input.authType},
        ciphertext = ${input.ciphertext}, key_version = ${input.keyVersion},
        allowed_hosts = ${input.allowedHosts}, placements = ${input.placements},
        query_param = ${input.queryParam}, oauth_config = ${oauthJson(tx, input.oauthConfig)}
    where workspace_id = ${input.workspaceId} and name = ${input.name}`;
  return "replaced";
}

function oauthJson(tx: Tx, config: OAuthConfig | null) {
  return config === null ? null : tx.json(config as never);
}

export type StoredBinding = {
  allowedHosts: string[];
  placements: Placement[];
  queryParam: string | null;
  oauth: unknown;
};

/** The bound metadata of a stored credential, locked until the transaction ends; null if none. */
export async function lockCredentialBinding(
  tx: Tx,
  workspaceId: string,
  name: string,
): Promise<StoredBinding | null> {
  const [row] = await tx<StoredBinding[]>`
    select allowed_hosts as "allowedHosts", placements, query_param as "queryParam",
           oauth_config as "oauth"
    from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = ${name}
    for update`;
  return row ?? null;
}

/** Changes what the AAD does not bind (provider, auth type), keeping the stored value. */
export async function updateCredentialLabels(
  tx: Tx,
  input: { workspaceId: string; name: string; provider: string | null; authType: string },
): Promise<void> {
  await tx`
    update connectors.workspace_api_credentials
    set provider = ${input.provider}, auth_type = ${input.authType}
    where workspace_id = ${input.workspaceId} and name = ${input.name}`;
}

export async function deleteCredential(
  tx: Tx,
  workspaceId: string,
  name: string,
): Promise<boolean> {
  const rows = await tx`
    delete from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = ${name}
    returning id`;
  return rows.length > 0;
}
