import { beforeAll, describe, expect, it } from "vitest";
import type { Rating } from "../worker/db/ratings.ts";
import { testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertTemplateRow, recordInstall, templateRow } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const client = testClient();

beforeAll(async () => {
  team = await createTeam();
});

describe("who rates what", () => {
  it("a rating is always the caller's own: one row per user, never another user's", async () => {
    const id = await insertTemplateRow();
    await recordInstall(id, team.workspaceId);
    await recordInstall(id, team.otherWorkspaceId);
    await client.json(`/v1/templates/${id}/rating`, {
      method: "PUT",
      token: team.owner.token,
      body: { rating: 5, review: "mine" },
    });
    for (const rating of [1, 2, 3]) {
      const res = await client.json<Rating>(`/v1/templates/${id}/rating`, {
        method: "PUT",
        token: team.outsider.token,
        body: { rating },
      });
      expect(res.body.userId).toBe(team.outsider.id);
    }
    const rows = await adminSql()<{ user_id: string; rating: number; review: string | null }[]>`
      select user_id, rating, review from connectors.template_ratings
      where template_id = ${id} order by rating desc`;
    expect(rows).toEqual([
      { user_id: team.owner.id, rating: 5, review: "mine" },
      { user_id: team.outsider.id, rating: 3, review: null },
    ]);
  });

  it("a workspace template's ratings are 404 to outsiders and cannot be padded by them", async () => {
    const id = await insertTemplateRow({
      visibility: "workspace",
      ownerWorkspaceId: team.workspaceId,
    });
    await adminSql()`
      insert into connectors.template_ratings (template_id, user_id, rating, review)
      values (${id}, ${team.member.id}, 2, 'internal')`;
    const read = await client.json(`/v1/templates/${id}/ratings`, { token: team.outsider.token });
    expect(read.status, JSON.stringify(read.body)).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain("internal");
    const pad = await client.json(`/v1/templates/${id}/rating`, {
      method: "PUT",
      token: team.outsider.token,
      body: { rating: 5 },
    });
    expect(pad.status, JSON.stringify(pad.body)).toBe(404);
    expect(await templateRow(id)).toMatchObject({ rating_count: 1, rating_avg: "2.00" });
  });

  it("anonymous callers get 401", async () => {
    const id = await insertTemplateRow();
    const put = await client.json(`/v1/templates/${id}/rating`, {
      method: "PUT",
      body: { rating: 5 },
    });
    expect(put.status).toBe(401);
    const list = await client.json(`/v1/templates/${id}/ratings`);
    expect(list.status).toBe(401);
  });
});
