// Claims racing for a workspace's last slots (README "Executions", docs/SECURITY.md): many runs
// claim at the same moment on separate connections; the per-workspace limit holds exactly, a full
// workspace answers "busy" without taking its lock, and every row is claimed at most once.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { claimExecution } from "../execution/claim.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

let sql: postgres.Sql;
const workspaces: string[] = [];

beforeAll(() => {
  sql = postgres(inject("apiLoginUrl"), { max: 24, onnotice: () => {} });
});

afterAll(async () => {
  // Leave no queued row behind for another suite's sweeper to find.
  await adminSql()`update connectors.connector_executions set status = 'cancelled'
    where workspace_id = any(${workspaces}::uuid[]) and status in ('queued', 'running')`;
  await sql.end({ timeout: 2 });
});

async function queued(count: number) {
  const workspaceId = await createWorkspace("Claims");
  workspaces.push(workspaceId);
  const connectorId = await insertConnectorRow(workspaceId);
  const ids = await Promise.all(
    Array.from({ length: count }, () => insertExecution({ workspaceId, connectorId })),
  );
  return { workspaceId, ids };
}

describe("concurrent claims", () => {
  it("24 runs claiming at once in one workspace: exactly the limit claim, the rest are busy", async () => {
    const { workspaceId, ids } = await queued(24);
    const results = await Promise.all(
      ids.map((executionId, i) =>
        claimExecution(sql, {
          executionId,
          runId: `run_race_${i}`,
          runner: "inline",
          staleClaimSeconds: 360,
          concurrencyLimit: 3,
        }),
      ),
    );
    const claimed = results.filter((r) => r !== null && r !== "busy");
    expect(claimed).toHaveLength(3);
    expect(results.filter((r) => r === "busy")).toHaveLength(21);
    const [running] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where workspace_id = ${workspaceId} and status = 'running'`;
    expect(running?.n).toBe(3);
  });

  it("the same row claimed by many runs at once is claimed once", async () => {
    const { ids } = await queued(1);
    const executionId = ids[0] ?? "";
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        claimExecution(sql, {
          executionId,
          runId: `run_dup_${i}`,
          runner: "inline",
          staleClaimSeconds: 360,
          concurrencyLimit: 10,
        }),
      ),
    );
    expect(results.filter((r) => r !== null && r !== "busy")).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(11);
  });

  it("a finished execution is not claimable (null), a full workspace is busy", async () => {
    const workspaceId = await createWorkspace("Claims full");
    workspaces.push(workspaceId);
    const connectorId = await insertConnectorRow(workspaceId);
    const done = await insertExecution({ workspaceId, connectorId, status: "succeeded" });
    const live = await insertExecution({
      workspaceId,
      connectorId,
      status: "running",
      runId: "run_live",
    });
    await adminSql()`update connectors.connector_executions set claimed_at = now() where id = ${live}`;
    const waiting = await insertExecution({ workspaceId, connectorId });
    const claim = (executionId: string) =>
      claimExecution(sql, {
        executionId,
        runId: "run_new",
        runner: "inline",
        staleClaimSeconds: 360,
        concurrencyLimit: 1,
      });
    expect(await claim(done)).toBeNull();
    expect(await claim(waiting)).toBe("busy");
  });
});
