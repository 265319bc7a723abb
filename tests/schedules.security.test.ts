import { beforeEach, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow, insertContact } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
let connectorId: string;
let otherConnectorId: string;
const path = (ws = team.workspaceId, id = connectorId) =>
  `/v1/workspaces/${ws}/connectors/${id}/schedule`;

async function scheduleOf(id: string) {
  const [row] = await adminSql()<{ cron: string; contactId: string | null }[]>`
    select cron, contact_id as "contactId" from connectors.connector_schedules
    where connector_id = ${id}`;
  return row ?? null;
}

beforeEach(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId);
  otherConnectorId = await insertConnectorRow(team.otherWorkspaceId);
  await adminSql()`
    insert into connectors.connector_schedules (connector_id, workspace_id, cron)
    values (${otherConnectorId}, ${team.otherWorkspaceId}, '@daily')`;
});

describe("schedules across workspaces", () => {
  it("an outsider gets 404 on PUT, GET and DELETE, whatever the body", async () => {
    await client.json(path(), { method: "PUT", token: team.owner.token, body: { cron: "@daily" } });
    for (const body of [{ cron: "@hourly" }, { cron: "not a cron" }, "{bad json"]) {
      const res = await client.json(path(), { method: "PUT", token: team.outsider.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
    const read = await client.json(path(), { token: team.outsider.token });
    expect(read.status).toBe(404);
    const removed = await client.json(path(), { method: "DELETE", token: team.outsider.token });
    expect(removed.status).toBe(404);
    expect(await scheduleOf(connectorId)).toEqual({ cron: "@daily", contactId: null });
  });

  it("another workspace's connector id under one's own workspace is 404 and writes nothing", async () => {
    const put = await client.json(path(team.workspaceId, otherConnectorId), {
      method: "PUT",
      token: team.owner.token,
      body: { cron: "* * * * *" },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(404);
    const read = await client.json(path(team.workspaceId, otherConnectorId), {
      token: team.owner.token,
    });
    expect(read.status).toBe(404);
    const removed = await client.json(path(team.workspaceId, otherConnectorId), {
      method: "DELETE",
      token: team.owner.token,
    });
    expect(removed.status).toBe(404);
    expect(await scheduleOf(otherConnectorId)).toEqual({ cron: "@daily", contactId: null });
  });

  it("another workspace's contact is 404, like a contact that does not exist", async () => {
    const foreign = await insertContact(team.otherWorkspaceId, { email: "x@other.test" });
    const res = await client.json(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "@daily", contactId: foreign },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
    expect(await scheduleOf(connectorId)).toBeNull();
  });

  it("no token is 401", async () => {
    const res = await client.json(path(), { method: "PUT", body: { cron: "@daily" } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(envelope("unauthorized"));
  });

  it("every role of the workspace may edit, as for connectors (members included)", async () => {
    for (const user of [team.member, team.admin, team.owner]) {
      const res = await client.json(path(), {
        method: "PUT",
        token: user.token,
        body: { cron: "@hourly" },
      });
      expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
      const removed = await client.request(path(), { method: "DELETE", token: user.token });
      expect(removed.status).toBe(204);
    }
  });

  it("the sweeper's columns cannot be set through the API", async () => {
    const res = await client.json(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "@daily", lastExecutionId: crypto.randomUUID() },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(await scheduleOf(connectorId)).toBeNull();
  });
});
