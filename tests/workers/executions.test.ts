// The inline runner and the cron sweeper inside workerd: Workers fetch, waitUntil, Hyperdrive;
// schedules too (croner reads IANA zones with workerd's Intl).
import {
  SELF,
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PEOPLE, pagedDemoDefinition } from "../../scripts/lib/demo-pages.ts";
import { DEMO_TARGET_TOKEN } from "../../scripts/lib/demo-target.ts";
import { specExample } from "../../scripts/lib/demo-data.ts";
import { mintToken } from "../../scripts/lib/tokens.ts";
import worker from "../../worker/index.ts";

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
let contactId: string;
let finishedId = "";

async function api(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await SELF.fetch(`http://api.test${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitFor(id: string, statuses: string[]) {
  for (let i = 0; i < 200; i++) {
    const [row] = await sql<{ status: string }[]>`
      select status from connectors.connector_executions where id = ${id}`;
    if (row && statuses.includes(row.status)) return row.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`execution ${id} did not finish`);
}

beforeAll(async () => {
  sql = postgres(testEnv.TEST_SUPERUSER_URL, { max: 1, fetch_types: false, onnotice: () => {} });
  const userId = crypto.randomUUID();
  await sql`insert into auth.users (id, email) values (${userId}, ${`run-${userId}@test.local`})`;
  const [ws] = await sql<
    { id: string }[]
  >`insert into connectors.workspaces (name) values ('Run') returning id`;
  workspaceId = ws?.id ?? "";
  await sql`insert into connectors.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${userId}, 'owner')`;
  const [contact] = await sql<{ id: string }[]>`
    insert into connectors.contacts (workspace_id, email) values (${workspaceId}, 'ada@lovelace.test') returning id`;
  contactId = contact?.id ?? "";
  token = await mintToken(
    { id: userId, email: "run@test.local" },
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

describe("executions inside the Workers runtime", () => {
  it("the inline runner runs the example connector to success and maps the contact", async () => {
    const res = await api(`/v1/workspaces/${workspaceId}/connectors/${connectorId}/executions`, {
      method: "POST",
      body: JSON.stringify({ input: { email: "ada@lovelace.test", score: 7 }, contactId }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(await waitFor(String(res.body.id), ["succeeded", "failed"])).toBe("succeeded");
    const [contact] = await sql<
      { company: string }[]
    >`select company from connectors.contacts where id = ${contactId}`;
    expect(contact?.company).toBe("Lovelace Ltd");
    const [row] = await sql<{ dump: string }[]>`
      select t::text as dump from connectors.connector_executions t where id = ${String(res.body.id)}`;
    expect(row?.dump).not.toContain(DEMO_TARGET_TOKEN);
    finishedId = String(res.body.id);
  });

  it("streams a finished execution's live status as server-sent events, then ends", async () => {
    const res = await SELF.fetch(
      `http://api.test/v1/workspaces/${workspaceId}/executions/${finishedId}/events`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)\ndata: .*\nid: (\S+)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(events).toEqual(["execution 0-3", "step 1-3", "step 2-3"]);
    expect(text).not.toContain(DEMO_TARGET_TOKEN);
  });

  it("a dry run answers with the mapping and writes nothing", async () => {
    const res = await api(`/v1/workspaces/${workspaceId}/connectors/${connectorId}/test`, {
      method: "POST",
      body: JSON.stringify({ input: { email: "grace@hopper.test" } }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mapping).toMatchObject({ company: "Hopper Ltd" });
  });

  it("a paginated dry run follows Link headers and lists every demo person once", async () => {
    const created = await api(`/v1/workspaces/${workspaceId}/connectors`, {
      method: "POST",
      body: JSON.stringify({ name: "List", definition: pagedDemoDefinition(host, "linkHeader") }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await api(`/v1/workspaces/${workspaceId}/connectors/${created.body.id}/test`, {
      method: "POST",
      body: JSON.stringify({ input: {} }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.output).toEqual({
      list: { ids: DEMO_PEOPLE.map((p) => p.id), pages: 3, truncated: false },
    });
  });

  it("the scheduled handler (the sweeper) dispatches a queued execution nobody dispatched", async () => {
    const [row] = await sql<{ id: string }[]>`
      insert into connectors.connector_executions (workspace_id, connector_id, input, queued_at)
      values (${workspaceId}, ${connectorId}, ${sql.json({ email: "swept@x.test" })},
              now() - interval '1 minute')
      returning id`;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env as never, ctx);
    await waitOnExecutionContext(ctx);
    expect(await waitFor(row?.id ?? "", ["succeeded", "failed"])).toBe("succeeded");
  });
});

describe("schedules inside the Workers runtime", () => {
  const schedulePath = () => `/v1/workspaces/${workspaceId}/connectors/${connectorId}/schedule`;

  async function scheduled() {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env as never, ctx);
    await waitOnExecutionContext(ctx);
  }

  it("PUT computes nextRunAt in an IANA zone with croner; an unknown zone is 400", async () => {
    const res = await api(schedulePath(), {
      method: "PUT",
      body: JSON.stringify({
        cron: "30 2 * * *",
        timezone: "Europe/Berlin",
        input: { email: "ada@lovelace.test" },
      }),
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
    const bad = await api(schedulePath(), {
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
    const keys = () => sql<{ key: string }[]>`
      select idempotency_key as key from connectors.connector_executions
      where connector_id = ${connectorId} and trigger = 'schedule'`;
    const rows = await keys();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).toMatch(
      new RegExp(`^schedule:${connectorId}:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ$`),
    );
    // Swept again: nothing more for that slot (the next minute's slot is a slot of its own).
    await scheduled();
    const again = await keys();
    expect(new Set(again.map((row) => row.key)).size).toBe(again.length);
  });
});

/** `t=…,v1=…` for a delivery, signed with WebCrypto as a sender on Workers would. */
async function signDelivery(secret: string, t: number, body: string): Promise<string> {
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
  const answer = (await res.json()) as { executionId?: string; error?: { requestId?: string } };
  if (answer.error) answer.error.requestId = "<id>";
  return { status: res.status, body: answer };
}

describe("webhook deliveries inside the Workers runtime", () => {
  it("a signed delivery runs, the same one again starts nothing, a forged one is the unknown hook's 401", async () => {
    const hook = await api(`/v1/workspaces/${workspaceId}/connectors/${connectorId}/webhooks`, {
      method: "POST",
      body: "{}",
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    expect(hook.body.url).toBe(`http://api.test/v1/hooks/${hook.body.id}`);
    const hookId = String(hook.body.id);
    const body = JSON.stringify({ email: "ada@lovelace.test", score: 3 });
    const signature = await signDelivery(
      String(hook.body.secret),
      Math.floor(Date.now() / 1000),
      body,
    );
    const first = await deliver(hookId, body, signature);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const again = await deliver(hookId, body, signature);
    expect(again.body.executionId).toBe(first.body.executionId);
    const forged = await deliver(
      hookId,
      body,
      signature.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
    );
    const unknown = await deliver(crypto.randomUUID(), body, signature);
    expect(forged.status).toBe(401);
    expect(forged).toEqual(unknown);
    expect(await waitFor(String(first.body.executionId), ["succeeded", "failed"])).toBe(
      "succeeded",
    );
  });
});

/** Reads a live-status stream up to the event `until` (or its end); the events seen. */
async function eventsUntil(res: Response, until: string): Promise<string[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1] ?? "");
    if (names.includes(until)) {
      reader.releaseLock();
      return names;
    }
    const { done, value } = await reader.read();
    if (done) return names;
    text += decoder.decode(value, { stream: true });
  }
}

describe("live status inside the Workers runtime", () => {
  it("three streams on one running execution share its poll and all see it finish", async () => {
    const [row] = await sql<{ id: string }[]>`
      insert into connectors.connector_executions
        (workspace_id, connector_id, definition, status, attempts, started_at, claimed_at,
         heartbeat_at, lease_id, runner, run_id)
      select workspace_id, id, definition, 'running', 1, now(), now(), now(),
             gen_random_uuid(), 'inline', 'live-status-test'
      from connectors.connectors where id = ${connectorId}
      returning id`;
    const id = row?.id ?? "";
    const streams = await Promise.all(
      [1, 2, 3].map(() =>
        SELF.fetch(`http://api.test/v1/workspaces/${workspaceId}/executions/${id}/events`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    const opened = await Promise.all(streams.map((res) => eventsUntil(res, "execution")));
    expect(opened).toEqual([["execution"], ["execution"], ["execution"]]);
    await sql`
      update connectors.connector_executions
      set status = 'failed', finished_at = now()
      where id = ${id}`;
    for (const res of streams) {
      // The rest of each stream: the terminal status, then the end.
      expect(await eventsUntil(res, "timeout")).toEqual(["execution"]);
    }
  });
});
