// Reconciliation (README "Executions"): a queued row whose run died before claiming it gets a new
// run under a new idempotency key, at most MAX_REDISPATCHES times; a live run is left alone.
// Sweeps only look at rows dated an hour back, so other suites' fresh rows are never touched
// (and other suites' sweeps reconcile nothing: tests/harness/app.ts sets a day's grace).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REDISPATCHES } from "../execution/sweep-batches.ts";
import { parseConfig } from "../worker/env.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { testClient, testEnv } from "./harness/app.ts";
import { arrangeConnector, executionRow, taskBody, waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";

const TOKEN = "tok_reconcile_5e6f7a8b9c0d1e2f";
let target: TestTarget;
let standIn: TriggerStandIn;
const mine: string[] = [];
const env = (runner = "trigger") => ({
  OUTBOUND_ALLOW_HOSTS: target.host,
  RUNNER: runner,
  TRIGGER_SECRET_KEY: standIn.secretKey,
  TRIGGER_API_URL: standIn.url,
});

/** A sweep that only sees rows older than ten minutes: the ones this suite dates back. */
async function sweepOld(runner = "trigger") {
  const parsed = parseConfig(testEnv(env(runner)));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const pending: Promise<unknown>[] = [];
  const report = await sweep(
    parsed.config,
    testEnv().HYPERDRIVE.connectionString,
    (p) => pending.push(p),
    { graceSeconds: 600, reconcileGraceSeconds: 600 },
  );
  await Promise.all(pending);
  return report;
}

/** Dates a row's queueing and dispatch an hour back, as if its run had long had its chance. */
async function age(id: string) {
  await adminSql()`
    update connectors.connector_executions
    set queued_at = now() - interval '1 hour', dispatched_at = now() - interval '1 hour'
    where id = ${id}`;
}

async function redispatches(id: string) {
  const [row] = await adminSql()<{ redispatches: number; dispatched_at: Date | null }[]>`
    select redispatches, dispatched_at from connectors.connector_executions where id = ${id}`;
  return row;
}

function callsFor(id: string) {
  return standIn.calls.filter((c) => (c.payload as { executionId?: string }).executionId === id);
}

/** Starts an execution through the API while the stand-in withholds its run. */
async function startWithheld(status: "EXPIRED" | "CRASHED" | "QUEUED" | "DELAYED") {
  const client = testClient(env());
  const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
  standIn.withhold(status);
  try {
    const res = await client.json<{ id: string; runId: string | null }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      { method: "POST", token: team.member.token, body: { input: { email: "lost@x.test" } } },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    mine.push(res.body.id);
    const row = await executionRow(res.body.id);
    expect(row).toMatchObject({ status: "queued", runner: "trigger" });
    expect(row.run_id).toMatch(/^run_/);
    return { id: res.body.id, runId: row.run_id ?? "" };
  } finally {
    standIn.withhold(null);
  }
}

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  standIn = await startTriggerStandIn(taskBody("placeholder"));
});

afterAll(async () => {
  // Leave no queued row behind for another suite's sweeper to find.
  await adminSql()`update connectors.connector_executions set status = 'cancelled'
    where id = any(${mine}::uuid[]) and status in ('queued', 'running')`;
  await target.close();
  await standIn.close();
});

describe("a Trigger.dev run that dies before it claims", () => {
  it.each(["EXPIRED", "CRASHED"] as const)(
    "a %s run is replaced under a new key and the execution finishes once",
    async (lost) => {
      standIn.setTask(taskBody(target.host));
      const { id, runId } = await startWithheld(lost);
      expect(standIn.statusOf(runId)).toBe(lost);
      await age(id);
      const report = await sweepOld();
      await standIn.settle();
      // Before reconciliation this row stayed queued forever: the wait timed out here.
      const row = await waitForStatus(id, ["succeeded", "failed"]);
      expect(row.status).toBe("succeeded");
      expect(report.redispatched).toBeGreaterThanOrEqual(1);
      expect(standIn.retrievals).toContain(runId);
      const runs = callsFor(id);
      expect(runs.map((c) => c.rawIdempotencyKey)).toEqual([id, `${id}:r1`]);
      expect(row.run_id).toBe(runs[1]?.runId);
      expect((await redispatches(id))?.redispatches).toBe(1);
      expect(target.hits("/v1/people?email=lost")).toBeGreaterThanOrEqual(1);
    },
  );

  it("a run the API does not know (404) is replaced too", async () => {
    standIn.setTask(taskBody(target.host));
    const { id } = await startWithheld("QUEUED");
    await adminSql()`update connectors.connector_executions set run_id = 'run_never_existed'
      where id = ${id}`;
    await age(id);
    await sweepOld();
    expect(standIn.retrievals).toContain("run_never_existed");
    await standIn.settle();
    expect((await waitForStatus(id, ["succeeded", "failed"])).status).toBe("succeeded");
  });

  it.each(["QUEUED", "DELAYED"] as const)(
    "a %s run is alive: the row is left as it is and checked again after the grace period",
    async (alive) => {
      const { id, runId } = await startWithheld(alive);
      await age(id);
      await sweepOld();
      expect(standIn.retrievals).toContain(runId);
      const row = await executionRow(id);
      expect(row).toMatchObject({ status: "queued", run_id: runId, attempts: 0 });
      expect(callsFor(id).map((c) => c.rawIdempotencyKey)).toEqual([id]);
      const after = await redispatches(id);
      expect(after?.redispatches).toBe(0);
      // Confirmed just now: the next sweep does not ask again before the grace period.
      expect(Date.now() - (after?.dispatched_at?.getTime() ?? 0)).toBeLessThan(600_000);
      const asked = standIn.retrievals.filter((r) => r === runId).length;
      await sweepOld();
      expect(standIn.retrievals.filter((r) => r === runId)).toHaveLength(asked);
    },
  );

  it(`a row whose runs keep dying fails after ${MAX_REDISPATCHES} replacements`, async () => {
    const { id } = await startWithheld("CRASHED");
    standIn.withhold("CRASHED");
    try {
      for (let i = 1; i <= MAX_REDISPATCHES; i++) {
        await age(id);
        await sweepOld();
        const row = await executionRow(id);
        expect(row.status).toBe("queued");
        expect((await redispatches(id))?.redispatches).toBe(i);
      }
      await age(id);
      const report = await sweepOld();
      expect(report.abandoned).toBeGreaterThanOrEqual(1);
    } finally {
      standIn.withhold(null);
    }
    const row = await executionRow(id);
    expect(row.status).toBe("failed");
    expect(row.error?.kind).toBe("timeout");
    expect(row.error?.message).toContain("lost this execution");
    const keys = callsFor(id).map((c) => c.rawIdempotencyKey);
    expect(keys).toEqual([id, `${id}:r1`, `${id}:r2`, `${id}:r3`]);
    // Ended: nothing more happens to it.
    await age(id);
    await sweepOld();
    expect(await executionRow(id)).toMatchObject({ status: "failed" });
  });
});

describe("an inline run that dies before it claims", () => {
  it("its queued row is dispatched again and finishes", async () => {
    const client = testClient(env("inline"));
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const [inserted] = await adminSql()<{ id: string }[]>`
      insert into connectors.connector_executions (workspace_id, connector_id, input, created_by)
      values (${team.workspaceId}, ${connectorId}, ${adminSql().json({ email: "isolate@x.test" })},
              ${team.member.id})
      returning id`;
    const id = inserted?.id ?? "";
    mine.push(id);
    // The isolate that held this run is gone: the row keeps its run id and stays queued.
    await adminSql()`update connectors.connector_executions
      set runner = 'inline', run_id = 'inline_gone' where id = ${id}`;
    await age(id);
    const report = await sweepOld("inline");
    const row = await waitForStatus(id, ["succeeded", "failed"]);
    expect(row.status).toBe("succeeded");
    expect(report.redispatched).toBeGreaterThanOrEqual(1);
    expect(row.run_id).toMatch(/^inline_(?!gone)/);
    expect((await redispatches(id))?.redispatches).toBe(1);
  });
});
