// Rate limits inside workerd, counted by the RateLimiter Durable Object (README "API at a glance",
// docs/SECURITY.md): a burst from one user gets 429 `rate_limited` with Retry-After while another
// user of the same workspace and a user of another workspace are still served.
// (RATE_LIMIT_USER_PER_MINUTE is 25 in vitest.workers.config.ts; `npm run chaos` covers the
// workspace budget through wrangler dev.) A workspace's object is charged only for proven members:
// outsiders and malformed ids never reach it.
import { SELF, env, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../scripts/lib/tokens.ts";
import type { RateLimiter } from "../../worker/lib/rate-limiter.ts";

const USER_LIMIT = 25;
const testEnv = env as unknown as {
  TEST_SUPERUSER_URL: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
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

function list(workspaceId: string, token: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`http://api.test/v1/workspaces/${workspaceId}/connectors`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
}

/** Windows are fixed minutes: keep a sequence inside one. */
async function freshMinute(): Promise<void> {
  const second = new Date().getUTCSeconds();
  if (second >= 50) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
}

const HUGE = 1_000_000;

/** How many requests the key's object has counted this minute (asking counts one more). */
async function counted(key: string): Promise<number> {
  const stub = testEnv.RATE_LIMITER.get(testEnv.RATE_LIMITER.idFromName(key));
  const decision = await runInDurableObject(stub, (instance: RateLimiter) =>
    instance.hit(HUGE, 60_000),
  );
  return HUGE - decision.remaining - 1;
}

async function objectExists(key: string): Promise<boolean> {
  const wanted = testEnv.RATE_LIMITER.idFromName(key);
  const ids = await listDurableObjectIds(testEnv.RATE_LIMITER);
  return ids.some((id) => id.equals(wanted));
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

  it("an outsider's requests never create or charge the victim workspace's object", async () => {
    const [victimWs, ownWs] = [await workspace("Victim"), await workspace("Outsider's")];
    const [victim, outsider] = [await member(victimWs, "victim"), await member(ownWs, "outsider")];
    await freshMinute();
    const key = `workspace:${victimWs}`;
    for (let i = 0; i < 10; i++) {
      const read = await list(victimWs, outsider);
      expect(read.status).toBe(404);
      await read.arrayBuffer();
      const write = await list(victimWs, outsider, {
        method: "POST",
        body: JSON.stringify({ name: "Planted", definition: { steps: [] } }),
      });
      expect(write.status).toBe(404);
      await write.arrayBuffer();
    }
    expect(await objectExists(key)).toBe(false);

    const served = await list(victimWs, victim);
    expect(served.status).toBe(200);
    await served.arrayBuffer();
    expect(await counted(key)).toBe(1);
  });

  it("a malformed workspace id is 404 and never becomes a Durable Object", async () => {
    const [ws] = [await workspace("Spelled")];
    const token = await member(ws, "speller");
    const spellings = ["not-a-uuid", "x".repeat(300), `${ws}x`, "%00", "00000000"];
    for (const spelling of spellings) {
      const res = await list(encodeURIComponent(spelling), token);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    }
    for (const spelling of spellings) {
      expect(await objectExists(`workspace:${spelling}`)).toBe(false);
      expect(await objectExists(`workspace:${encodeURIComponent(spelling)}`)).toBe(false);
    }
  });
});
