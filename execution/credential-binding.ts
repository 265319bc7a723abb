// A credential's binding as a run fixes it when prepared (execution/prepare.ts) and checks it
// again whenever it reads a token (execution/oauth-tokens.ts).

/**
 * What a run fixed at preparation about a credential: the row (a deleted and re-created name is
 * another id) and where its value may go. Compared by `read`; jsonb keeps one key order, so the
 * stored configuration serializes the same each time it is read.
 */
export function credentialBinding(row: {
  id: string;
  allowedHosts: readonly string[];
  placements: readonly string[];
  queryParam: string | null;
  oauthConfig: unknown;
}): string {
  return JSON.stringify([
    row.id,
    row.allowedHosts,
    row.placements,
    row.queryParam,
    row.oauthConfig ?? null,
  ]);
}
