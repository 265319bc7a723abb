// OAuth suites' helpers: the demo target with its OAuth provider on a free port, a real grant
// obtained through its authorize and token endpoints (PKCE S256), and a connected oauth2
// credential written as service_role with the token-write protocol's fields (until the credential
// API stores first tokens itself). Runtime-neutral (fetch, WebCrypto) apart from `startOAuthTarget`.
import type { AddressInfo } from "node:net";
import type postgres from "postgres";
import { encryptCredential, type Keyring } from "../../engine/crypto.ts";
import {
  type OAuthConfig,
  type OAuthSecrets,
  type OAuthStatus,
  serializeOAuthSecrets,
} from "../../engine/oauth-config.ts";
import { createDemoTarget, DEMO_TARGET_TOKEN } from "../../scripts/lib/demo-target.ts";
import type { OAuthProviderOptions } from "../../scripts/lib/oauth-provider.ts";
import { DEMO_OAUTH_CLIENT } from "../../scripts/lib/oauth-provider.ts";

export type OAuthTarget = Awaited<ReturnType<typeof startOAuthTarget>>;

export async function startOAuthTarget(options: OAuthProviderOptions = {}) {
  const server = createDemoTarget(DEMO_TARGET_TOKEN, { oauth: options });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    host,
    origin: `http://${host}`,
    provider: server.oauth,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The demo provider's configuration for a credential (client_secret_basic by default). */
export function demoOAuthConfig(origin: string, overrides: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    grantType: "authorization_code",
    authorizeUrl: `${origin}/oauth/authorize`,
    tokenUrl: `${origin}/oauth/token`,
    clientId: DEMO_OAUTH_CLIENT.clientId,
    scopes: ["people.read"],
    scopeSeparator: " ",
    extraAuthorizeParams: {},
    tokenAuthMethod: "client_secret_basic",
    ...overrides,
  };
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** A grant from the demo provider, as a browser would get it: authorize, then the code. */
export async function obtainGrant(
  origin: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
  );
  const redirectUri = "http://callback.test/cb";
  const authorize = new URL(`${origin}/oauth/authorize`);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: DEMO_OAUTH_CLIENT.clientId,
    redirect_uri: redirectUri,
    code_challenge: b64url(digest),
    code_challenge_method: "S256",
    scope: "people.read",
  }).toString();
  const approved = await fetch(authorize, { redirect: "manual" });
  const code = new URL(approved.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const answer = await fetch(`${origin}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: DEMO_OAUTH_CLIENT.clientId,
      client_secret: DEMO_OAUTH_CLIENT.clientSecret,
    }),
  });
  const body = (await answer.json()) as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

export type SeedOAuthCredential = {
  workspaceId: string;
  name: string;
  allowedHosts: string[];
  config: OAuthConfig;
  secrets: Partial<OAuthSecrets>;
  status: OAuthStatus;
  /** Seconds until the stored access token expires (negative: already expired). */
  expiresInSeconds: number | null;
};

/** Writes an oauth2 credential as service_role (the role that may store tokens). */
export async function seedOAuthCredential(
  sql: postgres.Sql,
  keyring: Keyring,
  seed: SeedOAuthCredential,
): Promise<void> {
  const secrets: OAuthSecrets = {
    clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
    accessToken: null,
    refreshToken: null,
    ...seed.secrets,
  };
  const sealed = await encryptCredential(
    keyring,
    {
      workspaceId: seed.workspaceId,
      name: seed.name,
      allowedHosts: seed.allowedHosts,
      placements: ["header"],
      queryParam: null,
      oauth: seed.config,
    },
    serializeOAuthSecrets(secrets),
  );
  await sql.begin(async (tx) => {
    await tx`set local role service_role`;
    await tx`
      insert into connectors.workspace_api_credentials
        (workspace_id, name, auth_type, ciphertext, key_version, allowed_hosts, placements,
         oauth_config, oauth_status, expires_at, scopes)
      values (${seed.workspaceId}, ${seed.name}, 'oauth2', ${sealed.ciphertext},
              ${sealed.keyVersion}, ${textArray(seed.allowedHosts)}::text[], ${textArray(["header"])}::text[],
              ${JSON.stringify(seed.config)}::text::jsonb, ${seed.status},
              case when ${seed.expiresInSeconds}::int is null then null
                   else now() + make_interval(secs => ${seed.expiresInSeconds}::int) end,
              ${textArray(seed.config.scopes)}::text[])`;
  });
}

// A text[] literal that needs no type lookup (the workerd suites connect with fetch_types off).
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

export type TokenState = {
  oauth_status: string;
  token_version: string;
  refresh_holder: string | null;
  expires_in: number | null;
};

export async function tokenState(
  sql: postgres.Sql,
  workspaceId: string,
  name: string,
): Promise<TokenState> {
  const [row] = await sql<TokenState[]>`
    select oauth_status, token_version::text as token_version, refresh_holder,
           extract(epoch from (expires_at - now()))::float8 as expires_in
    from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = ${name}`;
  if (!row) throw new Error("no credential row");
  return row;
}

/** A one-step definition that reads the demo API with the oauth2 credential `name`. */
export function oauthDefinition(origin: string, name: string, via: "auth" | "template" = "auth") {
  return {
    steps: [
      {
        id: "lookup",
        request: {
          method: "GET",
          url: `${origin}/v1/people`,
          query: { email: "ada@lovelace.test" },
          ...(via === "auth"
            ? { auth: { type: "oauth2", credential: name } }
            : { headers: { Authorization: `Bearer {{credentials.${name}}}` } }),
        },
        extract: { id: "$.results[0].id" },
      },
    ],
  };
}
