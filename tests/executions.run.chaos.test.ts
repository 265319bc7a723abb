// Faults the execution path must survive (README "Executions"): a Trigger.dev outage, duplicate
// delivery, a runner that dies mid-execution, and a cancel racing a slow target.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../worker/env.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { envelope, testClient, testEnv } from "./harness/app.ts";
import { arrangeConnector, executionRow, taskBody, waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";
import { claimExecution } from "../execution/claim.ts";
import postgres from "postgres";
import { inject } from "vitest";

const TOKEN = "tok_chaos_0c1d2e3f4a5b6c7d";
let target: TestTarget;
let standIn: TriggerStandIn;
const env = () => ({
  OUTBOUND_ALLOW_HOSTS: target.host,
  RUNNER: "trigger",
  TRIGGER_SECRET_KEY: standIn.secretKey,
  TRIGGER_API_URL: standIn.url,
});

function configFor(overrides: Record<string, string>) {
  const parsed = parseConfig(testEnv(overrides));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

async function sweepNow(overrides: Record<string, string>) {
  const pending: Promise<unknown>[] = [];
  const report = await sweep(
    configFor(overrides),
    testEnv().HYPERDRIVE.connectionString,
    (p) => pending.push(p),
    { graceSeconds: 0 },
  );
  await Promise.all(pending);
  return report;
}

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  // One attempt per run: the runs these tests kill stay dead (Trigger.dev's retries are covered
  // in tests/executions.trigger-faults.test.ts).
  standIn = await startTriggerStandIn(taskBody("placeholder"), {
    retry: { maxAttempts: 1, minTimeoutInMs: 0, maxTimeoutInMs: 0, factor: 1 },
  });
});

afterAll(async () => {
  await target.close();
  await standIn.close();
});

describe("Trigger.dev unavailable", () => {
  it("answers 202 and keeps the row queued; the sweeper dispatches it once when it is back", async () => {
    standIn.setTask(taskBody(target.host));
    const client = testClient(env());
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    await standIn.down();
    let executionId = "";
    try {
      const res = await client.json<{ id: string; status: string; runId: string | null }>(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
        { method: "POST", token: team.member.token, body: { input: { email: "outage@x.test" } } },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ status: "queued", runId: null });
      executionId = res.body.id;
      // While it is down, the sweeper tries and leaves the row as it is.
      const during = await sweepNow(env());
      expect(during.dispatchFailed).toBeGreaterThanOrEqual(1);
      expect((await executionRow(executionId)).status).toBe("queued");
    } finally {
      await standIn.up();
    }
    const callsBefore = standIn.calls.filter((c) => c.rawIdempotencyKey === executionId).length;
    expect(callsBefore).toBe(0);
    await sweepNow(env());
    await standIn.settle();
    const row = await waitForStatus(executionId, ["succeeded", "failed"]);
    expect(row.status).toBe("succeeded");
    // A second sweep finds nothing to do: exactly one run for this execution.
    await sweepNow(env());
    const runs = standIn.calls.filter((c) => c.rawIdempotencyKey === executionId && !c.cached);
    expect(runs).toHaveLength(1);
    expect(row.run_id).toBe(runs[0]?.runId);
  });
});

describe("duplicate delivery", () => {
  it("the same execution delivered twice runs its steps once", async () => {
    const client = testClient({ ...env(), RUNNER: "inline" });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    // Insert without dispatching (a row the sweeper would find), then deliver it twice at once.
    const [row] = await adminSql()<{ id: string }[]>`
      insert into connectors.connector_executions (workspace_id, connector_id, input, created_by)
      values (${team.workspaceId}, ${connectorId}, ${adminSql().json({ email: "twice@x.test" })},
              ${team.member.id})
      returning id`;
    const id = row?.id ?? "";
    const body = taskBody(target.host);
    const controller = new AbortController();
    const results = await Promise.all([
      body({ executionId: id }, { runId: "run_a", signal: controller.signal }),
      body({ executionId: id }, { runId: "run_b", signal: controller.signal }),
    ]);
    const outcomes = results.map((r) => (r as { outcome: string }).outcome).sort();
    expect(outcomes).toEqual(["finished", "not_claimed"]);
    expect(target.hits("/v1/people?email=twice")).toBe(1);
    expect(target.hits("/v1/people/p_twice/tags")).toBe(1);
    expect((await executionRow(id)).status).toBe("succeeded");
  });
});

describe("a runner that dies mid-execution", () => {
  it("the stale claim returns it to the queue and it completes exactly once", async () => {
    const client = testClient(env());
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    // The first run claims the row and dies before sending anything.
    const dying = postgres(inject("apiLoginUrl"), { max: 1, onnotice: () => {} });
    standIn.setTask(async (payload, run) => {
      await claimExecution(dying, {
        executionId: payload.executionId,
        runId: run.runId,
        runner: "trigger",
        staleClaimSeconds: 360,
      });
      throw new Error("runner killed");
    });
    try {
      const res = await client.json<{ id: string }>(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
        { method: "POST", token: team.member.token, body: { input: { email: "phoenix@x.test" } } },
      );
      await standIn.settle();
      const claimed = await executionRow(res.body.id);
      expect(claimed.status).toBe("running");
      expect(claimed.attempts).toBe(1);

      // Not stale yet: the sweeper leaves a live claim alone.
      standIn.setTask(taskBody(target.host));
      expect((await sweepNow(env())).requeued).toBe(0);
      // An old claim whose lease was renewed lately is alive: claim age alone reclaims nothing.
      await adminSql()`update connectors.connector_executions
        set claimed_at = now() - interval '10 minutes' where id = ${res.body.id}`;
      expect((await sweepNow(env())).requeued).toBe(0);
      // Not renewed for STALE_CLAIM_SECONDS: back to the queue, dispatched again, runs once.
      await adminSql()`update connectors.connector_executions
        set heartbeat_at = now() - interval '10 minutes' where id = ${res.body.id}`;
      const report = await sweepNow(env());
      expect(report.requeued).toBe(1);
      await standIn.settle();
      const done = await waitForStatus(res.body.id, ["succeeded", "failed"]);
      expect(done.status).toBe("succeeded");
      expect(done.attempts).toBe(2);
      expect(target.hits("/v1/people/p_phoenix/tags")).toBe(1);
      const keys = standIn.calls
        .filter((c) => c.rawIdempotencyKey?.startsWith(res.body.id))
        .map((c) => c.rawIdempotencyKey);
      expect(keys).toEqual([res.body.id, `${res.body.id}:1`]);
    } finally {
      await dying.end();
    }
  });

  it("after three lost runners the execution fails instead of running forever", async () => {
    const client = testClient({ ...env(), RUNNER: "inline" });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const [row] = await adminSql()<{ id: string }[]>`
      insert into connectors.connector_executions
        (workspace_id, connector_id, status, attempts, run_id, claimed_at, started_at, created_by)
      values (${team.workspaceId}, ${connectorId}, 'running', 3, 'run_lost',
              now() - interval '1 hour', now() - interval '1 hour', ${team.member.id})
      returning id`;
    const report = await sweepNow(env());
    expect(report.failed).toBeGreaterThanOrEqual(1);
    const done = await executionRow(row?.id ?? "");
    expect(done.status).toBe("failed");
    expect(done.error?.kind).toBe("timeout");
  });
});

describe("cancel", () => {
  it("a running execution against a slow target ends cancelled and stays cancelled", async () => {
    const client = testClient({ ...env(), RUNNER: "inline" });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    target.setDelay(1_500);
    try {
      const res = await client.json<{ id: string }>(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
        { method: "POST", token: team.member.token, body: { input: { email: "slow@x.test" } } },
      );
      await waitForStatus(res.body.id, ["running"]);
      const cancelled = await client.json<{ status: string }>(
        `/v1/workspaces/${team.workspaceId}/executions/${res.body.id}/cancel`,
        { method: "POST", token: team.member.token },
      );
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      expect(cancelled.body.status).toBe("cancelled");
      await client.settle();
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      const row = await executionRow(res.body.id);
      expect(row.status).toBe("cancelled");
      const again = await client.json(
        `/v1/workspaces/${team.workspaceId}/executions/${res.body.id}/cancel`,
        { method: "POST", token: team.member.token },
      );
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject(envelope("conflict"));
    } finally {
      target.setDelay(0);
    }
  });

  it("cancelling a Trigger.dev run asks Trigger.dev to cancel it", async () => {
    standIn.setTask(taskBody(target.host));
    const client = testClient(env());
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    target.setDelay(800);
    try {
      const res = await client.json<{ id: string }>(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
        { method: "POST", token: team.member.token, body: { input: { email: "remote@x.test" } } },
      );
      const running = await waitForStatus(res.body.id, ["running"]);
      const cancelled = await client.json(
        `/v1/workspaces/${team.workspaceId}/executions/${res.body.id}/cancel`,
        { method: "POST", token: team.member.token },
      );
      expect(cancelled.status).toBe(200);
      expect(standIn.cancels).toContain(running.run_id);
      await standIn.settle();
      expect((await executionRow(res.body.id)).status).toBe("cancelled");
    } finally {
      target.setDelay(0);
    }
  });
});

describe("refusals", () => {
  it("input that breaks the connector's schema is 400 and creates no row", async () => {
    const client = testClient({ ...env(), RUNNER: "inline" });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const res = await client.json<{ error: { details: { path: string }[] } }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      { method: "POST", token: team.member.token, body: { input: { score: "high" } } },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
    const [count] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions where connector_id = ${connectorId}`;
    expect(count?.n).toBe(0);
  });

  it("a disabled connector is 409, another workspace's contact 404, another's connector 404", async () => {
    const client = testClient({ ...env(), RUNNER: "inline" });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const other = await arrangeConnector(client, target.host, TOKEN);
    const url = `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`;
    const foreignContact = await client.json(url, {
      method: "POST",
      token: team.member.token,
      body: { input: { email: "a@b.test" }, contactId: other.contactId },
    });
    expect(foreignContact.status).toBe(404);
    const foreignConnector = await client.json(
      `/v1/workspaces/${team.workspaceId}/connectors/${other.connectorId}/executions`,
      { method: "POST", token: team.member.token, body: { input: { email: "a@b.test" } } },
    );
    expect(foreignConnector.status).toBe(404);
    const outsider = await client.json(url, {
      method: "POST",
      token: other.team.owner.token,
      body: { input: { email: "a@b.test" } },
    });
    expect(outsider.status).toBe(404);
    await client.json(`/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`, {
      method: "PATCH",
      token: team.member.token,
      body: { status: "disabled" },
    });
    const disabled = await client.json(url, {
      method: "POST",
      token: team.member.token,
      body: { input: { email: "a@b.test" } },
    });
    expect(disabled.status).toBe(409);
  });
});

describe("per-workspace concurrency (inline runner)", () => {
  it("never runs more than EXECUTION_CONCURRENCY_PER_WORKSPACE at once; the rest drain without a sweep", async () => {
    const overrides = { ...env(), RUNNER: "inline", EXECUTION_CONCURRENCY_PER_WORKSPACE: "2" };
    const client = testClient(overrides);
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    // Long enough that all five starts are accepted while the first two still run, even on a
    // loaded machine: the three others are deferred and wait, queued, for a free lane.
    target.setDelay(2_500);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await client.json<{ id: string }>(
          `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
          { method: "POST", token: team.member.token, body: { input: { email: `c${i}@x.test` } } },
        );
        ids.push(res.body.id);
      }
      const waiting = await Promise.all(ids.map(async (id) => (await executionRow(id)).status));
      expect(waiting.filter((s) => s === "queued").length).toBeGreaterThanOrEqual(3);
      let peak = 0;
      const watch = setInterval(async () => {
        const [row] = await adminSql()<{ n: number }[]>`
          select count(*)::int as n from connectors.connector_executions
          where connector_id = ${connectorId} and status = 'running'`;
        peak = Math.max(peak, row?.n ?? 0);
      }, 20);
      try {
        // The two lanes take the waiting rows as their runs end: no sweep runs here.
        await client.settle();
      } finally {
        clearInterval(watch);
      }
      const final = await Promise.all(ids.map(async (id) => (await executionRow(id)).status));
      expect(final).toEqual(["succeeded", "succeeded", "succeeded", "succeeded", "succeeded"]);
      expect(peak).toBeLessThanOrEqual(2);
    } finally {
      target.setDelay(0);
    }
  }, 90_000);
});
