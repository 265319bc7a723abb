// Runs inside workerd: the real bundle's bindings (Hyperdrive → PostgreSQL, the RateLimiter
// Durable Object, static assets) and postgres.js + jose in the Workers runtime.
import { SELF, env } from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../scripts/lib/tokens.ts";

const testEnv = env as unknown as {
  TEST_SUPERUSER_URL: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
};
let sql: postgres.Sql;
let userId: string;
let workspaceId: string;
let token: string;

beforeAll(async () => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  userId = crypto.randomUUID();
  const email = `workerd-${userId.slice(0, 8)}@test.local`;
  await sql`insert into auth.users (id, email) values (${userId}, ${email})`;
  const [ws] = await sql<{ id: string }[]>`
    insert into connectors.workspaces (name) values ('Workerd workspace') returning id`;
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

describe("inside the Workers runtime", () => {
  it("reports a reachable database through the Hyperdrive binding", async () => {
    const res = await SELF.fetch("http://api.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      database: "reachable",
      runner: "inline",
    });
  });

  it("verifies a token with jose and reads the caller's workspaces under RLS", async () => {
    const res = await SELF.fetch("http://api.test/v1/me", {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { workspaces: { id: string; role: string }[] };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.workspaces).toEqual([expect.objectContaining({ id: workspaceId, role: "owner" })]);
  });

  it("refuses a forged token with the error envelope", async () => {
    const res = await SELF.fetch("http://api.test/v1/me", {
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("counts requests per user in the RateLimiter Durable Object and answers 429", async () => {
    const other = crypto.randomUUID();
    const otherToken = await mintToken(
      { id: other, email: `${other}@test.local` },
      { secret: testEnv.SUPABASE_JWT_SECRET, supabaseUrl: testEnv.SUPABASE_URL },
    );
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await SELF.fetch("http://api.test/v1/me", {
        headers: { authorization: `Bearer ${otherToken}` },
      });
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("serves the OpenAPI document and the docs page", async () => {
    const doc = await SELF.fetch("http://api.test/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
    const docs = await SELF.fetch("http://api.test/docs");
    expect(await docs.text()).toContain("/docs/assets/scalar.js");
  });

  it("refuses a catastrophic input pattern and a hostile-depth body in the Workers bundle", async () => {
    const post = (body: string) =>
      SELF.fetch(`http://api.test/v1/workspaces/${workspaceId}/connectors`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
    const definition = {
      steps: [{ id: "a", request: { method: "GET", url: "https://api.example.com/x" } }],
      input: { type: "object", properties: { name: { type: "string", pattern: "^(a|aa)+$" } } },
    };
    const redos = await post(JSON.stringify({ name: "ReDoS", definition }));
    const problems = (await redos.json()) as { error: { details: { path: string }[] } };
    expect(redos.status, JSON.stringify(problems)).toBe(422);
    expect(problems.error.details.map((d) => d.path)).toEqual(["input.properties.name.pattern"]);
    const deep = await post(
      `{"name":"Deep","definition":${"[".repeat(50_000)}${"]".repeat(50_000)}}`,
    );
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
