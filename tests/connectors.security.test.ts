import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let connectorId: string;
const client = testClient();

beforeAll(async () => {
  team = await createTeam();
  const res = await client.json<Connector>(`/v1/workspaces/${team.workspaceId}/connectors`, {
    method: "POST",
    token: team.owner.token,
    body: { name: "Private", definition: simpleDefinition() },
  });
  connectorId = res.body.id;
});

async function snapshot() {
  return adminSql()`select id, workspace_id, name, definition, status from connectors.connectors
    where workspace_id in (${team.workspaceId}, ${team.otherWorkspaceId}) order by id`;
}

describe("workspace isolation", () => {
  it("an outsider gets 404 for every verb on another workspace's connectors and changes nothing", async () => {
    const before = await snapshot();
    const ws = team.workspaceId;
    const attempts = await Promise.all([
      client.json(`/v1/workspaces/${ws}/connectors`, { token: team.outsider.token }),
      client.json(`/v1/workspaces/${ws}/connectors`, {
        method: "POST",
        token: team.outsider.token,
        body: { name: "Planted", definition: simpleDefinition() },
      }),
      client.json(`/v1/workspaces/${ws}/connectors/${connectorId}`, { token: team.outsider.token }),
      client.json(`/v1/workspaces/${ws}/connectors/${connectorId}`, {
        method: "PATCH",
        token: team.outsider.token,
        body: { name: "Hijacked" },
      }),
      client.json(`/v1/workspaces/${ws}/connectors/${connectorId}`, {
        method: "DELETE",
        token: team.outsider.token,
      }),
    ]);
    for (const res of attempts) {
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a connector addressed through the caller's own workspace but owned by another is 404", async () => {
    const before = await snapshot();
    const own = `/v1/workspaces/${team.otherWorkspaceId}/connectors/${connectorId}`;
    for (const init of [
      {},
      { method: "PATCH", body: { name: "Hijacked" } },
      { method: "DELETE" },
    ]) {
      const res = await client.json(own, { token: team.outsider.token, ...init });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("the outsider's list never shows the other workspace's connectors", async () => {
    const res = await client.json<{ data: Connector[] }>(
      `/v1/workspaces/${team.otherWorkspaceId}/connectors`,
      { token: team.outsider.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.map((c) => c.id)).not.toContain(connectorId);
  });

  it("a member removed from the workspace is refused at once", async () => {
    const leaving = team.member;
    const url = `/v1/workspaces/${team.workspaceId}/connectors`;
    expect((await client.json(url, { token: leaving.token })).status).toBe(200);
    await adminSql()`delete from connectors.workspace_members
      where workspace_id = ${team.workspaceId} and user_id = ${leaving.id}`;
    const res = await client.json(url, { token: leaving.token });
    expect(res.status).toBe(404);
  });

  it("a non-UUID workspace id is 404, not a database error", async () => {
    const res = await client.json("/v1/workspaces/../connectors", { token: team.owner.token });
    expect(res.status).toBe(404);
    const res2 = await client.json("/v1/workspaces/x'or'1'='1/connectors", {
      token: team.owner.token,
    });
    expect(res2.status).toBe(404);
  });
});

describe("who may delete a connector", () => {
  // A team of its own: another test here removes the shared team's member.
  let team: Team;
  beforeAll(async () => {
    team = await createTeam();
  });

  async function createAs(token: string, name: string): Promise<string> {
    const res = await client.json<Connector>(`/v1/workspaces/${team.workspaceId}/connectors`, {
      method: "POST",
      token,
      body: { name, definition: simpleDefinition() },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  async function remaining(ids: string[]): Promise<string[]> {
    const rows = await adminSql()<{ id: string }[]>`
      select id from connectors.connectors where id in ${adminSql()(ids)} order by id`;
    return rows.map((row) => row.id);
  }

  it("a member gets 403 deleting a connector someone else created, and it stays", async () => {
    const byOwner = await createAs(team.owner.token, "Owner's");
    const byAdmin = await createAs(team.admin.token, "Admin's");
    const [orphan] = await adminSql()<{ id: string }[]>`
      insert into connectors.connectors (workspace_id, name, definition)
      values (${team.workspaceId}, 'Creator gone', ${adminSql().json(simpleDefinition())})
      returning id`;
    const ids = [byOwner, byAdmin, orphan?.id ?? ""];
    for (const id of ids) {
      const res = await client.json(`/v1/workspaces/${team.workspaceId}/connectors/${id}`, {
        method: "DELETE",
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject(envelope("forbidden"));
    }
    expect(await remaining(ids)).toEqual([...ids].sort());
    const audit = await adminSql()`
      select 1 from connectors.audit_log
      where action = 'connector.delete' and target_id in ${adminSql()(ids)}`;
    expect(audit).toHaveLength(0);
  });

  it("a member deletes a connector they created; admins and owners delete anyone's", async () => {
    const mine = await createAs(team.member.token, "Mine");
    const forAdmin = await createAs(team.member.token, "Member's, for the admin");
    const forOwner = await createAs(team.admin.token, "Admin's, for the owner");
    for (const [id, token] of [
      [mine, team.member.token],
      [forAdmin, team.admin.token],
      [forOwner, team.owner.token],
    ] as const) {
      const res = await client.request(`/v1/workspaces/${team.workspaceId}/connectors/${id}`, {
        method: "DELETE",
        token,
      });
      expect(res.status).toBe(204);
    }
    expect(await remaining([mine, forAdmin, forOwner])).toEqual([]);
  });

  it("a connector that does not exist is still 404 to a member, not 403", async () => {
    const res = await client.json(
      `/v1/workspaces/${team.workspaceId}/connectors/${crypto.randomUUID()}`,
      { method: "DELETE", token: team.member.token },
    );
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });
});
