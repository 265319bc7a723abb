import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertContact } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
let contactA: string;
let contactB: string;

beforeAll(async () => {
  team = await createTeam();
  contactA = await insertContact(team.workspaceId, { email: "secret-a@iso.test" });
  contactB = await insertContact(team.otherWorkspaceId, { email: "secret-b@iso.test" });
});

describe("workspace isolation", () => {
  it("a member of another workspace gets 404 on the list and on one contact", async () => {
    for (const path of [
      `/v1/workspaces/${team.workspaceId}/contacts`,
      `/v1/workspaces/${team.workspaceId}/contacts/${contactA}`,
      `/v1/workspaces/${team.workspaceId}/contacts?q=secret`,
    ]) {
      const res = await client.json(path, { token: team.outsider.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      expect(JSON.stringify(res.body)).not.toContain("secret-a");
    }
  });

  it("a contact of workspace B requested through workspace A's path is 404", async () => {
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/contacts/${contactB}`, {
      token: team.owner.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });

  it("lists show only the caller's workspace, also when searching", async () => {
    const mine = await client.json<{ data: { email: string }[] }>(
      `/v1/workspaces/${team.otherWorkspaceId}/contacts?q=secret`,
      { token: team.outsider.token },
    );
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.data.map((c) => c.email)).toEqual(["secret-b@iso.test"]);
    const theirs = await client.json<{ data: { email: string }[] }>(
      `/v1/workspaces/${team.workspaceId}/contacts`,
      { token: team.member.token },
    );
    expect(theirs.body.data.map((c) => c.email)).toEqual(["secret-a@iso.test"]);
  });
});

describe("read-only", () => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    it(`offers no ${method}: contacts are owned by the CRM and stay unchanged`, async () => {
      const path =
        method === "POST"
          ? `/v1/workspaces/${team.workspaceId}/contacts`
          : `/v1/workspaces/${team.workspaceId}/contacts/${contactA}`;
      const res = await client.json(path, {
        method,
        token: team.owner.token,
        body: { email: "changed@iso.test" },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      const rows = await adminSql()<{ email: string }[]>`
        select email from connectors.contacts where workspace_id = ${team.workspaceId}`;
      expect(rows.map((row) => row.email)).toEqual(["secret-a@iso.test"]);
    });
  }
});
