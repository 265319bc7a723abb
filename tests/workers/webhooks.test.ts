// A signed webhook delivery inside workerd: WebCrypto HMAC verification, the hook's budget in the
// rate-limiter Durable Object, and the inline runner through waitUntil.
import { SELF, env } from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specExample } from "../../scripts/lib/demo-data.ts";
import { DEMO_TARGET_TOKEN } from "../../scripts/lib/demo-target.ts";
import { mintToken } from "../../scripts/lib/tokens.ts";

const testEnv = env as unknown as {
  TEST_TARGET_HOST: string;
  TEST_SUPERUSER_URL: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
};
const host = testEnv.TEST_TARGET_HOST;
let sql: postgres.Sql;
let token: string;
let workspaceId: string;
let connectorId: string;

async function api(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await SELF.fetch(`http://api.test${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function sign(secret: string, t: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `t=${t},v1=${hex}`;
}

async function deliver(hookId: string, body: string, signature: string) {
  const res = await SELF.fetch(`http://api.test/v1/hooks/${hookId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "connectors-signature": signature },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  const userId = crypto.randomUUID();
  await sql`insert into auth.users (id, email) values (${userId}, ${`hook-${userId}@test.local`})`;
  const [ws] = await sql<{ id: string }[]>`
    insert into connectors.workspaces (name) values ('Hooks') returning id`;
  workspaceId = ws?.id ?? "";
  await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
    values (${workspaceId}, ${userId}, 'owner')`;
  token = await mintToken(
    { id: userId, email: "hook@test.local" },
    { secret: testEnv.SUPABASE_JWT_SECRET, supabaseUrl: testEnv.SUPABASE_URL },
  );
  const put = await api(`/v1/workspaces/${workspaceId}/credentials/example_token`, {
    method: "PUT",
    body: JSON.stringify({ value: DEMO_TARGET_TOKEN, allowedHosts: [host] }),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  const created = await api(`/v1/workspaces/${workspaceId}/connectors`, {
    method: "POST",
    body: JSON.stringify({ name: "Demo", definition: specExample(host) }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  connectorId = String(created.body.id);
});

afterAll(async () => {
  await sql.end();
});

describe("webhook deliveries inside the Workers runtime", () => {
  it("a signed delivery runs, the same one again starts nothing, a forged one is 401", async () => {
    const hook = await api(`/v1/workspaces/${workspaceId}/connectors/${connectorId}/webhooks`, {
      method: "POST",
      body: "{}",
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    expect(hook.body.url).toBe(`http://api.test/v1/hooks/${hook.body.id}`);
    const body = JSON.stringify({ email: "ada@lovelace.test", score: 3 });
    const signature = await sign(String(hook.body.secret), Math.floor(Date.now() / 1000), body);
    const first = await deliver(String(hook.body.id), body, signature);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const again = await deliver(String(hook.body.id), body, signature);
    expect(again.body.executionId).toBe(first.body.executionId);
    const forged = await deliver(
      String(hook.body.id),
      body,
      signature.replace(/.$/, (last) => (last === "0" ? "1" : "0")),
    );
    const unknown = await deliver(crypto.randomUUID(), body, signature);
    expect(forged.status).toBe(401);
    expect({ ...forged.body, error: { ...(forged.body.error as object), requestId: "" } }).toEqual({
      ...unknown.body,
      error: { ...(unknown.body.error as object), requestId: "" },
    });
    for (let i = 0; i < 200; i++) {
      const [row] = await sql<{ status: string }[]>`
        select status from connectors.connector_executions where id = ${String(first.body.executionId)}`;
      if (row?.status === "succeeded" || row?.status === "failed") {
        expect(row.status).toBe("succeeded");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the delivered execution did not finish");
  });
});
