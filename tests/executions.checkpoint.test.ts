// A step checkpoint is written once per step and only under the run's own lease — and a retry
// whose first try committed but lost its reply (a connection cut after COMMIT) is told "yours",
// not "lease lost": the run must not stop for a write that did land.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appendStepResult, finishExecution } from "../execution/checkpoint.ts";
import { claimExecution } from "../execution/claim.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

let sql: postgres.Sql;

beforeAll(() => {
  sql = postgres(inject("apiLoginUrl"), { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await sql.end({ timeout: 2 });
});

async function claimed() {
  const workspaceId = await createWorkspace("Checkpoint workspace");
  const connectorId = await insertConnectorRow(workspaceId);
  const executionId = await insertExecution({ workspaceId, connectorId });
  const claim = await claimExecution(sql, {
    executionId,
    runId: `run_${crypto.randomUUID()}`,
    runner: "inline",
    staleClaimSeconds: 360,
  });
  if (!claim || typeof claim === "string") throw new Error("not claimed");
  return { executionId, lease: claim.lease };
}

const result = (id: string) => ({ id, status: "succeeded", attempts: 1 });

async function stepIds(executionId: string) {
  const [row] = await adminSql()<{ ids: string[] }[]>`
    select coalesce(array_agg(r ->> 'id'), '{}') as ids
    from connectors.connector_executions e, jsonb_array_elements(e.step_results) r
    where e.id = ${executionId}`;
  return row?.ids ?? [];
}

describe("appendStepResult", () => {
  it("appends entry i only when exactly i are there; the same write again is acknowledged, not doubled", async () => {
    const { executionId, lease } = await claimed();
    const write = (index: number, stepId: string) =>
      appendStepResult(sql, {
        executionId,
        lease,
        index,
        stepId,
        result: result(stepId),
        sealedTaint: null,
      });
    expect(await write(0, "first")).toBe(true);
    // The retry of a write whose reply was lost: acknowledged, and nothing is added.
    expect(await write(0, "first")).toBe(true);
    expect(await stepIds(executionId)).toEqual(["first"]);
    // Another step at a taken index, or one skipping ahead, is refused.
    expect(await write(0, "other")).toBe(false);
    expect(await write(2, "third")).toBe(false);
    expect(await write(1, "second")).toBe(true);
    expect(await stepIds(executionId)).toEqual(["first", "second"]);
  });

  it("refuses every write under a lease the row no longer holds, even one matching its entry", async () => {
    const { executionId, lease } = await claimed();
    const args = { executionId, index: 0, stepId: "first", result: result("first") };
    expect(await appendStepResult(sql, { ...args, lease, sealedTaint: null })).toBe(true);
    // Taken over: a new claim draws a new lease.
    await adminSql()`
      update connectors.connector_executions set lease_id = gen_random_uuid()
      where id = ${executionId}`;
    expect(await appendStepResult(sql, { ...args, lease, sealedTaint: null })).toBe(false);
    expect(
      await appendStepResult(sql, {
        ...args,
        index: 1,
        stepId: "second",
        result: result("second"),
        lease,
        sealedTaint: null,
      }),
    ).toBe(false);
    expect(await stepIds(executionId)).toEqual(["first"]);
  });

  it("a finish retried after its lost reply is acknowledged; under another lease it is refused", async () => {
    const { executionId, lease } = await claimed();
    const finish = (withLease: string) =>
      finishExecution(sql, {
        executionId,
        lease: withLease,
        status: "succeeded",
        output: {},
        error: null,
        durationMs: 5,
        contact: null,
      });
    expect(await finish(lease)).toBe(true);
    expect(await finish(lease)).toBe(true);
    expect(await finish(crypto.randomUUID())).toBe(false);
    const [row] = await adminSql()<{ status: string }[]>`
      select status from connectors.connector_executions where id = ${executionId}`;
    expect(row?.status).toBe("succeeded");
  });
});
