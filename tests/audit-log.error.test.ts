import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
const url = () => `/v1/workspaces/${team.workspaceId}/audit-log`;

beforeAll(async () => {
  team = await createTeam();
});

describe("list parameters", () => {
  for (const query of [
    "limit=0",
    "limit=101",
    "action=connector",
    "action=Connector.Create",
    "action=connector.create%27--",
  ]) {
    it(`answers ?${query} with 400 invalid_request`, async () => {
      const res = await client.json(`${url()}?${query}`, { token: team.owner.token });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    });
  }

  it("answers a bad cursor with 400", async () => {
    const res = await client.json(`${url()}?cursor=${btoa("[]")}`, { token: team.admin.token });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });
});
