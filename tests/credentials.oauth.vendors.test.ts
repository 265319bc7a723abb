// Vendors' token answers that are valid OAuth but unusual: Slack's `token_type: "bot"`, and an
// `expires_in` that is fractional or absurd. The connect flow stores them instead of failing
// (or failing after the state was spent).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestClient, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { oauthBody, openStored, runFlow, startProvider } from "./harness/oauth-connect.ts";

type Provider = Awaited<ReturnType<typeof startProvider>>;
type Team = Awaited<ReturnType<typeof createTeam>>;

async function expiresAt(workspaceId: string, name: string): Promise<number> {
  const [row] = await adminSql()<{ expiresAt: Date }[]>`
    select expires_at as "expiresAt" from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = ${name}`;
  return row?.expiresAt.getTime() ?? 0;
}

describe("connecting to vendors whose token answers are unusual", () => {
  const providers: Provider[] = [];
  let client: TestClient;
  let team: Team;

  beforeAll(async () => {
    team = await createTeam();
  });
  const target = (index: number) => providers[index] as Provider;
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()));
  });

  async function connect(name: string, oauth: Parameters<typeof startProvider>[0]) {
    const target = await startProvider(oauth);
    providers.push(target);
    client = testClient({ OUTBOUND_ALLOW_HOSTS: target.hostPort });
    const path = `/v1/workspaces/${team.workspaceId}/credentials/${name}`;
    const put = await client.json(path, {
      method: "PUT",
      token: team.owner.token,
      body: oauthBody(target.base),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    return runFlow(client, { path, token: team.owner.token });
  }

  it("a bot token (Slack's token_type) connects", async () => {
    const flow = await connect("slack_like", { oauth: { tokenType: "bot" } });
    expect(flow.location?.searchParams.get("status")).toBe("connected");
    const stored = await openStored(team.workspaceId, "slack_like");
    expect(stored.status).toBe("connected");
    expect(target(0).provider.validAccessToken(stored.secrets.accessToken ?? "")).toBe(true);
  });

  it("a fractional expires_in is floored; an absurd one is held to ten years", async () => {
    const before = Date.now();
    const fractional = await connect("fractional", { oauth: { reportedExpiresIn: 3599.5 } });
    expect(fractional.location?.searchParams.get("status")).toBe("connected");
    const left = ((await expiresAt(team.workspaceId, "fractional")) - before) / 1000;
    expect(left).toBeGreaterThan(3590);
    expect(left).toBeLessThan(3610);

    const absurd = await connect("absurd", { oauth: { reportedExpiresIn: 1e15 } });
    expect(absurd.location?.searchParams.get("status")).toBe("connected");
    const far = await expiresAt(team.workspaceId, "absurd");
    const years = (far - before) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
  });

  it("a reconnect answered without a refresh token keeps the one already held", async () => {
    const first = await connect("google_like", {});
    expect(first.location?.searchParams.get("status")).toBe("connected");
    const before = await openStored(team.workspaceId, "google_like");
    expect(before.secrets.refreshToken).toBeTruthy();
    const provider = target(providers.length - 1).provider;
    provider.refreshTokensOnCode = false;
    const path = `/v1/workspaces/${team.workspaceId}/credentials/google_like`;
    const again = await runFlow(client, { path, token: team.owner.token });
    expect(again.location?.searchParams.get("status")).toBe("connected");
    const after = await openStored(team.workspaceId, "google_like");
    expect(after.secrets.accessToken).not.toBe(before.secrets.accessToken);
    expect(after.secrets.refreshToken).toBe(before.secrets.refreshToken);
  });
});
