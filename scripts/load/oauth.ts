// `npm run load`, phase C: a connector per workspace on an OAuth 2.0 credential whose access token
// expires during the wave. The counting target plays the provider (its refresh tokens rotate, and
// a refresh token used twice revokes the grant, as strict vendors do), so the claims are: the
// provider saw refreshes, none refused, no reused refresh token, no call with a dead token.
import type postgres from "postgres";
import { parseKeyring } from "../../engine/crypto.ts";
import { demoOAuthConfig, obtainGrant, seedOAuthCredential } from "../../tests/harness/oauth.ts";
import { call, type Tenant } from "../lib/burst.ts";
import { DEV_CREDENTIALS_KEYS } from "../lib/local-defaults.ts";

export const OAUTH_CREDENTIAL = "load_oauth";
/** The provider's access-token lifetime: several expire during a default wave. */
export const OAUTH_ACCESS_TTL_SECONDS = 30;

export function oauthDefinition(targetHost: string, workspaceId: string) {
  return {
    input: { type: "object", properties: { email: { type: "string" } } },
    steps: [
      {
        id: "hit",
        request: {
          method: "POST",
          url: `http://${targetHost}/hit/{{execution.id}}`,
          auth: { type: "oauth2", credential: OAUTH_CREDENTIAL },
          headers: { "x-workspace": workspaceId, "x-step": "hit" },
          body: { type: "json", value: { execution: "{{execution.id}}" } },
          timeoutMs: 30_000,
        },
        retry: false,
        extract: { seen: "$.n" },
      },
    ],
  };
}

/** A connected oauth2 credential (a real grant, its token about to expire) and its connector. */
export async function arrangeOAuthConnector(
  base: string,
  sql: postgres.Sql,
  tenant: Tenant,
  targetHost: string,
): Promise<string> {
  const origin = `http://${targetHost}`;
  const grant = await obtainGrant(origin);
  await seedOAuthCredential(sql, parseKeyring(DEV_CREDENTIALS_KEYS), {
    workspaceId: tenant.workspaceId,
    name: OAUTH_CREDENTIAL,
    allowedHosts: [targetHost],
    config: demoOAuthConfig(origin),
    secrets: { accessToken: grant.accessToken, refreshToken: grant.refreshToken },
    status: "connected",
    expiresInSeconds: OAUTH_ACCESS_TTL_SECONDS,
  });
  const created = await call<{ id: string }>(
    base,
    tenant.users[0]?.token ?? "",
    "POST",
    `/v1/workspaces/${tenant.workspaceId}/connectors`,
    { name: "OAuth", definition: oauthDefinition(targetHost, tenant.workspaceId) },
  );
  if (created.status !== 201) throw new Error(`oauth connector: ${created.status} ${created.text}`);
  return created.body.id;
}
