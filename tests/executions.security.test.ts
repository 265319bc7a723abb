import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam, createUser } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
let connectorA: string;
let executionA: string;
let connectorB: string;
let executionB: string;

beforeAll(async () => {
  team = await createTeam();
  connectorA = await insertConnectorRow(team.workspaceId, "Workspace A connector");
  executionA = await insertExecution({
    workspaceId: team.workspaceId,
    connectorId: connectorA,
    status: "succeeded",
    durationMs: 10,
  });
  connectorB = await insertConnectorRow(team.otherWorkspaceId, "Workspace B connector");
  executionB = await insertExecution({
    workspaceId: team.otherWorkspaceId,
    connectorId: connectorB,
    status: "failed",
    durationMs: 20,
  });
});

const routesOfA = () => [
  `/v1/workspaces/${team.workspaceId}/connectors/${connectorA}/executions`,
  `/v1/workspaces/${team.workspaceId}/connectors/${connectorA}/stats`,
  `/v1/workspaces/${team.workspaceId}/executions/${executionA}`,
];

describe("workspace isolation", () => {
  it("a member of another workspace gets 404 on every execution route", async () => {
    for (const path of routesOfA()) {
      const res = await client.json(path, { token: team.outsider.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      expect(JSON.stringify(res.body)).not.toContain(executionA);
    }
  });

  it("an execution of workspace B requested through workspace A's path is 404", async () => {
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/executions/${executionB}`, {
      token: team.owner.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });

  it("a connector of workspace B requested through workspace A's path is 404", async () => {
    for (const suffix of ["executions", "stats"]) {
      const res = await client.json(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorB}/${suffix}`,
        { token: team.owner.token },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("the outsider cannot reach workspace A's rows through their own workspace's path", async () => {
    const own = `/v1/workspaces/${team.otherWorkspaceId}`;
    for (const path of [
      `${own}/executions/${executionA}`,
      `${own}/connectors/${connectorA}/executions`,
      `${own}/connectors/${connectorA}/stats`,
    ]) {
      const res = await client.json(path, { token: team.outsider.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
    // …while their own execution is there for them.
    const mine = await client.json(`${own}/executions/${executionB}`, {
      token: team.outsider.token,
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  });

  it("a user in no workspace at all gets 404, and no token gets 401", async () => {
    const loner = await createUser("loner");
    for (const path of routesOfA()) {
      const res = await client.json(path, { token: loner.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      const anonymous = await client.json(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject(envelope("unauthorized"));
    }
  });

  it("reading changes nothing: the rows and counters are as they were", async () => {
    const before = await adminSql()`
      select id, status, updated_at from connectors.connector_executions
      where id in (${executionA}, ${executionB}) order by id`;
    for (const path of routesOfA()) {
      await client.json(path, { token: team.outsider.token });
      await client.json(path, { token: team.member.token });
    }
    const after = await adminSql()`
      select id, status, updated_at from connectors.connector_executions
      where id in (${executionA}, ${executionB}) order by id`;
    expect(after).toEqual(before);
  });
});

describe("methods", () => {
  it("the read routes answer no write verbs", async () => {
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/executions/${executionA}`, {
      method: "DELETE",
      token: team.owner.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
    const row =
      await adminSql()`select 1 from connectors.connector_executions where id = ${executionA}`;
    expect(row).toHaveLength(1);
  });
});
