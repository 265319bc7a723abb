import { Cron } from "croner";
import { beforeEach, describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow, insertContact } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Schedule = Record<string, unknown> & { nextRunAt: string; updatedAt: string };

const client = testClient();
let team: Team;
let connectorId: string;
const path = () => `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/schedule`;

const FIELDS = [
  "connectorId",
  "contactId",
  "createdAt",
  "cron",
  "enabled",
  "input",
  "lastExecutionId",
  "lastRunAt",
  "nextRunAt",
  "timezone",
  "updatedAt",
];

/** croner's next run after each instant: the answer was computed at one of them. */
function libraryNext(cron: string, timezone: string, instants: Date[]): string[] {
  const job = new Cron(cron, { timezone, mode: "5-part" });
  return instants.map((at) => job.nextRun(at)?.toISOString() ?? "none");
}

beforeEach(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId);
});

describe("PUT/GET/DELETE …/connectors/:id/schedule", () => {
  it("a member creates a schedule: 201 with exactly the documented fields", async () => {
    const before = new Date();
    const res = await client.json<Schedule>(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "0 2 * * *", timezone: "Europe/Berlin" },
    });
    const after = new Date();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(FIELDS);
    expect(res.body).toMatchObject({
      connectorId,
      cron: "0 2 * * *",
      timezone: "Europe/Berlin",
      input: {},
      contactId: null,
      enabled: true,
      lastRunAt: null,
      lastExecutionId: null,
    });
    expect(libraryNext("0 2 * * *", "Europe/Berlin", [before, after])).toContain(
      res.body.nextRunAt,
    );
    expect(Date.parse(res.body.nextRunAt)).toBeGreaterThan(after.getTime() - 1);
  });

  it("the time zone defaults to UTC and aliases are accepted", async () => {
    const res = await client.json<Schedule>(path(), {
      method: "PUT",
      token: team.owner.token,
      body: { cron: "@hourly" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.timezone).toBe("UTC");
    expect(new Date(res.body.nextRunAt).getUTCMinutes()).toBe(0);
  });

  it("a second PUT replaces the schedule with 200 and GET reads it back", async () => {
    const contactId = await insertContact(team.workspaceId, { email: "ada@lovelace.test" });
    const first = await client.json<Schedule>(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "*/5 * * * *" },
    });
    expect(first.status).toBe(201);
    const replaced = await client.json<Schedule>(path(), {
      method: "PUT",
      token: team.admin.token,
      body: {
        cron: "30 8 * * MON-FRI",
        timezone: "America/New_York",
        input: { email: "ada@lovelace.test" },
        contactId,
        enabled: false,
      },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({
      cron: "30 8 * * MON-FRI",
      timezone: "America/New_York",
      input: { email: "ada@lovelace.test" },
      contactId,
      enabled: false,
      createdAt: first.body.createdAt,
    });
    const read = await client.json<Schedule>(path(), { token: team.member.token });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect({ ...read.body, nextRunAt: null }).toEqual({ ...replaced.body, nextRunAt: null });
    expect(Date.parse(read.body.nextRunAt)).toBeGreaterThan(Date.now() - 1);
  });

  it("the zone is stored under its canonical name", async () => {
    const res = await client.json<Schedule>(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "0 0 * * *", timezone: "utc" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.timezone).toBe("UTC");
  });

  it("GET answers 404 when the connector has no schedule, and after DELETE (204)", async () => {
    const none = await client.json(path(), { token: team.member.token });
    expect(none.status, JSON.stringify(none.body)).toBe(404);
    await client.json(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "@daily" },
    });
    const removed = await client.request(path(), { method: "DELETE", token: team.member.token });
    expect(removed.status).toBe(204);
    expect((await client.json(path(), { token: team.member.token })).status).toBe(404);
  });

  it("create, replace and delete are in the workspace's audit log with the actor", async () => {
    await client.json(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "@daily" },
    });
    await client.json(path(), {
      method: "PUT",
      token: team.admin.token,
      body: { cron: "@hourly" },
    });
    await client.request(path(), { method: "DELETE", token: team.owner.token });
    const rows = await adminSql()<{ action: string; actorId: string; targetId: string }[]>`
      select action, actor_id as "actorId", target_id as "targetId" from connectors.audit_log
      where workspace_id = ${team.workspaceId} and target_type = 'schedule'
      order by created_at, id`;
    expect(rows).toEqual([
      { action: "schedule.create", actorId: team.member.id, targetId: connectorId },
      { action: "schedule.replace", actorId: team.admin.id, targetId: connectorId },
      { action: "schedule.delete", actorId: team.owner.id, targetId: connectorId },
    ]);
  });

  it("a schedule goes when its connector is deleted", async () => {
    await client.json(path(), {
      method: "PUT",
      token: team.member.token,
      body: { cron: "@daily" },
    });
    const deleted = await client.request(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`,
      { method: "DELETE", token: team.owner.token },
    );
    expect(deleted.status).toBe(204);
    const rows = await adminSql()`
      select 1 from connectors.connector_schedules where connector_id = ${connectorId}`;
    expect(rows).toHaveLength(0);
  });
});
