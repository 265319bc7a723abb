// The OAuth 2.0 connect flow inside workerd: oauth4webapi's exchange, jose and WebCrypto HKDF for
// the state, and the guarded token fetch, against the demo provider on loopback.
import { SELF, env } from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../scripts/lib/tokens.ts";

const testEnv = env as unknown as {
  TEST_SUPERUSER_URL: string;
  TEST_TARGET_HOST: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
};
let sql: postgres.Sql;
let workspaceId: string;
let token: string;

beforeAll(async () => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  const userId = crypto.randomUUID();
  const email = `workerd-oauth-${userId.slice(0, 8)}@test.local`;
  await sql`insert into auth.users (id, email) values (${userId}, ${email})`;
  const [ws] = await sql<{ id: string }[]>`
    insert into connectors.workspaces (name) values ('Workerd OAuth') returning id`;
  workspaceId = ws?.id ?? "";
  await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
            values (${workspaceId}, ${userId}, 'owner')`;
  token = await mintToken(
    { id: userId, email },
    { secret: testEnv.SUPABASE_JWT_SECRET, supabaseUrl: testEnv.SUPABASE_URL },
  );
});

afterAll(async () => {
  await sql.end();
});

describe("connecting an OAuth 2.0 credential inside the Workers runtime", () => {
  it("PUT, authorize, the provider's redirect, the callback: connected", async () => {
    const base = `http://${testEnv.TEST_TARGET_HOST}`;
    const credential = `http://api.test/v1/workspaces/${workspaceId}/credentials/workerd_oauth`;
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const put = await SELF.fetch(credential, {
      method: "PUT",
      headers,
      body: JSON.stringify({
        allowedHosts: [testEnv.TEST_TARGET_HOST],
        oauth: {
          grantType: "authorization_code",
          authorizeUrl: `${base}/oauth/authorize`,
          tokenUrl: `${base}/oauth/token`,
          clientId: "demo-connectors-client",
          clientSecret: "demo-oauth-client-secret-5d21b8e4",
          scopes: ["people.read"],
        },
      }),
    });
    expect(put.status, await put.clone().text()).toBe(201);
    const authorize = await SELF.fetch(`${credential}/oauth/authorize`, {
      method: "POST",
      headers,
      body: JSON.stringify({ returnTo: "http://dashboard.test/done" }),
    });
    const { authorizeUrl } = (await authorize.json()) as { authorizeUrl: string };
    expect(authorize.status).toBe(200);
    const atProvider = await fetch(authorizeUrl, { redirect: "manual" });
    const back = atProvider.headers.get("location") ?? "";
    expect(back.startsWith("http://api.test/v1/oauth/callback?")).toBe(true);
    const callback = await SELF.fetch(back, { redirect: "manual" });
    expect(callback.status, await callback.clone().text()).toBe(302);
    const location = new URL(callback.headers.get("location") ?? "");
    expect(location.searchParams.get("status")).toBe("connected");
    const read = await SELF.fetch(credential, { headers });
    expect(await read.json()).toMatchObject({ status: "connected", scopes: ["people.read"] });
    const again = await SELF.fetch(back, { redirect: "manual" });
    expect(again.status).toBe(400);
  });
});
