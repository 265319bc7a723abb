// Authorization-code flows in progress (service_role only) and the credential rows they connect.
import type { OAuthConfig } from "../../engine/oauth-config.ts";
import type { Tx } from "./client.ts";

export type NewOAuthState = {
  id: string;
  workspaceId: string;
  credentialId: string;
  userId: string;
  binding: string;
  sealedVerifier: string;
  keyVersion: number;
  redirectUri: string;
  returnTo: string | null;
  ttlSeconds: number;
};

export async function insertOAuthState(tx: Tx, state: NewOAuthState): Promise<void> {
  // Long-expired rows go as new ones come: the table holds only recent flows.
  await tx`delete from connectors.oauth_states where expires_at < now() - interval '1 day'`;
  await tx`
    insert into connectors.oauth_states
      (id, workspace_id, credential_id, user_id, binding, sealed_verifier, key_version,
       redirect_uri, return_to, expires_at)
    values (${state.id}, ${state.workspaceId}, ${state.credentialId}, ${state.userId},
            ${state.binding}, ${state.sealedVerifier}, ${state.keyVersion}, ${state.redirectUri},
            ${state.returnTo}, now() + make_interval(secs => ${state.ttlSeconds}))`;
}

export type ConsumedState = {
  binding: string;
  sealedVerifier: string;
  keyVersion: number;
  redirectUri: string;
  returnTo: string | null;
};

/**
 * Marks the state used if it is unused, unexpired and matches every signed claim; one caller
 * wins. Null for anything else (unknown, used, expired, or claims of another flow).
 */
export async function consumeOAuthState(
  tx: Tx,
  claims: { stateId: string; workspaceId: string; credentialId: string; userId: string },
): Promise<ConsumedState | null> {
  const [row] = await tx<ConsumedState[]>`
    update connectors.oauth_states set used_at = now()
    where id = ${claims.stateId} and workspace_id = ${claims.workspaceId}
      and credential_id = ${claims.credentialId} and user_id = ${claims.userId}
      and used_at is null and expires_at > now()
    returning binding, sealed_verifier as "sealedVerifier", key_version as "keyVersion",
              redirect_uri as "redirectUri", return_to as "returnTo"`;
  return row ?? null;
}

export type SealedOAuthRow = {
  id: string;
  name: string;
  ciphertext: string;
  keyVersion: number;
  allowedHosts: string[];
  placements: string[];
  queryParam: string | null;
  oauth: unknown;
  tokenVersion: string;
};

/** A credential with its ciphertext and token version (service_role). */
export async function readSealedCredential(
  tx: Tx,
  workspaceId: string,
  where: { id: string } | { name: string },
): Promise<SealedOAuthRow | null> {
  const match = "id" in where ? tx`id = ${where.id}` : tx`name = ${where.name}`;
  const [row] = await tx<SealedOAuthRow[]>`
    select id, name, ciphertext, key_version as "keyVersion", allowed_hosts as "allowedHosts",
           placements, query_param as "queryParam", oauth_config as "oauth",
           token_version::text as "tokenVersion"
    from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and ${match}`;
  return row ?? null;
}

/** The caller's role in the workspace now, or null (service_role: the callback has no user). */
export async function memberRole(
  tx: Tx,
  workspaceId: string,
  userId: string,
): Promise<string | null> {
  const [row] = await tx<{ role: string }[]>`
    select role from connectors.workspace_members
    where workspace_id = ${workspaceId} and user_id = ${userId}`;
  return row?.role ?? null;
}

/**
 * The token write protocol (migration 20261204000100): replaces the sealed document only if the
 * token version is still the one read; false when another writer got there first.
 */
export async function storeConnectedTokens(
  tx: Tx,
  args: {
    id: string;
    tokenVersion: string;
    ciphertext: string;
    keyVersion: number;
    expiresAt: Date | null;
    scopes: string[];
  },
): Promise<boolean> {
  const rows = await tx`
    update connectors.workspace_api_credentials
    set ciphertext = ${args.ciphertext}, key_version = ${args.keyVersion},
        token_version = token_version + 1, oauth_status = 'connected',
        expires_at = ${args.expiresAt}, scopes = ${args.scopes},
        refresh_holder = null, refresh_until = null
    where id = ${args.id} and token_version = ${args.tokenVersion}::bigint
    returning id`;
  return rows.length > 0;
}

/** The audit row of a connect, for the user who started it (no token, no secret). */
export async function recordConnect(
  tx: Tx,
  args: {
    workspaceId: string;
    name: string;
    userId: string;
    config: OAuthConfig;
    scopes: string[];
  },
): Promise<void> {
  const metadata = { name: args.name, grantType: args.config.grantType, scopes: args.scopes };
  await tx`select connectors.record_oauth_connect(
    ${args.workspaceId}, ${args.name}, ${args.userId}, ${tx.json(metadata)})`;
}
