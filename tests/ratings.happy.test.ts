import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { Rating } from "../worker/db/ratings.ts";
import type { Template } from "../worker/services/templates.ts";
import { testClient } from "./harness/app.ts";
import {
  addMember,
  createTeam,
  createUser,
  createWorkspace,
  insertCredentialRow,
} from "./harness/fixtures.ts";
import {
  createInstaller,
  insertTemplateRow,
  recordInstall,
  templateRow,
} from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type RatingResult = Rating & { template: { id: string; ratingAvg: number; ratingCount: number } };
let team: Team;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });

beforeAll(async () => {
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
});

const rate = (id: string, token: string, body: unknown) =>
  client.json<RatingResult>(`/v1/templates/${id}/rating`, { method: "PUT", token, body });

describe("rating", () => {
  it("the first rating is 201, a new one replaces it (200), and the aggregates follow", async () => {
    const id = await insertTemplateRow();
    await recordInstall(id, team.workspaceId);
    const first = await rate(id, team.member.token, { rating: 4, review: "Handy." });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      templateId: id,
      userId: team.member.id,
      rating: 4,
      review: "Handy.",
      template: { id, ratingAvg: 4, ratingCount: 1 },
    });

    const second = await rate(id, team.owner.token, { rating: 5 });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.template).toEqual({ id, ratingAvg: 4.5, ratingCount: 2 });

    const replaced = await rate(id, team.member.token, { rating: 2 });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ rating: 2, review: null });
    expect(replaced.body.createdAt).toBe(first.body.createdAt);
    expect(replaced.body.template).toEqual({ id, ratingAvg: 3.5, ratingCount: 2 });

    const template = await client.json<Template>(`/v1/templates/${id}`, {
      token: team.outsider.token,
    });
    expect(template.body).toMatchObject({ ratingAvg: 3.5, ratingCount: 2 });
    expect(typeof template.body.ratingAvg).toBe("number");
  });

  it("lists ratings newest first, page by page", async () => {
    const id = await insertTemplateRow();
    const users = await Promise.all(Array.from({ length: 5 }, () => createInstaller(id)));
    for (const [i, user] of users.entries()) {
      const res = await rate(id, user.token, { rating: (i % 5) + 1, review: `review ${i}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const res = await client.json<{ data: Rating[]; nextCursor: string | null }>(
        `/v1/templates/${id}/ratings${query}`,
        { token: team.member.token },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.data.map((r) => r.review ?? ""));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["review 4", "review 3", "review 2", "review 1", "review 0"]);
  });
});

describe("counters under concurrency", () => {
  it("install_count and rating aggregates stay exact with 20 workspaces installing twice and re-rating in parallel", async () => {
    const id = await insertTemplateRow();
    const raters = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const [user, workspaceId] = await Promise.all([
          createUser("rater"),
          createWorkspace("Rater"),
        ]);
        await addMember(workspaceId, user.id, "owner");
        await insertCredentialRow(workspaceId, "example_token", ["127.0.0.1:8788"]);
        return { ...user, workspaceId };
      }),
    );
    const install = (user: (typeof raters)[number]) =>
      client.json<Connector>(`/v1/workspaces/${user.workspaceId}/templates/${id}/install`, {
        method: "POST",
        token: user.token,
      });
    const firstInstalls = await Promise.all(raters.map(install));
    for (const res of firstInstalls) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const first = await Promise.all(
      raters.map((user, i) => rate(id, user.token, { rating: (i % 5) + 1 })),
    );
    for (const res of first) expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await templateRow(id)).toMatchObject({
      install_count: 20,
      rating_count: 20,
      rating_avg: "3.00",
    });

    const newRatings = raters.map((_, i) => (i < 7 ? 5 : i < 15 ? 4 : 1));
    const [installs, rerates] = await Promise.all([
      Promise.all(raters.map(install)),
      Promise.all(raters.map((user, i) => rate(id, user.token, { rating: newRatings[i] }))),
    ]);
    for (const res of installs) expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const res of rerates) expect(res.status, JSON.stringify(res.body)).toBe(200);

    const expectedAvg = newRatings.reduce((a, b) => a + b, 0) / newRatings.length;
    const row = await templateRow(id);
    expect(row.install_count).toBe(20);
    expect(row.rating_count).toBe(20);
    expect(row.rating_avg).toBe(expectedAvg.toFixed(2));
    const template = await client.json<Template>(`/v1/templates/${id}`, {
      token: team.member.token,
    });
    expect(template.body).toMatchObject({
      installCount: 20,
      ratingCount: 20,
      ratingAvg: Number(expectedAvg.toFixed(2)),
    });
  });
});
