// PostgreSQL going away (README "API at a glance", README "Executions"): the API answers 503
// `unavailable` with the error envelope — never a stack trace — starts nothing, and recovers by
// itself; a task whose database write fails retries the write, not the HTTP call. This suite stops
// and starts a cluster of its own (never the shared test cluster), and drives the real Hono app
// pointed at it.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { DEV_CREDENTIALS_KEYS, JWT_SECRET, SUPABASE_URL } from "../scripts/lib/local-defaults.ts";
import {
  type Cluster,
  ensurePostgresInstalled,
  migrate,
  startCluster,
  stopCluster,
} from "../scripts/lib/pg.ts";
import { PORTS } from "../scripts/lib/ports.ts";
import { mintToken } from "../scripts/lib/tokens.ts";
import { runExecution } from "../execution/run-execution.ts";
import { envelope, type TestClient, testClient } from "./harness/app.ts";

const PORT = PORTS.outageTestDatabase;
const NAME = "pg-chaos-api";
let cluster: Cluster;
let admin: postgres.Sql;
let client: TestClient;
let server: Server;
let targetHost = "";
let token = "";
let workspaceId = "";
let connectorId = "";
/** Requests the target received, by path. */
const hits = new Map<string, number>();
/** Runs when the target receives the tagging call (the last step's HTTP request). */
let onTag: () => void = () => {};
/** Runs when the target receives the first step's call; its answer waits `findDelayMs`. */
let onFind: () => void = () => {};
let findDelayMs = 0;

const say = () => {};
const startDatabase = () => startCluster({ name: NAME, port: PORT, fast: true, say });

function definition(host: string) {
  return {
    steps: [
      {
        id: "find",
        request: { method: "GET", url: `http://${host}/v1/people?email={{input.email}}` },
        extract: { personId: "$.results[0].id" },
      },
      {
        id: "tag",
        request: {
          method: "POST",
          url: `http://${host}/v1/people/{{steps.find.personId}}/tags`,
          body: { type: "json", value: { key: "{{execution.id}}" } },
        },
      },
    ],
  };
}

beforeAll(async () => {
  ensurePostgresInstalled(say);
  cluster = await startCluster({ name: NAME, port: PORT, fresh: true, fast: true, say });
  migrate(cluster, say);
  admin = postgres(cluster.superuserUrl, { max: 2, onnotice: () => {} });

  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://target.local");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    req.resume();
    req.on("end", async () => {
      if (url.pathname.endsWith("/tags")) onTag();
      if (url.pathname === "/v1/people") {
        onFind();
        await new Promise((resolve) => setTimeout(resolve, findDelayMs));
      }
      if (res.destroyed) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ results: [{ id: "p_1" }], ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  targetHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const userId = crypto.randomUUID();
  const email = `chaos-${userId.slice(0, 8)}@test.local`;
  await admin`insert into auth.users (id, email) values (${userId}, ${email})`;
  const [ws] = await admin<{ id: string }[]>`
    insert into connectors.workspaces (name) values ('Chaos') returning id`;
  workspaceId = ws?.id ?? "";
  await admin`insert into connectors.workspace_members (workspace_id, user_id, role)
              values (${workspaceId}, ${userId}, 'owner')`;
  token = await mintToken({ id: userId, email }, { secret: JWT_SECRET, supabaseUrl: SUPABASE_URL });
  client = testClient({ OUTBOUND_ALLOW_HOSTS: targetHost }, {}, cluster.apiLoginUrl);
  const created = await client.json<{ id: string }>(`/v1/workspaces/${workspaceId}/connectors`, {
    method: "POST",
    token,
    body: { name: "Chaos", definition: definition(targetHost) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  connectorId = created.body.id;
}, 180_000);

afterAll(async () => {
  await client?.settle();
  await admin?.end({ timeout: 1 });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (cluster) stopCluster(cluster);
});

async function executionCount(): Promise<number> {
  const [row] = await admin<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions where connector_id = ${connectorId}`;
  return row?.n ?? 0;
}

describe("PostgreSQL stopped", () => {
  it("answers 503 unavailable with the envelope, starts nothing, and recovers by itself", async () => {
    const base = `/v1/workspaces/${workspaceId}`;
    expect((await client.json(`${base}/connectors`, { token })).status).toBe(200);
    const before = await executionCount();
    hits.clear();

    stopCluster(cluster);
    try {
      const calls: [string, Parameters<TestClient["json"]>[1]][] = [
        ["/v1/me", { token }],
        [`${base}/connectors`, { token }],
        [`${base}/connectors/${connectorId}`, { token }],
        [
          `${base}/connectors/${connectorId}/executions`,
          { method: "POST", token, body: { input: { email: "down@x.test" } } },
        ],
        [
          `${base}/connectors/${connectorId}/test`,
          { method: "POST", token, body: { input: { email: "down@x.test" } } },
        ],
        [
          `${base}/credentials/example_token`,
          { method: "PUT", token, body: { value: "v", allowedHosts: [targetHost] } },
        ],
        ["/v1/templates", { token }],
      ];
      for (const [path, init] of calls) {
        const res = await client.json(path, init);
        const text = JSON.stringify(res.body);
        expect(res.status, `${path}: ${text}`).toBe(503);
        expect(res.body, path).toMatchObject(envelope("unavailable"));
        expect(res.headers.get("retry-after"), path).toBe("5");
        expect(text).not.toMatch(/\s at |ECONNREFUSED|postgres|select |insert |\.ts:\d/i);
      }
      const health = await client.json("/health");
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: "degraded", database: "unreachable" });
      await client.settle();
      // Nothing was sent anywhere: no run, no dry run, no step.
      expect([...hits.values()].reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await startDatabase();
    }

    // The same app instance, nothing restarted: served again as soon as PostgreSQL is back.
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await client.json(`${base}/connectors`, { token })).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect((await client.json("/health")).status).toBe(200);
    // No execution row appeared for the requests refused during the outage.
    expect(await executionCount()).toBe(before);
  }, 60_000);
});

describe("a task whose database write fails", () => {
  it("retries the write, not the HTTP call: the target is hit once and the run still succeeds", async () => {
    const [row] = await admin<{ id: string }[]>`
      insert into connectors.connector_executions (workspace_id, connector_id, definition, input)
      values (${workspaceId}, ${connectorId}, ${admin.json(definition(targetHost))},
              ${admin.json({ email: "retry@x.test" })})
      returning id`;
    const executionId = row?.id ?? "";
    hits.clear();
    const events: string[] = [];
    let restarted: Promise<unknown> = Promise.resolve();
    // The database goes away while the last step's request is in flight, and comes back 0.8 s
    // later: the step result and the final status must be written after that.
    onTag = () => {
      onTag = () => {};
      stopCluster(cluster);
      restarted = new Promise((resolve) => setTimeout(resolve, 800)).then(startDatabase);
    };
    const policy = parseAllowList(targetHost);
    const sql = postgres(cluster.apiLoginUrl, { max: 2, onnotice: () => {} });
    try {
      const outcome = await runExecution(
        { executionId },
        {
          sql,
          keyring: parseKeyring(DEV_CREDENTIALS_KEYS),
          fetch: createNodeFetch({ policy }),
          policy,
          runId: "run_chaos_write",
          runner: "trigger",
          staleClaimSeconds: 360,
          cancelPollMs: 100,
          log: (event, fields) => events.push(`${event}:${String(fields.what ?? "")}`),
        },
      );
      await restarted;
      expect(outcome).toEqual({ outcome: "finished", status: "succeeded", persisted: true });
    } finally {
      onTag = () => {};
      await restarted.catch(() => {});
      await sql.end({ timeout: 1 });
    }
    // Writes were retried while the database was down…
    expect(events.filter((e) => e.startsWith("execution.write_retry")).length).toBeGreaterThan(0);
    // …and every HTTP call happened exactly once.
    expect(hits.get("/v1/people")).toBe(1);
    expect(hits.get("/v1/people/p_1/tags")).toBe(1);
    const [done] = await admin<{ status: string; steps: number }[]>`
      select status, jsonb_array_length(step_results) as steps
      from connectors.connector_executions where id = ${executionId}`;
    expect(done).toEqual({ status: "succeeded", steps: 2 });
  }, 60_000);
});

/** A row of the chaos connector, queued as the API would leave it. */
async function queuedExecution(email: string): Promise<string> {
  const [row] = await admin<{ id: string }[]>`
    insert into connectors.connector_executions (workspace_id, connector_id, definition, input)
    values (${workspaceId}, ${connectorId}, ${admin.json(definition(targetHost))},
            ${admin.json({ email })})
    returning id`;
  return row?.id ?? "";
}

/** Stops PostgreSQL when the first step's call arrives and starts it `downMs` later. */
function outageAtFirstStep(downMs: number): { back: () => Promise<unknown> } {
  let back: Promise<unknown> = Promise.resolve();
  onFind = () => {
    onFind = () => {};
    stopCluster(cluster);
    back = new Promise((resolve) => setTimeout(resolve, downMs)).then(startDatabase);
  };
  return { back: () => back };
}

function runDeps(runId: string, events: string[]) {
  const policy = parseAllowList(targetHost);
  return {
    keyring: parseKeyring(DEV_CREDENTIALS_KEYS),
    fetch: createNodeFetch({ policy }),
    policy,
    runId,
    runner: "trigger" as const,
    staleClaimSeconds: 360,
    cancelPollMs: 100,
    // renewals fail all through the outage: that alone must not stop the run
    heartbeatMs: 300,
    log: (event: string, fields: Record<string, unknown>) =>
      events.push(`${event}:${String(fields.what ?? "")}`),
  };
}

/** Runs the execution while PostgreSQL is away for 12 s from its first step's call. */
async function runThroughOutage(
  executionId: string,
  runId: string,
  events: string[],
  options: { findDelayMs: number; limits?: { executionBudgetMs: number } },
) {
  findDelayMs = options.findDelayMs;
  const outage = outageAtFirstStep(12_000);
  // The driver's own reconnect back-off (up to 20 s) would hide how long our retries last.
  const sql = postgres(cluster.apiLoginUrl, { max: 2, backoff: () => 0, onnotice: () => {} });
  try {
    return await runExecution(
      { executionId },
      { sql, ...runDeps(runId, events), ...(options.limits ? { limits: options.limits } : {}) },
    );
  } finally {
    onFind = () => {};
    findDelayMs = 0;
    await outage.back().catch(() => {});
    await sql.end({ timeout: 1 });
  }
}

// The old retry gave up after six attempts (~6 s): these outages last twice that.
describe("an outage longer than a few seconds", () => {
  it("a run caught mid-step by a 12 s outage succeeds once the database is back: each step called once, one result each", async () => {
    const executionId = await queuedExecution("long@x.test");
    hits.clear();
    const events: string[] = [];
    const outcome = await runThroughOutage(executionId, "run_chaos_long_outage", events, {
      findDelayMs: 500,
    });
    expect(outcome).toEqual({ outcome: "finished", status: "succeeded", persisted: true });
    // The first step's result was retried through the outage, and nothing gave up.
    expect(events).toContain("execution.write_retry:step_result");
    expect(events.filter((e) => e.startsWith("execution.write_failed"))).toEqual([]);
    expect(hits.get("/v1/people")).toBe(1);
    expect(hits.get("/v1/people/p_1/tags")).toBe(1);
    const [done] = await admin<{ status: string; steps: string[]; attempts: number }[]>`
      select status, attempts,
             array(select r->>'id' from jsonb_array_elements(step_results) r) as steps
      from connectors.connector_executions where id = ${executionId}`;
    expect(done).toEqual({ status: "succeeded", steps: ["find", "tag"], attempts: 1 });
  }, 90_000);

  it("a run that used its whole budget still records failed/timeout when the database returns within the grace", async () => {
    const executionId = await queuedExecution("budget@x.test");
    hits.clear();
    // The first step outlives the 2 s budget; the database is away from its call until 12 s later.
    const events: string[] = [];
    const outcome = await runThroughOutage(executionId, "run_chaos_budget_outage", events, {
      findDelayMs: 4_000,
      limits: { executionBudgetMs: 2_000 },
    });
    expect(outcome).toEqual({ outcome: "finished", status: "failed", persisted: true });
    expect(events).toContain("execution.write_retry:step_result");
    expect(hits.get("/v1/people")).toBe(1);
    expect(hits.get("/v1/people/p_1/tags")).toBeUndefined();
    const [done] = await admin<{ status: string; kind: string; steps: number }[]>`
      select status, error->>'kind' as kind, jsonb_array_length(step_results) as steps
      from connectors.connector_executions where id = ${executionId}`;
    expect(done).toEqual({ status: "failed", kind: "timeout", steps: 1 });
  }, 90_000);

  it("the retries stop at the run's deadline instead of after a fixed count", async () => {
    const executionId = await queuedExecution("deadline@x.test");
    // A database that is not there at all, on a clock that moves only while the retries wait.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const sql = postgres(`postgres://nobody:none@127.0.0.1:${port}/postgres`, {
      max: 1,
      connect_timeout: 2,
      // postgres.js's own reconnect back-off would make the test wait in real time
      backoff: () => 0,
      onnotice: () => {},
    });
    let clock = 0;
    const waits: number[] = [];
    const events: string[] = [];
    try {
      await expect(
        runExecution(
          { executionId },
          {
            sql,
            ...runDeps("run_chaos_deadline", events),
            limits: { executionBudgetMs: 60_000 },
            now: () => clock,
            sleep: async (ms) => {
              waits.push(ms);
              clock += ms;
            },
          },
        ),
      ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    } finally {
      await sql.end({ timeout: 1 });
    }
    // Retried until exactly the budget's end (the claim gets no grace), never longer.
    expect(clock).toBe(60_000);
    expect(waits.length).toBeGreaterThan(6);
    expect(Math.max(...waits)).toBeLessThanOrEqual(5_000);
    expect(events.at(-1)).toBe("execution.write_failed:claim");
    const [row] = await admin<{ status: string }[]>`
      select status from connectors.connector_executions where id = ${executionId}`;
    expect(row?.status).toBe("queued");
  }, 60_000);
});
