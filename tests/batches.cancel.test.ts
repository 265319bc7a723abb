// Cancelling a batch (README "Batches"): every unfinished item is cancelled at once, finished
// ones keep their result, the batch reads `cancelled` with counts adding up; a batch that had
// already completed stays completed.
import { describe, expect, it } from "vitest";
import {
  type BatchBody,
  arrangeBatchConnector,
  items,
  waitForBatch,
  suiteTarget,
  inlineClient,
} from "./harness/batch-target.ts";
import { adminSql } from "./harness/fixtures.ts";

const target = suiteTarget();
const client = () => inlineClient(target(), { EXECUTION_CONCURRENCY_PER_WORKSPACE: "2" });

describe("POST /v1/workspaces/:ws/batches/:id/cancel", () => {
  it("cancels queued and running items, aborts the running ones, and reads cancelled", async () => {
    const c = client();
    const { team, batchesUrl, batchUrl } = await arrangeBatchConnector(c, target().host);
    target().setDelay(1_500);
    try {
      const created = await c.json<BatchBody>(batchesUrl, {
        method: "POST",
        token: team.member.token,
        body: { items: items(20, "c") },
      });
      expect(created.status).toBe(202);
      const cancel = await c.json<BatchBody>(`${batchUrl(created.body.id)}/cancel`, {
        method: "POST",
        token: team.member.token,
      });
      expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
      expect(cancel.body.status).toBe("cancelled");
      expect(cancel.body.counts.queued + cancel.body.counts.running).toBe(0);
      expect(cancel.body.counts.cancelled).toBeGreaterThanOrEqual(18);
      const sum = Object.values(cancel.body.counts).reduce((a, b) => a + b, 0);
      expect(sum).toBe(20);
      expect(cancel.body.finishedAt).not.toBeNull();
      await c.settle();
      const after = await waitForBatch(c, batchUrl(created.body.id), team.member.token);
      expect(after).toMatchObject({ status: "cancelled", counts: cancel.body.counts });

      const again = await c.json<BatchBody>(`${batchUrl(created.body.id)}/cancel`, {
        method: "POST",
        token: team.member.token,
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(after);

      const [audit] = await adminSql()<{ n: number }[]>`
        select count(*)::int as n from connectors.audit_log
        where workspace_id = ${team.workspaceId} and action = 'batch.cancel'
          and target_id = ${created.body.id} and actor_id = ${team.member.id}`;
      expect(audit?.n).toBe(1);
    } finally {
      target().setDelay(0);
    }
  }, 60_000);

  it("leaves a completed batch completed", async () => {
    const c = client();
    const { team, batchesUrl, batchUrl } = await arrangeBatchConnector(c, target().host);
    const created = await c.json<BatchBody>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: items(2, "d") },
    });
    await c.settle();
    const done = await waitForBatch(c, batchUrl(created.body.id), team.member.token);
    expect(done.status).toBe("completed");
    const cancel = await c.json<BatchBody>(`${batchUrl(created.body.id)}/cancel`, {
      method: "POST",
      token: team.member.token,
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual(done);
  });
});
