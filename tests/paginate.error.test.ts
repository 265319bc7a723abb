// A paginate block a run could not follow is refused at save (SPEC §10, §4): 422
// `invalid_definition` naming each problem's path.
import { describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";

const host = "127.0.0.1:9";

describe("saving a paginated connector", () => {
  it("a paginate block that cannot work is a 422 naming its paths", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: host });
    const team = await createTeam();
    const res = await client.json<{ error: { code: string; details: { path: string }[] } }>(
      `/v1/workspaces/${team.workspaceId}/connectors`,
      {
        method: "POST",
        token: team.member.token,
        body: {
          name: "Broken",
          definition: {
            steps: [
              {
                id: "list",
                request: { method: "GET", url: `http://${host}/v1/people?style=offset&limit=5` },
                paginate: {
                  type: "offset",
                  offsetParam: "offset",
                  limitParam: "limit",
                  pageSize: 5,
                  itemsPath: "$.results[",
                  maxPages: 500,
                },
              },
            ],
          },
        },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe("invalid_definition");
    expect(res.body.error.details.map((d) => d.path)).toEqual(["steps[0].paginate.maxPages"]);
    const second = await client.json<{ error: { details: { path: string }[] } }>(
      `/v1/workspaces/${team.workspaceId}/connectors`,
      {
        method: "POST",
        token: team.member.token,
        body: {
          name: "Broken",
          definition: {
            steps: [
              {
                id: "list",
                request: { method: "GET", url: `http://${host}/v1/people?style=offset&limit=5` },
                paginate: {
                  type: "offset",
                  offsetParam: "offset",
                  limitParam: "limit",
                  pageSize: 5,
                  itemsPath: "$.results[",
                },
              },
            ],
          },
        },
      },
    );
    expect(second.status).toBe(422);
    expect(second.body.error.details.map((d) => d.path)).toEqual([
      "steps[0].paginate.itemsPath",
      "steps[0].paginate.limitParam",
    ]);
  });
});
