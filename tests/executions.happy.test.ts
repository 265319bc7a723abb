import { beforeAll, describe, expect, it } from "vitest";
import type { ConnectorStats, Execution, ExecutionDetail } from "../worker/db/executions.ts";
import { testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import {
  PING_DEFINITION,
  insertConnectorRow,
  insertContact,
  insertExecution,
  timestamps,
} from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page = { data: Execution[]; nextCursor: string | null };

const client = testClient();
let team: Team;
const ws = () => `/v1/workspaces/${team.workspaceId}`;

const LIST_FIELDS = [
  "attempts",
  "batchId",
  "connectorId",
  "contactId",
  "createdAt",
  "createdBy",
  "durationMs",
  "error",
  "finishedAt",
  "id",
  "idempotencyKey",
  "input",
  "mappingSkipped",
  "output",
  "queuedAt",
  "replayOf",
  "runId",
  "runner",
  "startedAt",
  "status",
  "stepResults",
  "trigger",
  "updatedAt",
  "workspaceId",
];

const STEP_RESULT = {
  id: "find",
  outcome: "succeeded",
  method: "GET",
  url: "http://127.0.0.1:8788/v1/people?email=ada%40example.com",
  status: 200,
  durationMs: 84,
  attempts: 1,
  requestHeaders: { authorization: "[REDACTED]" },
  requestBody: null,
  requestBodyTruncated: false,
  responseHeaders: { "content-type": "application/json" },
  responseBody: '{"results":[{"id":"p_1"}]}',
  responseBodyTruncated: false,
  extracted: { personId: "p_1" },
};

beforeAll(async () => {
  team = await createTeam();
});

async function pageThrough(url: string, token: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = cursor ? `?limit=${limit}&cursor=${cursor}` : `?limit=${limit}`;
    const res = await client.json<Page>(`${url}${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.data.map((e) => e.id));
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor);
  return { ids, pages };
}

describe("execution history", () => {
  it("lists a connector's executions newest first across pages, without the snapshot", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const other = await insertConnectorRow(team.workspaceId, "Another connector");
    const ids: string[] = [];
    for (const at of timestamps(25)) {
      ids.push(
        await insertExecution({ workspaceId: team.workspaceId, connectorId, createdAt: at }),
      );
    }
    await insertExecution({ workspaceId: team.workspaceId, connectorId: other });

    const url = `${ws()}/connectors/${connectorId}/executions`;
    const { ids: seen, pages } = await pageThrough(url, team.member.token, 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const first = await client.json<Page>(`${url}?limit=1`, { token: team.member.token });
    expect(Object.keys(first.body.data[0] ?? {}).sort()).toEqual(LIST_FIELDS);
    expect(first.body.data[0]).not.toHaveProperty("definition");
  });

  it("pages through executions that share a timestamp without skipping or repeating", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const at = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await insertExecution({ workspaceId: team.workspaceId, connectorId, createdAt: at }),
      );
    }
    const url = `${ws()}/connectors/${connectorId}/executions`;
    const { ids: seen, pages } = await pageThrough(url, team.owner.token, 2);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it("filters the history by status", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const [t1, t2, t3, t4] = timestamps(4);
    const failedOld = await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "failed",
      durationMs: 10,
      createdAt: t1,
    });
    await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "succeeded",
      createdAt: t2,
    });
    const failedNew = await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "failed",
      durationMs: 20,
      createdAt: t3,
    });
    await insertExecution({ workspaceId: team.workspaceId, connectorId, createdAt: t4 });

    const url = `${ws()}/connectors/${connectorId}/executions`;
    const failed = await client.json<Page>(`${url}?status=failed`, { token: team.member.token });
    expect(failed.status, JSON.stringify(failed.body)).toBe(200);
    expect(failed.body.data.map((e) => e.id)).toEqual([failedNew, failedOld]);
    expect(failed.body.nextCursor).toBeNull();
    const queued = await client.json<Page>(`${url}?status=queued`, { token: team.member.token });
    expect(queued.body.data.map((e) => e.status)).toEqual(["queued"]);
    const cancelled = await client.json<Page>(`${url}?status=cancelled`, {
      token: team.member.token,
    });
    expect(cancelled.body).toEqual({ data: [], nextCursor: null });
  });

  it("answers an empty page for a connector that never ran", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const res = await client.json<Page>(`${ws()}/connectors/${connectorId}/executions`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ data: [], nextCursor: null });
  });
});

describe("one execution", () => {
  it("shows every field camelCased, with its step results as stored and its snapshot", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const contactId = await insertContact(team.workspaceId, { email: "ada@example.com" });
    const createdAt = "2026-11-20T09:00:00.123456Z";
    const id = await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "succeeded",
      definition: PING_DEFINITION,
      input: { email: "ada@example.com", score: 42 },
      output: { find: { personId: "p_1" } },
      stepResults: [STEP_RESULT],
      attempts: 1,
      runner: "inline",
      runId: "inline_123",
      contactId,
      idempotencyKey: "signup-ada",
      createdBy: team.member.id,
      createdAt,
      startedAt: "2026-11-20T09:00:01.000Z",
      finishedAt: "2026-11-20T09:00:01.412Z",
      durationMs: 412,
    });

    const res = await client.json<ExecutionDetail>(`${ws()}/executions/${id}`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      id,
      workspaceId: team.workspaceId,
      connectorId,
      status: "succeeded",
      definition: PING_DEFINITION,
      input: { email: "ada@example.com", score: 42 },
      output: { find: { personId: "p_1" } },
      stepResults: [STEP_RESULT],
      mappingSkipped: [],
      error: null,
      attempts: 1,
      runner: "inline",
      runId: "inline_123",
      contactId,
      idempotencyKey: "signup-ada",
      trigger: "api",
      batchId: null,
      replayOf: null,
      createdBy: team.member.id,
      queuedAt: "2026-11-20T09:00:00.123Z",
      startedAt: "2026-11-20T09:00:01.000Z",
      finishedAt: "2026-11-20T09:00:01.412Z",
      durationMs: 412,
      createdAt: "2026-11-20T09:00:00.123Z",
      updatedAt: expect.any(String),
    });
    expect(new Date(res.body.updatedAt).toISOString()).toBe(res.body.updatedAt);
  });

  it("shows a queued execution with nulls where nothing happened yet", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const id = await insertExecution({ workspaceId: team.workspaceId, connectorId });
    const res = await client.json<ExecutionDetail>(`${ws()}/executions/${id}`, {
      token: team.owner.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: "queued",
      output: null,
      stepResults: [],
      error: null,
      attempts: 0,
      runId: null,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    });
  });

  it("stays readable after its connector is deleted, with connectorId null", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const id = await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "failed",
      durationMs: 5,
      error: { kind: "http_error", message: "HTTP 500", stepId: "ping" },
    });
    const deleted = await client.request(`${ws()}/connectors/${connectorId}`, {
      method: "DELETE",
      token: team.admin.token,
    });
    expect(deleted.status).toBe(204);
    const res = await client.json<ExecutionDetail>(`${ws()}/executions/${id}`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      connectorId: null,
      status: "failed",
      error: { kind: "http_error", message: "HTTP 500", stepId: "ping" },
    });
  });
});

describe("connector stats", () => {
  it("counts outcomes and computes the percentiles in SQL", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const other = await insertConnectorRow(team.workspaceId, "Noise");
    const at = timestamps(14);
    const finished: ["succeeded" | "failed", number][] = [
      ["succeeded", 505],
      ["failed", 120],
      ["succeeded", 4001],
      ["succeeded", 250],
      ["failed", 900],
      ["succeeded", 610],
      ["succeeded", 310],
      ["failed", 777],
      ["succeeded", 480],
    ];
    for (const [i, [status, durationMs]] of finished.entries()) {
      await insertExecution({
        workspaceId: team.workspaceId,
        connectorId,
        status,
        durationMs,
        createdAt: at[i],
      });
    }
    // Not finished or cancelled: counted in total only, never in the rate or the percentiles.
    await insertExecution({ workspaceId: team.workspaceId, connectorId, createdAt: at[9] });
    await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "running",
      createdAt: at[10],
    });
    await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "cancelled",
      durationMs: 99_999,
      createdAt: at[11],
    });
    // Another connector's executions do not count.
    await insertExecution({
      workspaceId: team.workspaceId,
      connectorId: other,
      status: "failed",
      durationMs: 1,
      createdAt: at[13],
    });

    const res = await client.json<ConnectorStats>(`${ws()}/connectors/${connectorId}/stats`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Sorted finished durations: 120 250 310 480 505 610 777 900 4001 (n = 9).
    // p50: position 0.5·8 = 4 → 505. p95: position 0.95·8 = 7.6 → 900 + 0.6·(4001 − 900) =
    // 2760.6 → 2761. successRate: 6 / 9 = 0.6667.
    expect(res.body).toEqual({
      total: 12,
      succeeded: 6,
      failed: 3,
      successRate: 0.6667,
      p50DurationMs: 505,
      p95DurationMs: 2761,
      lastExecutedAt: at[11],
      byTrigger: { api: 12, schedule: 0, webhook: 0, batch: 0, replay: 0 },
    });
  });

  it("answers zeros and nulls for a connector that never ran", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const res = await client.json<ConnectorStats>(`${ws()}/connectors/${connectorId}/stats`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      total: 0,
      succeeded: 0,
      failed: 0,
      successRate: null,
      p50DurationMs: null,
      p95DurationMs: null,
      lastExecutedAt: null,
      byTrigger: { api: 0, schedule: 0, webhook: 0, batch: 0, replay: 0 },
    });
  });

  it("keeps the rate and percentiles null while executions are only queued or running", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    const [t1, t2] = timestamps(2);
    await insertExecution({ workspaceId: team.workspaceId, connectorId, createdAt: t1 });
    await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status: "running",
      createdAt: t2,
    });
    const res = await client.json<ConnectorStats>(`${ws()}/connectors/${connectorId}/stats`, {
      token: team.member.token,
    });
    expect(res.body).toEqual({
      total: 2,
      succeeded: 0,
      failed: 0,
      successRate: null,
      p50DurationMs: null,
      p95DurationMs: null,
      lastExecutedAt: t2,
      byTrigger: { api: 2, schedule: 0, webhook: 0, batch: 0, replay: 0 },
    });
  });

  it("interpolates the median between the two middle durations and reports a 100% rate", async () => {
    const connectorId = await insertConnectorRow(team.workspaceId);
    for (const durationMs of [100, 200]) {
      await insertExecution({
        workspaceId: team.workspaceId,
        connectorId,
        status: "succeeded",
        durationMs,
      });
    }
    const res = await client.json<ConnectorStats>(`${ws()}/connectors/${connectorId}/stats`, {
      token: team.member.token,
    });
    // p50: 100 + 0.5·100 = 150; p95: 100 + 0.95·100 = 195.
    expect(res.body).toMatchObject({ successRate: 1, p50DurationMs: 150, p95DurationMs: 195 });
    expect(typeof res.body.successRate).toBe("number");
  });
});
