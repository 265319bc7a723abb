// The execution path when Trigger.dev misbehaves (docs/RELIABILITY.md), against the stand-in's
// faults: a trigger call answered 5xx or 429, a run accepted whose answer never comes, two runs
// for one execution, and an attempt killed mid-step and retried. In each the execution ends once
// and the vendor is called once per step (the step in flight at a kill excepted). Rows swept here
// are dated an hour back and sweeps see only those (other suites' rows are never touched).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../worker/env.ts";
import { dispatch, TRIGGER_CALL_TIMEOUT_MS } from "../worker/services/dispatch.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { testClient, testEnv } from "./harness/app.ts";
import { arrangeConnector, executionRow, taskBody, waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";

const TOKEN = "tok_tfaults_6a7b8c9d0e1f2a3b";
const FAST_RETRY = { maxAttempts: 3, minTimeoutInMs: 50, maxTimeoutInMs: 200, factor: 2 };
let target: TestTarget;
let standIn: TriggerStandIn;
const mine: string[] = [];
const env = () => ({
  OUTBOUND_ALLOW_HOSTS: target.host,
  RUNNER: "trigger",
  TRIGGER_SECRET_KEY: standIn.secretKey,
  TRIGGER_API_URL: standIn.url,
});

function config() {
  const parsed = parseConfig(testEnv(env()));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

/** A sweep that only sees rows older than ten minutes: the ones this suite dates back. */
async function sweepOld() {
  const pending: Promise<unknown>[] = [];
  const report = await sweep(
    config(),
    testEnv().HYPERDRIVE.connectionString,
    (p) => pending.push(p),
    {
      graceSeconds: 600,
      reconcileGraceSeconds: 600,
    },
  );
  await Promise.all(pending);
  return report;
}

async function age(id: string) {
  await adminSql()`update connectors.connector_executions
    set queued_at = now() - interval '1 hour' where id = ${id}`;
}

/** Starts an execution through the API for `who` (the target's person id is p_<who>). */
async function start(who: string) {
  const client = testClient(env());
  const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
  const res = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
    { method: "POST", token: team.member.token, body: { input: { email: `${who}@x.test` } } },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  mine.push(res.body.id);
  return { id: res.body.id, workspaceId: team.workspaceId, connectorId };
}

const callsFor = (id: string) =>
  standIn.calls.filter((c) => (c.payload as { executionId?: string }).executionId === id);

/** Vendor calls per step of the example connector for `who`. */
const vendorCalls = (who: string) => ({
  find: target.hits(`/v1/people?email=${who}`),
  tag: target.hits(`/v1/people/p_${who}/tags`),
});

/** Runs triggered from now on wait to start until the returned function is called. */
function holdRuns() {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const body = taskBody(target.host);
  standIn.setTask(async (payload, run) => {
    await held;
    return body(payload, run);
  });
  return release;
}

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  standIn = await startTriggerStandIn(taskBody("placeholder"), { retry: FAST_RETRY });
});

afterAll(async () => {
  await adminSql()`update connectors.connector_executions set status = 'cancelled'
    where id = any(${mine}::uuid[]) and status in ('queued', 'running')`;
  await target.close();
  await standIn.close();
});

describe("the trigger call fails", () => {
  it("5xx on every try: 202, queued with no run; the sweeper dispatches it once, each step once", async () => {
    standIn.setTask(taskBody(target.host));
    // The dispatch's SDK call tries twice.
    standIn.failNext(2, { status: 503 });
    const { id } = await start("fivexx");
    expect(await executionRow(id)).toMatchObject({ status: "queued", run_id: null, attempts: 0 });
    expect(callsFor(id)).toEqual([]);
    await age(id);
    const report = await sweepOld();
    expect(report.dispatched).toBeGreaterThanOrEqual(1);
    await standIn.settle();
    const row = await waitForStatus(id, ["succeeded", "failed"]);
    expect(row.status).toBe("succeeded");
    expect(callsFor(id).map((c) => [c.rawIdempotencyKey, c.cached])).toEqual([[id, false]]);
    expect(row.run_id).toBe(callsFor(id)[0]?.runId);
    expect(vendorCalls("fivexx")).toEqual({ find: 1, tag: 1 });
  });

  it("a 429 with a reset time: the trigger call waits and tries again, and the run is recorded", async () => {
    standIn.setTask(taskBody(target.host));
    standIn.failNext(1, { status: 429, retryAfterMs: 300 });
    const { id } = await start("ratelimited");
    expect(standIn.faults.at(-1)).toMatchObject({ kind: "refused", status: 429, executionId: id });
    await standIn.settle();
    const row = await waitForStatus(id, ["succeeded", "failed"]);
    expect(row).toMatchObject({ status: "succeeded", run_id: callsFor(id)[0]?.runId });
    expect(callsFor(id)).toHaveLength(1);
    expect(vendorCalls("ratelimited")).toEqual({ find: 1, tag: 1 });
  });
});

describe("accepted, then no answer", () => {
  it(
    "the start gives up after the timeout; the sweeper's dispatch under the same key gets the same run back",
    async () => {
      // The run exists but does not claim its row before the sweep (Trigger.dev's queue is slow).
      const release = holdRuns();
      standIn.hangNext(1);
      // The stand-in never answers this call: the 202 comes from the dispatch giving up.
      const { id } = await start("hung");
      const hung = standIn.faults.at(-1);
      expect(hung).toMatchObject({ kind: "hung", executionId: id });
      expect(await executionRow(id)).toMatchObject({ status: "queued", run_id: null });
      await age(id);
      await sweepOld();
      const calls = callsFor(id);
      expect(calls.map((c) => [c.rawIdempotencyKey, c.cached, c.runId])).toEqual([
        [id, false, hung?.runId],
        [id, true, hung?.runId],
      ]);
      expect((await executionRow(id)).run_id).toBe(hung?.runId);
      release();
      await standIn.settle();
      const row = await waitForStatus(id, ["succeeded", "failed"]);
      expect(row).toMatchObject({ status: "succeeded", run_id: hung?.runId, attempts: 1 });
      expect(vendorCalls("hung")).toEqual({ find: 1, tag: 1 });
    },
    TRIGGER_CALL_TIMEOUT_MS + 30_000,
  );
});

describe("two runs for one execution", () => {
  it("the claim makes the second a no-op: one run executes, each step is called once", async () => {
    const release = holdRuns();
    const { id, workspaceId, connectorId } = await start("twice");
    const second = await dispatch(
      { executionId: id, workspaceId, connectorId, trigger: "api", idempotencyKey: `${id}:second` },
      {
        config: config(),
        connectionString: testEnv().HYPERDRIVE.connectionString,
        waitUntil: () => {},
      },
    );
    expect(second.ok).toBe(true);
    const runIds = callsFor(id).map((c) => c.runId);
    expect(new Set(runIds).size).toBe(2);
    release();
    await standIn.settle();
    const row = await waitForStatus(id, ["succeeded", "failed"]);
    expect(row.status).toBe("succeeded");
    expect(runIds).toContain(row.run_id);
    expect(runIds.map((runId) => standIn.statusOf(runId))).toEqual(["COMPLETED", "COMPLETED"]);
    expect(row.attempts).toBe(1);
    expect(vendorCalls("twice")).toEqual({ find: 1, tag: 1 });
  });
});

describe("an attempt killed mid-run", () => {
  it("is retried by Trigger.dev and resumes after the last committed step", async () => {
    standIn.setTask(taskBody(target.host));
    // Slow answers, so the kill lands while the second step is in flight.
    target.setDelay(1_000);
    try {
      const { id } = await start("killed");
      await expect.poll(() => vendorCalls("killed").tag, { timeout: 15_000, interval: 20 }).toBe(1);
      const runId = (await executionRow(id)).run_id ?? "";
      expect(standIn.kill(runId)).toBe(true);
      await standIn.settle();
      const row = await waitForStatus(id, ["succeeded", "failed"], 20_000);
      expect(row).toMatchObject({ status: "succeeded", run_id: runId, attempts: 2 });
      expect(row.step_results.map((s) => s.id)).toEqual(["find", "tag"]);
      expect(standIn.statusOf(runId)).toBe("COMPLETED");
      // The committed step once; the one in flight at the kill twice (once per attempt).
      expect(vendorCalls("killed")).toEqual({ find: 1, tag: 2 });
    } finally {
      target.setDelay(0);
    }
  });
});
