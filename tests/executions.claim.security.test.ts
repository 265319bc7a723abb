// README "Executions": an execution queued before its connector was disabled or deleted is
// cancelled when a runner claims it, with the reason in `error`, and sends nothing with the
// workspace's credentials — whichever runner, and also when a stale claim is taken over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestClient, testClient } from "./harness/app.ts";
import { specExample } from "./harness/definitions.ts";
import { arrangeConnector, executionRow, taskBody } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { type ExecutionRowInput, insertExecution } from "./harness/rows.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";

const TOKEN = "tok_claim_7c1e9a2b4d6f8e0a1c3b5d7f";
let target: TestTarget;
let client: TestClient;

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
});

afterAll(async () => {
  await target.close();
});

type Arranged = Awaited<ReturnType<typeof arrangeConnector>>;

/** A queued execution of the connector, as the start route leaves it before dispatch. */
function queue(arranged: Arranged, extra: Partial<ExecutionRowInput> = {}) {
  return insertExecution({
    workspaceId: arranged.team.workspaceId,
    connectorId: arranged.connectorId,
    definition: specExample(target.host),
    input: { email: "ada@lovelace.test", score: 1 },
    createdBy: arranged.team.member.id,
    ...extra,
  });
}

async function run(executionId: string, runId = `run_${crypto.randomUUID()}`) {
  return taskBody(target.host)({ executionId }, { runId, signal: new AbortController().signal });
}

async function lastUsed(workspaceId: string): Promise<Date | null> {
  const [row] = await adminSql()<{ lastUsedAt: Date | null }[]>`
    select last_used_at as "lastUsedAt" from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = 'example_token'`;
  return row?.lastUsedAt ?? null;
}

describe("a claim on an execution whose connector is gone", () => {
  it("a connector disabled after queueing: cancelled at claim, with the reason, nothing sent", async () => {
    const arranged = await arrangeConnector(client, target.host, TOKEN);
    const { team, connectorId } = arranged;
    const id = await queue(arranged);
    const disabled = await client.json(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`,
      { method: "PATCH", token: team.member.token, body: { status: "disabled" } },
    );
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    const before = target.received.length;

    expect(await run(id)).toMatchObject({ outcome: "finished", status: "cancelled" });
    const row = await executionRow(id);
    expect(row.status).toBe("cancelled");
    expect(row.error).toMatchObject({
      kind: "cancelled",
      message: expect.stringMatching(/disabled/),
    });
    expect(row.step_results).toEqual([]);
    expect(target.received.length).toBe(before);
    expect(await lastUsed(team.workspaceId)).toBeNull();

    // A second run for it finds nothing to claim.
    expect(await run(id)).toEqual({ outcome: "not_claimed" });
    const read = await client.json<{ status: string; error: { kind: string } }>(
      `/v1/workspaces/${team.workspaceId}/executions/${id}`,
      { token: team.member.token },
    );
    expect(read.body).toMatchObject({ status: "cancelled", error: { kind: "cancelled" } });
  });

  it("a connector deleted after queueing: the execution stays, cancelled at claim, nothing sent", async () => {
    const arranged = await arrangeConnector(client, target.host, TOKEN);
    const { team, connectorId } = arranged;
    const queued = await queue(arranged);
    // A stale claim of a run that died: taken over by the next run, which must not send either.
    const stale = await queue(arranged, {
      status: "running",
      runId: "run_dead",
      attempts: 1,
    });
    await adminSql()`
      update connectors.connector_executions set claimed_at = now() - interval '1 hour'
      where id = ${stale}`;
    const deleted = await client.request(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`,
      { method: "DELETE", token: team.member.token },
    );
    expect(deleted.status).toBe(204);
    expect((await executionRow(queued)).status).toBe("queued");
    const before = target.received.length;

    for (const id of [queued, stale]) {
      expect(await run(id)).toMatchObject({ outcome: "finished", status: "cancelled" });
      const row = await executionRow(id);
      expect(row.status).toBe("cancelled");
      expect(row.error).toMatchObject({
        kind: "cancelled",
        message: expect.stringMatching(/deleted/),
      });
    }
    expect(target.received.length).toBe(before);
    expect(await lastUsed(team.workspaceId)).toBeNull();
  });

  it("an active connector's queued execution still runs (the control)", async () => {
    const arranged = await arrangeConnector(client, target.host, TOKEN);
    const id = await queue(arranged);
    const before = target.received.length;
    expect(await run(id)).toMatchObject({ outcome: "finished", status: "succeeded" });
    expect(target.received.length).toBeGreaterThan(before);
  });

  it("a live claim of another run is left alone, connector or not", async () => {
    const arranged = await arrangeConnector(client, target.host, TOKEN);
    const live = await queue(arranged, { status: "running", runId: "run_live", attempts: 1 });
    await adminSql()`
      update connectors.connector_executions set claimed_at = now() where id = ${live}`;
    await adminSql()`delete from connectors.connectors where id = ${arranged.connectorId}`;
    expect(await run(live)).toEqual({ outcome: "not_claimed" });
    expect((await executionRow(live)).status).toBe("running");
  });
});
