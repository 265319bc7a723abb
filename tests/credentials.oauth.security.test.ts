import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../worker/env.ts";
import { signState } from "../worker/lib/oauth-state.ts";
import { envelope, testClient, testEnv } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import {
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

async function putOAuth(name: string, overrides: Record<string, unknown> = {}) {
  const res = await client.json(path(name), {
    method: "PUT",
    token: team.owner.token,
    body: oauthBody(target.base, overrides),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Asks for an authorize URL and lets the provider approve; returns the callback path unused. */
async function approvedCallback(name: string): Promise<string> {
  const res = await client.json<{ authorizeUrl: string }>(`${path(name)}/oauth/authorize`, {
    method: "POST",
    token: team.admin.token,
    body: { returnTo: RETURN_TO },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const atProvider = await fetch(res.body.authorizeUrl, { redirect: "manual" });
  const back = new URL(atProvider.headers.get("location") ?? "");
  return `${back.pathname}${back.search}`;
}

async function expectBadState(callbackPath: string) {
  const res = await client.json(callbackPath);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body).toMatchObject(envelope("invalid_request"));
}

describe("the OAuth state", () => {
  it("a reused state is 400 and changes nothing", async () => {
    await putOAuth("reuse");
    const callbackPath = await approvedCallback("reuse");
    const first = await client.request(callbackPath);
    expect(first.status).toBe(302);
    const before = await openStored(team.workspaceId, "reuse");
    expect(before.status).toBe("connected");
    await expectBadState(callbackPath);
    const after = await openStored(team.workspaceId, "reuse");
    expect(after.tokenVersion).toBe(before.tokenVersion);
    expect(after.secrets).toEqual(before.secrets);
  });

  it("an expired state is 400, the credential stays pending and no code is exchanged", async () => {
    await putOAuth("expired");
    const callbackPath = await approvedCallback("expired");
    await adminSql()`
      update connectors.oauth_states set expires_at = now() - interval '1 second'
      where credential_id = (select id from connectors.workspace_api_credentials
                             where workspace_id = ${team.workspaceId} and name = 'expired')`;
    const exchanges = target.provider.stats.codeExchanges;
    await expectBadState(callbackPath);
    expect(target.provider.stats.codeExchanges).toBe(exchanges);
    expect((await openStored(team.workspaceId, "expired")).status).toBe("pending");
  });

  it("a tampered, missing, doubled or foreign state is 400", async () => {
    await putOAuth("tamper");
    const callbackPath = await approvedCallback("tamper");
    const url = new URL(callbackPath, "http://localhost");
    const state = url.searchParams.get("state") ?? "";
    const [header, payload, signature] = state.split(".");
    const flipped = `${signature?.startsWith("A") ? "B" : "A"}${signature?.slice(1)}`;
    const code = url.searchParams.get("code") ?? "";
    const withState = (s: string) =>
      `/v1/oauth/callback?code=${code}&state=${encodeURIComponent(s)}`;
    await expectBadState(withState(`${header}.${payload}.${flipped}`));
    // The payload of another flow under this signature.
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()),
        ws: team.otherWorkspaceId,
      }),
    ).toString("base64url");
    await expectBadState(withState(`${header}.${forgedPayload}.${signature}`));
    await expectBadState(withState("not-a-jwt"));
    await expectBadState(`/v1/oauth/callback?code=${code}`);
    await expectBadState(`${callbackPath}&state=${encodeURIComponent(state)}`);
    // alg=none with the same claims.
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    await expectBadState(withState(none));
    expect((await openStored(team.workspaceId, "tamper")).status).toBe("pending");
    // Still usable: none of the above consumed it.
    const ok = await client.request(callbackPath);
    expect(ok.status).toBe(302);
    expect(new URL(ok.headers.get("location") ?? "").searchParams.get("status")).toBe("connected");
  });

  it("a correctly signed state whose claims name another workspace, credential or user is 400", async () => {
    await putOAuth("foreign");
    const callbackPath = await approvedCallback("foreign");
    const url = new URL(callbackPath, "http://localhost");
    const [row] = await adminSql()<{ id: string; credentialId: string }[]>`
      select s.id, s.credential_id as "credentialId" from connectors.oauth_states s
      join connectors.workspace_api_credentials c on c.id = s.credential_id
      where c.workspace_id = ${team.workspaceId} and c.name = 'foreign'`;
    const parsed = parseConfig(testEnv({ OUTBOUND_ALLOW_HOSTS: target.hostPort }));
    if (!parsed.ok || !row) throw new Error("setup");
    const claims = {
      stateId: row.id,
      workspaceId: team.workspaceId,
      credentialId: row.credentialId,
      userId: team.admin.id,
    };
    for (const forged of [
      { ...claims, workspaceId: team.otherWorkspaceId },
      { ...claims, userId: team.outsider.id },
      { ...claims, credentialId: crypto.randomUUID() },
    ]) {
      const state = await signState(parsed.config, 1, forged);
      url.searchParams.set("state", state);
      await expectBadState(`${url.pathname}${url.search}`);
    }
    expect((await openStored(team.workspaceId, "foreign")).status).toBe("pending");
  });
});

describe("who may connect, and where the browser goes", () => {
  it("a member gets 403, an outsider 404, an unknown credential 404", async () => {
    await putOAuth("roles");
    const member = await client.json(`${path("roles")}/oauth/authorize`, {
      method: "POST",
      token: team.member.token,
      body: {},
    });
    expect(member.status, JSON.stringify(member.body)).toBe(403);
    const outsider = await client.json(`${path("roles")}/oauth/authorize`, {
      method: "POST",
      token: team.outsider.token,
      body: {},
    });
    expect(outsider.status).toBe(404);
    const unknown = await client.json(`${path("nothing_here")}/oauth/authorize`, {
      method: "POST",
      token: team.owner.token,
      body: {},
    });
    expect(unknown.status).toBe(404);
    const anonymous = await client.json(`${path("roles")}/oauth/authorize`, { method: "POST" });
    expect(anonymous.status).toBe(401);
  });

  it("a bearer or client_credentials credential is 409", async () => {
    await client.json(path("static"), {
      method: "PUT",
      token: team.owner.token,
      body: { value: "static-secret-value-1", allowedHosts: ["api.example.com"] },
    });
    await putOAuth("machine", { grantType: "client_credentials", authorizeUrl: undefined });
    for (const name of ["static", "machine"]) {
      const res = await client.json(`${path(name)}/oauth/authorize`, {
        method: "POST",
        token: team.owner.token,
        body: {},
      });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body).toMatchObject(envelope("conflict"));
    }
  });

  it("returnTo on a foreign origin, another scheme or with user info is 422 and stores no state", async () => {
    await putOAuth("returns");
    for (const returnTo of [
      "https://evil.example/steal",
      "http://dashboard.test.evil.example/",
      "javascript:alert(1)",
      "http://user:pw@dashboard.test/",
      "/relative/path",
    ]) {
      const res = await client.json(`${path("returns")}/oauth/authorize`, {
        method: "POST",
        token: team.owner.token,
        body: { returnTo },
      });
      expect(res.status, `${returnTo}: ${JSON.stringify(res.body)}`).toBe(422);
    }
    const [count] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.oauth_states s
      join connectors.workspace_api_credentials c on c.id = s.credential_id
      where c.workspace_id = ${team.workspaceId} and c.name = 'returns'`;
    expect(count?.n).toBe(0);
  });
});

describe("a flow that does not end connected", () => {
  it("the provider's access_denied returns status=error&reason=access_denied and exchanges nothing", async () => {
    await putOAuth("denied", { extraAuthorizeParams: { demo_error: "access_denied" } });
    const exchanges = target.provider.stats.codeExchanges;
    const flow = await runFlow(client, { path: path("denied"), token: team.admin.token });
    expect(flow.callback.status).toBe(302);
    expect(flow.location?.searchParams.get("status")).toBe("error");
    expect(flow.location?.searchParams.get("reason")).toBe("access_denied");
    expect(flow.location?.searchParams.get("credential")).toBe("denied");
    expect(target.provider.stats.codeExchanges).toBe(exchanges);
    expect((await openStored(team.workspaceId, "denied")).status).toBe("pending");
  });

  it("a vendor error code that is not a plain token is not echoed", async () => {
    await putOAuth("echo", { extraAuthorizeParams: { demo_error: "<script>x</script>" } });
    const flow = await runFlow(client, { path: path("echo"), token: team.admin.token });
    expect(flow.location?.searchParams.get("reason")).toBe("authorization_failed");
  });

  it("a credential replaced while the flow ran is not connected (credential_changed)", async () => {
    await putOAuth("swapped");
    const callbackPath = await approvedCallback("swapped");
    const res = await client.json(path("swapped"), {
      method: "PUT",
      token: team.owner.token,
      body: oauthBody(target.base, { clientSecret: "another-client-secret-123" }),
    });
    expect(res.status).toBe(200);
    const back = await client.request(callbackPath);
    const location = new URL(back.headers.get("location") ?? "");
    expect(location.searchParams.get("status")).toBe("error");
    expect(location.searchParams.get("reason")).toBe("credential_changed");
    expect((await openStored(team.workspaceId, "swapped")).status).toBe("pending");
  });

  it("a user demoted to member while the flow ran cannot finish it (forbidden)", async () => {
    await putOAuth("demoted");
    const callbackPath = await approvedCallback("demoted");
    await adminSql()`update connectors.workspace_members set role = 'member'
      where workspace_id = ${team.workspaceId} and user_id = ${team.admin.id}`;
    try {
      const back = await client.request(callbackPath);
      const location = new URL(back.headers.get("location") ?? "");
      expect(location.searchParams.get("reason")).toBe("forbidden");
      expect((await openStored(team.workspaceId, "demoted")).status).toBe("pending");
    } finally {
      await adminSql()`update connectors.workspace_members set role = 'admin'
        where workspace_id = ${team.workspaceId} and user_id = ${team.admin.id}`;
    }
  });

  it("a token URL dropped from OUTBOUND_ALLOW_HOSTS since is refused at exchange time", async () => {
    await putOAuth("guarded");
    const callbackPath = await approvedCallback("guarded");
    const strict = testClient({ OUTBOUND_ALLOW_HOSTS: "" });
    const exchanges = target.provider.stats.codeExchanges;
    const back = await strict.request(callbackPath);
    const location = new URL(back.headers.get("location") ?? "");
    expect(location.searchParams.get("reason")).toBe("token_url_blocked");
    expect(target.provider.stats.codeExchanges).toBe(exchanges);
  });
});
