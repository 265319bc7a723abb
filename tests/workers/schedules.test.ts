// Schedules inside workerd: croner reads the cron and zone there (Intl with full ICU), and two
// `scheduled` invocations at once start a due slot once.
import {
  SELF,
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../scripts/lib/tokens.ts";
import worker from "../../worker/index.ts";

const testEnv = env as unknown as {
  TEST_TARGET_HOST: string;
  TEST_SUPERUSER_URL: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_URL: string;
};
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

async function scheduled() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env as never, ctx);
  await waitOnExecutionContext(ctx);
}

beforeAll(async () => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  const userId = crypto.randomUUID();
  await sql`insert into auth.users (id, email) values (${userId}, ${`cron-${userId}@test.local`})`;
  const [ws] = await sql<{ id: string }[]>`
    insert into connectors.workspaces (name) values ('Schedules') returning id`;
  workspaceId = ws?.id ?? "";
  await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
            values (${workspaceId}, ${userId}, 'member')`;
  // The suite's local target: the runs stay on this machine (how they end is not counted here).
  const ping = `http://${testEnv.TEST_TARGET_HOST}/ping`;
  const [connector] = await sql<{ id: string }[]>`
    insert into connectors.connectors (workspace_id, name, definition)
    values (${workspaceId}, 'Every minute',
            ${sql.json({ steps: [{ id: "ping", request: { method: "GET", url: ping } }] })})
    returning id`;
  connectorId = connector?.id ?? "";
  token = await mintToken(
    { id: userId, email: "cron@test.local" },
    { secret: testEnv.SUPABASE_JWT_SECRET, supabaseUrl: testEnv.SUPABASE_URL },
  );
});

afterAll(async () => {
  await sql.end();
});

describe("schedules inside the Workers runtime", () => {
  it("PUT computes nextRunAt in an IANA zone with croner", async () => {
    const path = `/v1/workspaces/${workspaceId}/connectors/${connectorId}/schedule`;
    const res = await api(path, {
      method: "PUT",
      body: JSON.stringify({ cron: "30 2 * * *", timezone: "Europe/Berlin" }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const next = new Date(String(res.body.nextRunAt));
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      hour: "2-digit",
      minute: "2-digit",
    }).format(next);
    expect(local).toBe("02:30");
    const bad = await api(path, {
      method: "PUT",
      body: JSON.stringify({ cron: "@daily", timezone: "Nowhere/Land" }),
    });
    expect(bad.status).toBe(400);
  });

  it("two scheduled invocations at once start an every-minute slot once", async () => {
    await sql`
      update connectors.connector_schedules
      set cron = '* * * * *', timezone = 'UTC', next_run_at = now() - interval '1 minute'
      where connector_id = ${connectorId}`;
    await Promise.all([scheduled(), scheduled()]);
    const rows = await sql<{ key: string }[]>`
      select idempotency_key as key from connectors.connector_executions
      where connector_id = ${connectorId} and trigger = 'schedule'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).toMatch(
      new RegExp(`^schedule:${connectorId}:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ$`),
    );
    // Swept again: nothing more for that slot (the next minute's slot is a slot of its own).
    await scheduled();
    const again = await sql<{ key: string }[]>`
      select idempotency_key as key from connectors.connector_executions
      where connector_id = ${connectorId} and trigger = 'schedule'`;
    expect(new Set(again.map((row) => row.key)).size).toBe(again.length);
  });
});
