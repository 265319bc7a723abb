// OAuth 2.0 refresh inside the Workers runtime (SPEC §10): the dry run and the inline runner take
// the same lease and store the rotated tokens as the Trigger.dev task does, through Workers fetch
// and Hyperdrive. The provider is the demo target's (rotating refresh tokens).
import { env, SELF } from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "../../engine/crypto.ts";
import { DEV_CREDENTIALS_KEYS } from "../../scripts/lib/local-defaults.ts";
import { DEMO_OAUTH_CLIENT } from "../../scripts/lib/oauth-provider.ts";
import { mintToken } from "../../scripts/lib/tokens.ts";
import {
  demoOAuthConfig,
  obtainGrant,
  oauthDefinition,
  seedOAuthCredential,
  tokenState,
} from "../harness/oauth.ts";

const testEnv = env as unknown as {
  TEST_TARGET_HOST: string;
  TEST_SUPERUSER_URL: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
};
const host = testEnv.TEST_TARGET_HOST;
const origin = `http://${host}`;
let sql: postgres.Sql;
let token: string;
let workspaceId: string;
let connectorId: string;
let firstRefreshToken: string;

async function api(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await SELF.fetch(`http://api.test${path}`, { ...init, headers });
  return { status: res.status, text: await res.text() };
}

async function refreshes(): Promise<number> {
  const res = await fetch(`${origin}/oauth/stats`);
  return ((await res.json()) as { refreshes: number }).refreshes;
}

async function expireStoredToken() {
  await sql`update connectors.workspace_api_credentials set expires_at = now() - interval '1 second'
            where workspace_id = ${workspaceId} and name = 'crm'`;
}

beforeAll(async () => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  const userId = crypto.randomUUID();
  await sql`insert into auth.users (id, email) values (${userId}, ${`oauth-${userId}@test.local`})`;
  const [ws] = await sql<{ id: string }[]>`
    insert into connectors.workspaces (name) values ('OAuth in workerd') returning id`;
  workspaceId = ws?.id ?? "";
  await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
            values (${workspaceId}, ${userId}, 'owner')`;
  token = await mintToken(
    { id: userId, email: "oauth@test.local" },
    { secret: testEnv.SUPABASE_JWT_SECRET, supabaseUrl: testEnv.SUPABASE_URL },
  );
  const grant = await obtainGrant(origin);
  firstRefreshToken = grant.refreshToken;
  await seedOAuthCredential(sql, parseKeyring(DEV_CREDENTIALS_KEYS), {
    workspaceId,
    name: "crm",
    allowedHosts: [host],
    config: demoOAuthConfig(origin),
    secrets: grant,
    status: "connected",
    expiresInSeconds: -5,
  });
  const [connector] = await sql<{ id: string }[]>`
    insert into connectors.connectors (workspace_id, name, definition)
    values (${workspaceId}, 'OAuth lookup', ${sql.json(oauthDefinition(origin, "crm"))})
    returning id`;
  connectorId = connector?.id ?? "";
});

afterAll(async () => {
  await sql.end();
});

describe("OAuth refresh inside the Workers runtime", () => {
  it("a dry run refreshes an expired token once, stores it, and shows no secret", async () => {
    const before = await refreshes();
    const res = await api(`/v1/workspaces/${workspaceId}/connectors/${connectorId}/test`, {
      method: "POST",
      body: JSON.stringify({ input: {} }),
    });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ status: "succeeded" });
    expect(res.text).not.toContain(firstRefreshToken);
    expect(res.text).not.toContain(DEMO_OAUTH_CLIENT.clientSecret);
    expect(await refreshes()).toBe(before + 1);
    const state = await tokenState(sql, workspaceId, "crm");
    expect(state).toMatchObject({ oauth_status: "connected", refresh_holder: null });
    expect(state.expires_in).toBeGreaterThan(60);
  });

  it("the inline runner refreshes an expiring token too", async () => {
    await expireStoredToken();
    const before = await refreshes();
    const res = await api(`/v1/workspaces/${workspaceId}/connectors/${connectorId}/executions`, {
      method: "POST",
      body: JSON.stringify({ input: {} }),
    });
    expect(res.status, res.text).toBe(202);
    const id = String((JSON.parse(res.text) as { id: string }).id);
    let status = "";
    for (let i = 0; i < 200 && !["succeeded", "failed"].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [row] = await sql<{ status: string }[]>`
        select status from connectors.connector_executions where id = ${id}`;
      status = row?.status ?? "";
    }
    expect(status).toBe("succeeded");
    expect(await refreshes()).toBe(before + 1);
  });
});
