import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
const url = () => `/v1/workspaces/${team.workspaceId}/contacts`;

beforeAll(async () => {
  team = await createTeam();
});

describe("list parameters", () => {
  for (const query of ["limit=0", "limit=101", "limit=2.5", "q=", `q=${"x".repeat(201)}`]) {
    it(`answers ?${query.slice(0, 20)} with 400 invalid_request`, async () => {
      const res = await client.json(`${url()}?${query}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    });
  }

  it("answers a bad cursor with 400", async () => {
    const res = await client.json(`${url()}?cursor=not-a-cursor`, { token: team.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });
});

describe("ids", () => {
  it("answers a non-UUID or unknown contact id with 404", async () => {
    for (const id of ["nope", "42", crypto.randomUUID()]) {
      const res = await client.json(`${url()}/${id}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });
});
