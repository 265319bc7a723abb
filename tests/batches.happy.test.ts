// Batches under the inline runner (README "Batches"): the 202 answer is the batch as GET shows
// it, items run at the workspace's concurrency and drain without a sweep, counts add up, the
// execution list filters by batch, a reused Idempotency-Key answers the first batch.
import { describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import {
  type BatchBody,
  arrangeBatchConnector,
  items,
  waitForBatch,
  suiteTarget,
} from "./harness/batch-target.ts";
import { adminSql } from "./harness/fixtures.ts";

const target = suiteTarget();
const env = (concurrency: number) => ({
  OUTBOUND_ALLOW_HOSTS: target().host,
  RUNNER: "inline",
  EXECUTION_CONCURRENCY_PER_WORKSPACE: String(concurrency),
});

describe("POST /v1/workspaces/:ws/connectors/:id/batches", () => {
  it("answers 202 with the batch exactly as GET returns it, and every item runs", async () => {
    const client = testClient(env(2));
    const { team, connectorId, contactId, batchesUrl, batchUrl } = await arrangeBatchConnector(
      client,
      target().host,
    );
    const created = await client.json<BatchBody>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: [...items(2, "h"), { input: { item: "h2" }, contactId }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(Object.keys(created.body).sort()).toEqual(
      ["connectorId", "counts", "createdAt", "finishedAt", "id", "status", "total"].sort(),
    );
    expect(created.body).toMatchObject({ connectorId, status: "running", total: 3 });
    const c = created.body.counts;
    expect(c.queued + c.running + c.succeeded + c.failed + c.cancelled).toBe(3);

    const read = await client.json<BatchBody>(batchUrl(created.body.id), {
      token: team.member.token,
    });
    expect(read.status).toBe(200);
    expect(Object.keys(read.body).sort()).toEqual(Object.keys(created.body).sort());

    await client.settle();
    const done = await waitForBatch(client, batchUrl(created.body.id), team.member.token);
    expect(done).toMatchObject({
      status: "completed",
      total: 3,
      counts: { queued: 0, running: 0, succeeded: 3, failed: 0, cancelled: 0 },
    });
    expect(done.finishedAt).not.toBeNull();
    const [last] = await adminSql()<{ at: Date }[]>`
      select max(finished_at) as at from connectors.connector_executions
      where batch_id = ${created.body.id}`;
    expect(done.finishedAt).toBe(last?.at.toISOString());

    // The connector's history lists the batch's items, each a `batch` start naming the batch.
    const list = await client.json<{
      data: { trigger: string; batchId: string; contactId: string | null; input: unknown }[];
    }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions?batchId=${created.body.id}&limit=10`,
      { token: team.member.token },
    );
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(3);
    for (const row of list.body.data) {
      expect(row).toMatchObject({ trigger: "batch", batchId: created.body.id });
    }
    expect(list.body.data.filter((row) => row.contactId === contactId)).toHaveLength(1);
    const byTrigger = await client.json<{ data: unknown[] }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions?trigger=api`,
      { token: team.member.token },
    );
    expect(byTrigger.body.data).toHaveLength(0);
  });

  it("the same Idempotency-Key and items answer the first batch and start nothing", async () => {
    const client = testClient(env(2));
    const { team, batchesUrl } = await arrangeBatchConnector(client, target().host);
    const send = () =>
      client.json<BatchBody>(batchesUrl, {
        method: "POST",
        token: team.member.token,
        headers: { "idempotency-key": "list-7" },
        body: { items: items(2, "k") },
      });
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const again = await send();
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [row] = await adminSql()<{ batches: number; executions: number }[]>`
      select (select count(*)::int from connectors.execution_batches
              where workspace_id = ${team.workspaceId}) as batches,
             (select count(*)::int from connectors.connector_executions
              where workspace_id = ${team.workspaceId}) as executions`;
    expect(row).toEqual({ batches: 1, executions: 2 });
    await client.settle();
  });

  it("writes one batch.create audit row with the caller as actor", async () => {
    const client = testClient(env(2));
    const { team, batchesUrl } = await arrangeBatchConnector(client, target().host);
    const created = await client.json<BatchBody>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: items(2, "a") },
    });
    await client.settle();
    const log = await client.json<{
      data: { action: string; actorId: string; targetId: string }[];
    }>(`/v1/workspaces/${team.workspaceId}/audit-log?limit=100`, { token: team.owner.token });
    const batchRows = log.body.data.filter((row) => row.action === "batch.create");
    expect(batchRows).toEqual([
      expect.objectContaining({ actorId: team.member.id, targetId: created.body.id }),
    ]);
  });
});

describe("a 1000-item batch under the inline runner", () => {
  it("completes with counts adding up, each item sent once, never above the workspace's concurrency", async () => {
    const concurrency = 4;
    const client = testClient(env(concurrency));
    const { team, batchesUrl, batchUrl } = await arrangeBatchConnector(client, target().host);
    target().reset();
    target().setDelay(5);
    try {
      const created = await client.json<BatchBody>(batchesUrl, {
        method: "POST",
        token: team.member.token,
        body: { items: items(1000, "big") },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      expect(created.body.total).toBe(1000);
      // No sweep runs here: the inline lanes drain the batch by themselves.
      await client.settle();
      const done = await waitForBatch(client, batchUrl(created.body.id), team.member.token);
      expect(done.status).toBe("completed");
      expect(done.counts).toEqual({
        queued: 0,
        running: 0,
        succeeded: 1000,
        failed: 0,
        cancelled: 0,
      });
      const sent = [...target().arrivals.entries()].filter(([item]) => item.startsWith("big"));
      expect(sent).toHaveLength(1000);
      expect(sent.filter(([, n]) => n !== 1)).toEqual([]);
      expect(target().peak()).toBeLessThanOrEqual(concurrency);
      expect(target().peak()).toBeGreaterThan(1);
    } finally {
      target().setDelay(0);
    }
  }, 240_000);
});
