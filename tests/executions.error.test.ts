import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
let connectorId: string;
const history = () => `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`;

beforeAll(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId);
});

describe("list parameters", () => {
  for (const query of ["limit=0", "limit=101", "limit=-1", "limit=ten", "status=done"]) {
    it(`answers ?${query} with 400 invalid_request and the issue in details`, async () => {
      const res = await client.json<{ error: { details: unknown[] } }>(`${history()}?${query}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
      expect(res.body.error.details.length).toBeGreaterThan(0);
    });
  }

  for (const cursor of ["garbage", btoa("[1,2]"), btoa('["yesterday","not-a-uuid"]')]) {
    it(`answers a bad cursor (${cursor}) with 400`, async () => {
      const res = await client.json(`${history()}?cursor=${encodeURIComponent(cursor)}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    });
  }

  it("accepts limit=1 and limit=100", async () => {
    for (const limit of [1, 100]) {
      const res = await client.json(`${history()}?limit=${limit}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
});

describe("ids", () => {
  const ws = () => `/v1/workspaces/${team.workspaceId}`;

  it("answers a non-UUID execution id with 404", async () => {
    for (const id of ["nope", "1", "00000000-0000-0000-0000-00000000000g"]) {
      const res = await client.json(`${ws()}/executions/${id}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("answers a non-UUID connector id with 404 on history and stats", async () => {
    for (const suffix of ["executions", "stats"]) {
      const res = await client.json(`${ws()}/connectors/not-a-uuid/${suffix}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("answers an unknown execution or connector id with 404", async () => {
    const unknown = crypto.randomUUID();
    for (const path of [
      `${ws()}/executions/${unknown}`,
      `${ws()}/connectors/${unknown}/executions`,
      `${ws()}/connectors/${unknown}/stats`,
    ]) {
      const res = await client.json(path, { token: team.member.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("answers a non-UUID workspace id with 404", async () => {
    const res = await client.json(`/v1/workspaces/acme/executions/${crypto.randomUUID()}`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });
});
