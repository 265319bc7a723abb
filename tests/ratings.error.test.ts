import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertTemplateRow, recordInstall, templateRow } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let templateId: string;
const client = testClient();

beforeAll(async () => {
  team = await createTeam();
  templateId = await insertTemplateRow();
  await recordInstall(templateId, team.workspaceId);
});

describe("rating refusals", () => {
  it("refuses ratings outside 1–5, non-integers, long reviews and unknown fields with 400", async () => {
    for (const body of [
      {},
      { rating: 0 },
      { rating: 6 },
      { rating: 4.5 },
      { rating: "5" },
      { rating: 5, review: "x".repeat(2001) },
      { rating: 5, userId: team.owner.id },
      { rating: 5, templateId },
    ]) {
      const res = await client.json(`/v1/templates/${templateId}/rating`, {
        method: "PUT",
        token: team.member.token,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
    expect(await templateRow(templateId)).toMatchObject({ rating_count: 0 });
  });

  it("accepts a review of exactly 2000 characters", async () => {
    const res = await client.json(`/v1/templates/${templateId}/rating`, {
      method: "PUT",
      token: team.admin.token,
      body: { rating: 3, review: "y".repeat(2000) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it("an unknown or malformed template is 404 for rating and for the list", async () => {
    for (const id of [crypto.randomUUID(), "nope"]) {
      const put = await client.json(`/v1/templates/${id}/rating`, {
        method: "PUT",
        token: team.member.token,
        body: { rating: 5 },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(404);
      const list = await client.json(`/v1/templates/${id}/ratings`, { token: team.member.token });
      expect(list.status, JSON.stringify(list.body)).toBe(404);
    }
  });

  it("refuses bad paging parameters with 400", async () => {
    for (const query of ["limit=0", "limit=101", "cursor=garbage"]) {
      const res = await client.json(`/v1/templates/${templateId}/ratings?${query}`, {
        token: team.member.token,
      });
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(400);
    }
  });
});
