// Reads ciphertext, which `authenticated` cannot: service role, scoped to one workspace, used
// only after the caller's membership was proven (dry runs).
import type { Database } from "./client.ts";

export interface SealedCredential {
  name: string;
  ciphertext: string;
  keyVersion: number;
  allowedHosts: string[];
  /** As stored; the AAD binds them, so decryption proves nobody edited them since. */
  placements: string[];
  queryParam: string | null;
}

export async function loadSealedCredentials(
  db: Database,
  workspaceId: string,
  names: string[],
): Promise<SealedCredential[]> {
  if (names.length === 0) return [];
  return db.asService(
    (tx) => tx<SealedCredential[]>`
      select name, ciphertext, key_version as "keyVersion", allowed_hosts as "allowedHosts",
             placements, query_param as "queryParam"
      from connectors.workspace_api_credentials
      where workspace_id = ${workspaceId} and name in ${tx(names)}`,
  );
}
