import { type OAuthConfig, parseOAuthConfig } from "../../engine/oauth-config.ts";
import type { Tx } from "./client.ts";

/** A workspace credential's OAuth 2.0 side, as install compares it with a template's preset. */
export interface CredentialOAuth {
  authType: string | null;
  /** Null for a credential that is not an OAuth 2.0 credential (or whose stored config is broken). */
  oauth: OAuthConfig | null;
}

function readConfig(value: unknown): OAuthConfig | null {
  try {
    return parseOAuthConfig(value);
  } catch {
    return null;
  }
}

/** Every credential of the workspace by name, with its public OAuth configuration if any. */
export async function credentialOAuthConfigs(
  tx: Tx,
  workspaceId: string,
): Promise<Map<string, CredentialOAuth>> {
  const rows = await tx<{ name: string; authType: string | null; oauthConfig: unknown }[]>`
    select name, auth_type as "authType", oauth_config as "oauthConfig"
    from connectors.workspace_api_credentials where workspace_id = ${workspaceId}`;
  return new Map(
    rows.map((row) => [row.name, { authType: row.authType, oauth: readConfig(row.oauthConfig) }]),
  );
}
