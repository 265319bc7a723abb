// Rate limits inside workerd, counted by the RateLimiter Durable Object (SPEC §4, §7): a burst
// from one user gets 429 `rate_limited` with Retry-After while another user of the same
// workspace and a user of another workspace are still served. (RATE_LIMIT_USER_PER_MINUTE is 25
// in vitest.workers.config.ts; `npm run chaos` covers the workspace budget through wrangler dev.)
import { SELF, env } from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../scripts/lib/tokens.ts";

const USER_LIMIT = 25;
const testEnv = env as unknown as {
  TEST_SUPERUSER_URL: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
};
let sql: postgres.Sql;

async function member(workspaceId: string, label: string): Promise<string> {
  const id = crypto.randomUUID();
  const email = `${label}-${id.slice(0, 8)}@test.local`;
  await sql`insert into auth.users (id, email) values (${id}, ${email})`;
  await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
            values (${workspaceId}, ${id}, 'member')`;
  return mintToken(
    { id, email },
    { secret: testEnv.SUPABASE_JWT_SECRET, supabaseUrl: testEnv.SUPABASE_URL },
  );
}

async function workspace(name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into connectors.workspaces (name) values (${name}) returning id`;
  return row?.id ?? "";
}

function list(workspaceId: string, token: string): Promise<Response> {
  return SELF.fetch(`http://api.test/v1/workspaces/${workspaceId}/connectors`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

beforeAll(() => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
});

afterAll(async () => {
  await sql.end();
});

describe("rate limits in the Durable Object", () => {
  it("a burst from one user gets 429 with Retry-After; another user and another workspace are served", async () => {
    const [busyWs, calmWs] = [await workspace("Busy"), await workspace("Calm")];
    const [busy, neighbour, elsewhere] = [
      await member(busyWs, "busy"),
      await member(busyWs, "neighbour"),
      await member(calmWs, "elsewhere"),
    ];
    // Windows are fixed minutes: keep the burst inside one.
    const second = new Date().getUTCSeconds();
    if (second >= 57) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));

    const burst = await Promise.all(Array.from({ length: 35 }, () => list(busyWs, busy)));
    const bodies = await Promise.all(burst.map((res) => res.json()));
    const served = burst.filter((res) => res.status === 200);
    const limited = burst.filter((res) => res.status === 429);
    // Exact across concurrent requests: one object owns the count.
    expect(served).toHaveLength(USER_LIMIT);
    expect(limited).toHaveLength(35 - USER_LIMIT);
    for (const res of limited) {
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect(bodies.filter((b) => (b as { error?: unknown }).error)[0]).toMatchObject({
      error: { code: "rate_limited", details: { scope: "user" }, requestId: expect.any(String) },
    });

    const sameWorkspace = await list(busyWs, neighbour);
    expect(sameWorkspace.status).toBe(200);
    await sameWorkspace.arrayBuffer();
    const otherWorkspace = await list(calmWs, elsewhere);
    expect(otherWorkspace.status).toBe(200);
    await otherWorkspace.arrayBuffer();
  });
});
