// The sweeper at scale (README "Executions"): two sweeps at once over one backlog split it
// (every row dispatched exactly once, counted at the Trigger.dev stand-in), and one sweep keeps
// taking batches until the backlog is empty. The stand-in's runs-retrieve answer is the shape the
// SDK's runs.retrieve parses. Rows are dated an hour back and sweeps see only those.
import { auth, runs } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweep } from "../worker/services/sweeper.ts";
import { testEnv } from "./harness/app.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";
import { triggerConfig } from "./harness/trigger-config.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";

let standIn: TriggerStandIn;
const workspaces: string[] = [];

const config = () => triggerConfig(standIn);

const sweepOld = () =>
  sweep(config(), testEnv().HYPERDRIVE.connectionString, () => {}, {
    graceSeconds: 600,
    reconcileGraceSeconds: 600,
  });

/** A backlog of queued rows nobody dispatched, queued an hour ago. */
async function backlog(count: number) {
  const workspaceId = await createWorkspace("Backlog");
  workspaces.push(workspaceId);
  const connectorId = await insertConnectorRow(workspaceId);
  const ids = await Promise.all(
    Array.from({ length: count }, () => insertExecution({ workspaceId, connectorId })),
  );
  await adminSql()`update connectors.connector_executions
    set queued_at = now() - interval '1 hour' where workspace_id = ${workspaceId}`;
  return ids;
}

function dispatchesPerRow(ids: string[]) {
  const wanted = new Set(ids);
  const counts = new Map<string, number>();
  for (const call of standIn.calls) {
    const id = (call.payload as { executionId?: string }).executionId ?? "";
    if (wanted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return ids.map((id) => counts.get(id) ?? 0);
}

beforeAll(async () => {
  // Runs are accepted and kept queued: this suite counts dispatches, not executions.
  standIn = await startTriggerStandIn(async () => {});
  standIn.withhold("QUEUED");
});

afterAll(async () => {
  // Leave no queued row behind for another suite's sweeper to find.
  await adminSql()`update connectors.connector_executions set status = 'cancelled'
    where workspace_id = any(${workspaces}::uuid[]) and status in ('queued', 'running')`;
  await standIn.close();
});

describe("sweeps at scale", () => {
  it("two sweeps at once over a backlog of 250 dispatch every row exactly once", async () => {
    const ids = await backlog(250);
    const reports = await Promise.all([sweepOld(), sweepOld()]);
    // Another suite's sweeper (any age, its own stand-in) may take a few of these rows: a row is
    // then absent here but still dispatched once. Never twice, and none is left behind.
    const counts = dispatchesPerRow(ids);
    expect(counts.filter((n) => n > 1)).toEqual([]);
    const here = counts.filter((n) => n === 1).length;
    // At least: other suites' rows queued long ago may be in the same backlog.
    expect(reports.reduce((sum, r) => sum + r.dispatched, 0)).toBeGreaterThanOrEqual(here);
    const left = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where id = any(${ids}::uuid[]) and (run_id is null or sweep_lease_until is not null)`;
    expect(left[0]?.n).toBe(0);
    // Nothing left: a third sweep dispatches none of them again.
    await sweepOld();
    expect(dispatchesPerRow(ids)).toEqual(counts);
  });

  it("one sweep drains a backlog larger than a batch in a single invocation", async () => {
    const ids = await backlog(230);
    const report = await sweepOld();
    const counts = dispatchesPerRow(ids);
    expect(counts.filter((n) => n > 1)).toEqual([]);
    expect(report.dispatched).toBeGreaterThanOrEqual(counts.filter((n) => n === 1).length);
    const [left] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where id = any(${ids}::uuid[]) and run_id is null`;
    expect(left?.n).toBe(0);
  });

  it("the stand-in's runs-retrieve answer parses with the SDK's runs.retrieve", async () => {
    const [id] = await backlog(1);
    await sweepOld();
    const runId = standIn.calls.find(
      (c) => (c.payload as { executionId?: string }).executionId === id,
    )?.runId;
    expect(runId).toMatch(/^run_/);
    const run = await auth.withAuth({ secretKey: standIn.secretKey, baseURL: standIn.url }, () =>
      runs.retrieve(runId ?? ""),
    );
    expect(run).toMatchObject({ id: runId, status: "QUEUED", isQueued: true, isCompleted: false });
  });
});
