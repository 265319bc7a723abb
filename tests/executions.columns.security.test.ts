// docs/RELIABILITY.md: an execution's sealed tainted values (`step_taint`) and its lease
// bookkeeping are the runner's. A member reads them neither through the API nor with their token
// in plain SQL, while every API read of executions keeps working.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import { connectAsUser } from "./harness/as-user.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
const HIDDEN = ["step_taint", "lease_id", "heartbeat_at", "sweep_lease_until"] as const;
const SEALED = "sealed-ciphertext-7f3a9c1e";

const client = testClient();
let team: Team;
let connectorId: string;
let executionId: string;
let member: postgres.Sql;

beforeAll(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId, "Columns connector");
  executionId = await insertExecution({
    workspaceId: team.workspaceId,
    connectorId,
    status: "running",
    createdBy: team.member.id,
  });
  const taint = { s1: { taint: ["example_token"], ciphertext: SEALED, keyVersion: 1 } };
  await adminSql()`
    update connectors.connector_executions
    set step_taint = ${adminSql().json(taint)}, lease_id = gen_random_uuid(),
        heartbeat_at = now(), sweep_lease_until = now()
    where id = ${executionId}`;
  member = connectAsUser(team.member.id);
});

afterAll(async () => {
  await member.end({ timeout: 5 });
  await adminSql()`update connectors.connector_executions set status = 'cancelled'
    where id = ${executionId}`;
});

function sqlState(error: unknown): string {
  return String((error as { code?: unknown }).code ?? error);
}

describe("runner-only columns of an execution", () => {
  it.each(HIDDEN)("a member's token cannot select %s of their own execution", async (column) => {
    const refused = await member`
      select ${member(column)} from connectors.connector_executions where id = ${executionId}`.then(
      () => null,
      sqlState,
    );
    expect(refused).toBe("42501");
  });

  it("a member's token cannot read the whole row, as columns or as one value", async () => {
    for (const query of [
      member`select * from connectors.connector_executions where id = ${executionId}`,
      member`select to_jsonb(e) from connectors.connector_executions e where e.id = ${executionId}`,
    ]) {
      expect(await query.then(() => null, sqlState)).toBe("42501");
    }
  });

  it("a member's token still reads the columns the API shows", async () => {
    const rows = await member<{ id: string; status: string }[]>`
      select id, status, step_results, definition, claimed_at, redispatches
      from connectors.connector_executions where id = ${executionId}`;
    expect(rows.map((r) => [r.id, r.status])).toEqual([[executionId, "running"]]);
  });

  it("the API's execution reads answer and name none of them", async () => {
    for (const path of [
      `/v1/workspaces/${team.workspaceId}/executions/${executionId}`,
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/stats`,
    ]) {
      const res = await client.json(path, { token: team.member.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(SEALED);
      for (const name of ["stepTaint", "step_taint", "leaseId", "heartbeatAt", "sweepLease"]) {
        expect(text).not.toContain(name);
      }
    }
  });
});
