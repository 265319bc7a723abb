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
