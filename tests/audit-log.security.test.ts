import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertAudit } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
const url = () => `/v1/workspaces/${team.workspaceId}/audit-log`;

beforeAll(async () => {
  team = await createTeam();
  await insertAudit(team.workspaceId, {
    actorId: team.owner.id,
    action: "credential.put",
    targetType: "credential",
    targetId: "workspace_a_token",
  });
  await insertAudit(team.otherWorkspaceId, {
    actorId: team.outsider.id,
    action: "credential.put",
    targetType: "credential",
    targetId: "workspace_b_token",
  });
});

describe("roles", () => {
  it("a member gets 403 forbidden", async () => {
    const res = await client.json(url(), { token: team.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body).toMatchObject(envelope("forbidden"));
    expect(JSON.stringify(res.body)).not.toContain("workspace_a_token");
  });

  it("a member gets 403 before the query is validated", async () => {
    for (const query of ["limit=0", "cursor=garbage", "action=nope"]) {
      const res = await client.json(`${url()}?${query}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject(envelope("forbidden"));
    }
  });

  it("owners and admins read it", async () => {
    for (const user of [team.owner, team.admin]) {
      const res = await client.json<{ data: { targetId: string }[] }>(url(), {
        token: user.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.map((entry) => entry.targetId)).toEqual(["workspace_a_token"]);
    }
  });
});

describe("workspace isolation", () => {
  it("a member of another workspace gets 404, also with a bad query", async () => {
    for (const query of ["", "?limit=0", "?action=credential.put"]) {
      const res = await client.json(`${url()}${query}`, { token: team.outsider.token });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      expect(JSON.stringify(res.body)).not.toContain("workspace_a_token");
    }
  });

  it("an owner sees only their own workspace's entries", async () => {
    const res = await client.json<{ data: { targetId: string; workspaceId: string }[] }>(
      `/v1/workspaces/${team.otherWorkspaceId}/audit-log`,
      { token: team.outsider.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.map((entry) => entry.targetId)).toEqual(["workspace_b_token"]);
    expect(new Set(res.body.data.map((entry) => entry.workspaceId))).toEqual(
      new Set([team.otherWorkspaceId]),
    );
  });

  it("no token gets 401 with the envelope", async () => {
    const res = await client.json(url());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(envelope("unauthorized"));
  });
});
