// The OAuth 2.0 connect flow driven as a browser would: PUT a credential for the demo provider
// (scripts/lib/oauth-provider.ts on a real port), ask for the authorize URL, follow the
// provider's 302 to the callback, and read where the callback sends the browser. Every answer's
// text is kept so tests can scan all of them for secrets.
import type { AddressInfo } from "node:net";
import { decryptCredential, parseKeyring } from "../../engine/crypto.ts";
import {
  type OAuthSecrets,
  parseOAuthConfig,
  parseOAuthSecrets,
} from "../../engine/oauth-config.ts";
import { createDemoTarget, type DemoTargetOptions } from "../../scripts/lib/demo-target.ts";
import { DEV_CREDENTIALS_KEYS } from "../../scripts/lib/local-defaults.ts";
import { DEMO_OAUTH_CLIENT } from "../../scripts/lib/oauth-provider.ts";
import type { TestClient } from "./app.ts";
import { adminSql } from "./fixtures.ts";

export { DEMO_OAUTH_CLIENT };
export const RETURN_TO = "http://dashboard.test/settings/credentials";

export async function startProvider(options: DemoTargetOptions = {}) {
  const server = createDemoTarget(undefined, options);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    provider: server.oauth,
    hostPort: `127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function oauthBody(base: string, overrides: Record<string, unknown> = {}) {
  return {
    allowedHosts: [new URL(base).host],
    provider: "demo",
    oauth: {
      grantType: "authorization_code",
      authorizeUrl: `${base}/oauth/authorize`,
      tokenUrl: `${base}/oauth/token`,
      clientId: DEMO_OAUTH_CLIENT.clientId,
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      scopes: ["people.read", "people.write"],
      ...overrides,
    },
  };
}

export type Flow = {
  authorize: { status: number; body: { authorizeUrl: string } };
  /** The provider's redirect back to our callback (path and query on the API). */
  callbackPath: string | null;
  callback: Response;
  callbackText: string;
  /** Where the callback sent the browser (302 Location), if it redirected. */
  location: URL | null;
  texts: string[];
};

/** POST …/oauth/authorize, GET the provider's authorize URL, then GET our callback. */
export async function runFlow(
  client: TestClient,
  args: { path: string; token: string; returnTo?: string | null },
): Promise<Flow> {
  const texts: string[] = [];
  const authorize = await client.json<{ authorizeUrl: string }>(`${args.path}/oauth/authorize`, {
    method: "POST",
    token: args.token,
    body: args.returnTo === null ? {} : { returnTo: args.returnTo ?? RETURN_TO },
  });
  texts.push(JSON.stringify(authorize.body));
  if (authorize.status !== 200) throw new Error(`authorize: ${JSON.stringify(authorize.body)}`);
  const atProvider = await fetch(authorize.body.authorizeUrl, { redirect: "manual" });
  texts.push(await atProvider.text());
  const back = atProvider.headers.get("location");
  const callbackPath = back ? `${new URL(back).pathname}${new URL(back).search}` : null;
  const callback = await client.request(callbackPath ?? "/v1/oauth/callback");
  const callbackText = await callback.text();
  texts.push(callbackText, callback.headers.get("location") ?? "");
  const location = callback.headers.get("location");
  return {
    authorize,
    callbackPath,
    callback,
    callbackText,
    location: location ? new URL(location) : null,
    texts,
  };
}

/** The stored row of a credential, with its sealed document opened (as the runner would). */
export async function openStored(
  workspaceId: string,
  name: string,
): Promise<{
  status: string | null;
  tokenVersion: string;
  secrets: OAuthSecrets;
  scopes: string[] | null;
}> {
  const [row] = await adminSql()<
    {
      ciphertext: string;
      keyVersion: number;
      allowedHosts: string[];
      placements: string[];
      queryParam: string | null;
      oauth: unknown;
      status: string | null;
      tokenVersion: string;
      scopes: string[] | null;
    }[]
  >`select ciphertext, key_version as "keyVersion", allowed_hosts as "allowedHosts", placements,
           query_param as "queryParam", oauth_config as "oauth", oauth_status as "status",
           token_version::text as "tokenVersion", scopes
    from connectors.workspace_api_credentials where workspace_id = ${workspaceId} and name = ${name}`;
  if (!row) throw new Error(`no credential ${name}`);
  const plaintext = await decryptCredential(
    parseKeyring(DEV_CREDENTIALS_KEYS),
    {
      workspaceId,
      name,
      keyVersion: row.keyVersion,
      allowedHosts: row.allowedHosts,
      placements: row.placements,
      queryParam: row.queryParam,
      oauth: parseOAuthConfig(row.oauth),
    },
    row.ciphertext,
  );
  return {
    status: row.status,
    tokenVersion: row.tokenVersion,
    secrets: parseOAuthSecrets(plaintext),
    scopes: row.scopes,
  };
}
