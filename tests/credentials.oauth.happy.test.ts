import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptCredential, parseKeyring } from "../engine/crypto.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import type { CredentialMeta } from "../worker/db/credentials.ts";
import { testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import {
  DEMO_OAUTH_CLIENT,
  oauthBody,
  openStored,
  RETURN_TO,
  runFlow,
  startProvider,
} from "./harness/oauth-connect.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let target: Awaited<ReturnType<typeof startProvider>>;
let client: ReturnType<typeof testClient>;
const path = (name: string) => `/v1/workspaces/${team.workspaceId}/credentials/${name}`;

beforeAll(async () => {
  [team, target] = await Promise.all([createTeam(), startProvider()]);
  client = testClient({ OUTBOUND_ALLOW_HOSTS: target.hostPort });
});
afterAll(() => target.close());

/** The PKCE verifier of the newest state of a credential, opened as the callback would. */
async function verifierOf(name: string): Promise<string> {
  const [row] = await adminSql()<{ id: string; sealed: string; keyVersion: number }[]>`
    select s.id, s.sealed_verifier as sealed, s.key_version as "keyVersion"
    from connectors.oauth_states s join connectors.workspace_api_credentials c on c.id = s.credential_id
    where c.workspace_id = ${team.workspaceId} and c.name = ${name}
    order by s.created_at desc limit 1`;
  if (!row) throw new Error("no state");
  return decryptCredential(
    parseKeyring(DEV_CREDENTIALS_KEYS),
    {
      workspaceId: team.workspaceId,
      name: `oauth_state:${row.id}`,
      allowedHosts: [],
      placements: [],
      queryParam: null,
      keyVersion: row.keyVersion,
    },
    row.sealed,
  );
}

describe("connecting an OAuth 2.0 credential", () => {
  it("PUT → authorize → provider → callback → returnTo: connected, sealed tokens are the provider's, no secret in any answer", async () => {
    const put = await client.json<CredentialMeta>(path("crm_oauth"), {
      method: "PUT",
      token: team.admin.token,
      body: oauthBody(target.base),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body).toMatchObject({
      authType: "oauth2",
      status: "pending",
      expiresAt: null,
      scopes: null,
      oauth: {
        grantType: "authorization_code",
        clientId: DEMO_OAUTH_CLIENT.clientId,
        tokenUrl: `${target.base}/oauth/token`,
        scopes: ["people.read", "people.write"],
        scopeSeparator: " ",
        tokenAuthMethod: "client_secret_basic",
      },
    });

    const flow = await runFlow(client, { path: path("crm_oauth"), token: team.admin.token });
    const authorizeUrl = new URL(flow.authorize.body.authorizeUrl);
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${target.base}/oauth/authorize`);
    const q = authorizeUrl.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe(DEMO_OAUTH_CLIENT.clientId);
    expect(q.get("redirect_uri")).toBe("http://localhost/v1/oauth/callback");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("scope")).toBe("people.read people.write");
    expect(q.get("state")?.split(".")).toHaveLength(3);

    expect(flow.callback.status, flow.callbackText).toBe(302);
    expect(flow.location?.origin + (flow.location?.pathname ?? "")).toBe(RETURN_TO);
    expect(flow.location?.searchParams.get("credential")).toBe("crm_oauth");
    expect(flow.location?.searchParams.get("status")).toBe("connected");
    expect(flow.callback.headers.get("cache-control")).toBe("no-store");

    const stored = await openStored(team.workspaceId, "crm_oauth");
    expect(stored.status).toBe("connected");
    expect(stored.secrets.clientSecret).toBe(DEMO_OAUTH_CLIENT.clientSecret);
    expect(stored.secrets.accessToken).toMatch(/^at_/);
    expect(stored.secrets.refreshToken).toMatch(/^rt_/);
    expect(target.provider.validAccessToken(stored.secrets.accessToken ?? "")).toBe(true);
    expect(target.provider.clientAuthMethods.at(-1)).toBe("client_secret_basic");

    const read = await client.json<CredentialMeta>(path("crm_oauth"), { token: team.member.token });
    expect(read.body).toMatchObject({
      status: "connected",
      scopes: ["people.read", "people.write"],
    });
    const expiresIn = Date.parse(read.body.expiresAt ?? "") - Date.now();
    expect(expiresIn).toBeGreaterThan(100_000);
    expect(expiresIn).toBeLessThanOrEqual(120_000);

    const list = await client.json(`/v1/workspaces/${team.workspaceId}/credentials`, {
      token: team.member.token,
    });
    const verifier = await verifierOf("crm_oauth");
    const secrets = [
      DEMO_OAUTH_CLIENT.clientSecret,
      verifier,
      stored.secrets.accessToken ?? "",
      stored.secrets.refreshToken ?? "",
    ];
    for (const text of [
      JSON.stringify(put.body),
      JSON.stringify(read.body),
      JSON.stringify(list.body),
      ...flow.texts,
    ]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }

    const audit = await adminSql()<{ actorId: string; metadata: unknown }[]>`
      select actor_id as "actorId", metadata from connectors.audit_log
      where workspace_id = ${team.workspaceId} and action = 'credential.connect'
        and target_id = 'crm_oauth'`;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(team.admin.id);
    expect(audit[0]?.metadata).toEqual({
      name: "crm_oauth",
      grantType: "authorization_code",
      scopes: ["people.read", "people.write"],
    });
    for (const secret of secrets) expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("client_secret_post sends the secret in the form, and extra authorize parameters and the comma separator reach the provider", async () => {
    const put = await client.json(path("crm_post"), {
      method: "PUT",
      token: team.owner.token,
      body: oauthBody(target.base, {
        tokenAuthMethod: "client_secret_post",
        scopeSeparator: ",",
        extraAuthorizeParams: { access_type: "offline", prompt: "consent" },
      }),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    const flow = await runFlow(client, { path: path("crm_post"), token: team.owner.token });
    const q = new URL(flow.authorize.body.authorizeUrl).searchParams;
    expect(q.get("scope")).toBe("people.read,people.write");
    expect(q.get("access_type")).toBe("offline");
    expect(q.get("prompt")).toBe("consent");
    expect(flow.location?.searchParams.get("status")).toBe("connected");
    expect(target.provider.clientAuthMethods.at(-1)).toBe("client_secret_post");
    expect((await openStored(team.workspaceId, "crm_post")).status).toBe("connected");
  });

  it("without returnTo the callback answers a small HTML page with no script, under a CSP", async () => {
    await client.json(path("crm_page"), {
      method: "PUT",
      token: team.owner.token,
      body: oauthBody(target.base),
    });
    const flow = await runFlow(client, {
      path: path("crm_page"),
      token: team.owner.token,
      returnTo: null,
    });
    expect(flow.callback.status, flow.callbackText).toBe(200);
    expect(flow.callback.headers.get("content-type")).toContain("text/html");
    expect(flow.callback.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(flow.callback.headers.get("referrer-policy")).toBe("no-referrer");
    expect(flow.callbackText).toContain("is connected");
    expect(flow.callbackText).not.toMatch(/<script/i);
  });

  it("PUBLIC_API_URL sets the redirect_uri, and returnTo may be on the API's own origin", async () => {
    const publicClient = testClient({
      OUTBOUND_ALLOW_HOSTS: target.hostPort,
      PUBLIC_API_URL: "https://connectors.example.com/ignored/path",
    });
    await publicClient.json(path("crm_public"), {
      method: "PUT",
      token: team.owner.token,
      body: oauthBody(target.base),
    });
    const res = await publicClient.json<{ authorizeUrl: string }>(
      `${path("crm_public")}/oauth/authorize`,
      {
        method: "POST",
        token: team.owner.token,
        body: { returnTo: "https://connectors.example.com/console#x" },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const q = new URL(res.body.authorizeUrl).searchParams;
    expect(q.get("redirect_uri")).toBe("https://connectors.example.com/v1/oauth/callback");
  });

  it("re-PUT without clientSecret keeps the secret and the connection when the configuration is the same; a changed one needs the secret", async () => {
    const body = oauthBody(target.base);
    const { clientSecret: _omit, ...withoutSecret } = body.oauth;
    const same = await client.json<CredentialMeta>(path("crm_oauth"), {
      method: "PUT",
      token: team.owner.token,
      body: { ...body, provider: "demo-renamed", oauth: withoutSecret },
    });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ provider: "demo-renamed", status: "connected" });
    expect((await openStored(team.workspaceId, "crm_oauth")).secrets.clientSecret).toBe(
      DEMO_OAUTH_CLIENT.clientSecret,
    );
    const changed = await client.json(path("crm_oauth"), {
      method: "PUT",
      token: team.owner.token,
      body: { ...body, oauth: { ...withoutSecret, scopes: ["people.read"] } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(400);
    expect(JSON.stringify(changed.body)).toContain("oauth.clientSecret");

    const replaced = await client.json<CredentialMeta>(path("crm_oauth"), {
      method: "PUT",
      token: team.owner.token,
      body: oauthBody(target.base, { scopes: ["people.read"] }),
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ status: "pending", scopes: null, expiresAt: null });
    const stored = await openStored(team.workspaceId, "crm_oauth");
    expect(stored.secrets).toEqual({
      clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
      accessToken: null,
      refreshToken: null,
    });
  });

  it("non-OAuth credentials show null status, expiry, scopes and oauth", async () => {
    const res = await client.json<CredentialMeta>(path("plain"), {
      method: "PUT",
      token: team.owner.token,
      body: { value: "plain-secret-value-123", allowedHosts: ["api.example.com"] },
    });
    expect(res.body).toMatchObject({ status: null, expiresAt: null, scopes: null, oauth: null });
  });
});
