import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { oauthBody, openStored, runFlow, startProvider } from "./harness/oauth-connect.ts";

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

async function put(name: string, body: unknown) {
  return client.json(path(name), { method: "PUT", token: team.owner.token, body });
}

describe("hostile OAuth credential bodies", () => {
  const cases: [string, (base: string) => unknown][] = [
    ["value and oauth together", (b) => ({ ...oauthBody(b), value: "x-secret-value" })],
    ["authType other than oauth2", (b) => ({ ...oauthBody(b), authType: "bearer" })],
    ["no authorizeUrl for authorization_code", (b) => oauthBody(b, { authorizeUrl: undefined })],
    [
      "an authorizeUrl for client_credentials",
      (b) => oauthBody(b, { grantType: "client_credentials" }),
    ],
    [
      "a token URL on a private address",
      (b) => oauthBody(b, { tokenUrl: "https://10.0.0.1/token" }),
    ],
    [
      "a token URL in octal loopback",
      (b) => oauthBody(b, { tokenUrl: "https://0177.0.0.1/token" }),
    ],
    [
      "a metadata address",
      (b) => oauthBody(b, { authorizeUrl: "http://169.254.169.254/authorize" }),
    ],
    [
      "plain http to a public host",
      (b) => oauthBody(b, { tokenUrl: "http://auth.example.com/token" }),
    ],
    ["a non-http scheme", (b) => oauthBody(b, { tokenUrl: "file:///etc/passwd" })],
    ["user info in a URL", (b) => oauthBody(b, { tokenUrl: "https://u:p@auth.example.com/token" })],
    ["a malformed URL", (b) => oauthBody(b, { tokenUrl: "not a url" })],
    [
      "a reserved extra parameter",
      (b) => oauthBody(b, { extraAuthorizeParams: { redirect_uri: "https://evil.example" } }),
    ],
    [
      "a reserved parameter in another case",
      (b) => oauthBody(b, { extraAuthorizeParams: { State: "x" } }),
    ],
    [
      "a reserved parameter inside authorizeUrl",
      (b) => oauthBody(b, { authorizeUrl: `${b}/oauth/authorize?client_id=evil` }),
    ],
    [
      "too many extra parameters",
      (b) =>
        oauthBody(b, {
          extraAuthorizeParams: Object.fromEntries(
            Array.from({ length: 21 }, (_, i) => [`p${i}`, "v"]),
          ),
        }),
    ],
    ["a scope with a space", (b) => oauthBody(b, { scopes: ["a b"] })],
    [
      "a scope with the comma separator",
      (b) => oauthBody(b, { scopes: ["a,b"], scopeSeparator: "," }),
    ],
    [
      "too many scopes",
      (b) => oauthBody(b, { scopes: Array.from({ length: 101 }, (_, i) => `s${i}`) }),
    ],
    ["an unknown grant type", (b) => oauthBody(b, { grantType: "password" })],
    ["an unknown token auth method", (b) => oauthBody(b, { tokenAuthMethod: "private_key_jwt" })],
    ["an unknown field", (b) => oauthBody(b, { clientSecretHash: "x" })],
    ["an oversized client secret", (b) => oauthBody(b, { clientSecret: "s".repeat(4097) })],
    ["an oversized URL", (b) => oauthBody(b, { tokenUrl: `${b}/${"a".repeat(2100)}` })],
    ["a clientId of the wrong type", (b) => oauthBody(b, { clientId: 42 })],
    ["oauth as an array", (b) => ({ allowedHosts: [new URL(b).host], oauth: [] })],
    ["scopes as a string", (b) => oauthBody(b, { scopes: "people.read" })],
  ];
  for (const [label, body] of cases) {
    it(`${label} is 400 and stores nothing`, async () => {
      const name = `bad_${label.replace(/[^a-z]+/g, "_").slice(0, 40)}`;
      const res = await put(name, body(target.base));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
      const rows = await adminSql()`select 1 from connectors.workspace_api_credentials
        where workspace_id = ${team.workspaceId} and name = ${name}`;
      expect(rows).toHaveLength(0);
    });
  }

  it("a client secret never appears in an error answer", async () => {
    const secret = "very-secret-client-secret-value-0042";
    const res = await put(
      "echo",
      oauthBody(target.base, { clientSecret: secret, tokenUrl: "https://10.1.2.3/t" }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it("a malformed authorize body is 400", async () => {
    await put("body_checks", oauthBody(target.base));
    for (const body of [{ returnTo: 42 }, { returnTo: "x".repeat(3000) }, { other: 1 }, "[]"]) {
      const res = await client.json(`${path("body_checks")}/oauth/authorize`, {
        method: "POST",
        token: team.owner.token,
        body,
        headers: { "content-type": "application/json" },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
  });

  it("a wrong client secret ends in status=error&reason=invalid_client without the vendor's text", async () => {
    const res = await put(
      "wrong_secret",
      oauthBody(target.base, { clientSecret: "not-the-right-secret-1" }),
    );
    expect(res.status).toBe(201);
    const flow = await runFlow(client, { path: path("wrong_secret"), token: team.owner.token });
    expect(flow.location?.searchParams.get("status")).toBe("error");
    expect(flow.location?.searchParams.get("reason")).toBe("invalid_client");
    expect((await openStored(team.workspaceId, "wrong_secret")).status).toBe("pending");
  });

  it("a callback with no code is status=error&reason=invalid_request, and the state is spent", async () => {
    await put("no_code", oauthBody(target.base));
    const res = await client.json<{ authorizeUrl: string }>(`${path("no_code")}/oauth/authorize`, {
      method: "POST",
      token: team.owner.token,
      body: { returnTo: "http://dashboard.test/x" },
    });
    const state = new URL(res.body.authorizeUrl).searchParams.get("state") ?? "";
    const back = await client.request(`/v1/oauth/callback?state=${encodeURIComponent(state)}`);
    expect(back.status).toBe(302);
    expect(new URL(back.headers.get("location") ?? "").searchParams.get("reason")).toBe(
      "invalid_request",
    );
    const again = await client.json(`/v1/oauth/callback?state=${encodeURIComponent(state)}&code=x`);
    expect(again.status).toBe(400);
  });
});
