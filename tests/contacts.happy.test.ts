import { beforeAll, describe, expect, it } from "vitest";
import type { Contact } from "../worker/db/contacts.ts";
import { testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertContact, timestamps } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page = { data: Contact[]; nextCursor: string | null };

const client = testClient();

describe("listing contacts", () => {
  let team: Team;
  const url = () => `/v1/workspaces/${team.workspaceId}/contacts`;

  beforeAll(async () => {
    team = await createTeam();
  });

  it("pages through the workspace's contacts newest first with no duplicate or gap", async () => {
    const ids: string[] = [];
    for (const [i, at] of timestamps(23).entries()) {
      ids.push(await insertContact(team.workspaceId, { email: `c${i}@page.test`, createdAt: at }));
    }
    await insertContact(team.otherWorkspaceId, { email: "elsewhere@page.test" });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=10&cursor=${cursor}` : "?limit=10";
      const res = await client.json<Page>(`${url()}${query}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.data.map((c) => c.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it("returns 20 by default", async () => {
    const res = await client.json<Page>(url(), { token: team.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toHaveLength(20);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });
});

describe("searching contacts", () => {
  let team: Team;
  const search = async (q: string) => {
    const res = await client.json<Page>(
      `/v1/workspaces/${team.workspaceId}/contacts?q=${encodeURIComponent(q)}`,
      { token: team.member.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.map((c) => c.email).sort();
  };

  beforeAll(async () => {
    team = await createTeam();
    const [t1, t2, t3, t4, t5] = timestamps(5);
    await insertContact(team.workspaceId, {
      email: "ada@engines.test",
      firstName: "Ada",
      lastName: "Lovelace",
      createdAt: t1,
    });
    await insertContact(team.workspaceId, {
      email: "charles@engines.test",
      firstName: "Charles",
      lastName: "Babbage",
      company: "Lovelace Ltd",
      createdAt: t2,
    });
    await insertContact(team.workspaceId, { email: "a_b@under.test", createdAt: t3 });
    await insertContact(team.workspaceId, { email: "axb@under.test", createdAt: t4 });
    await insertContact(team.workspaceId, {
      email: "percent@odd.test",
      lastName: "100% Real",
      createdAt: t5,
    });
    await insertContact(team.otherWorkspaceId, { email: "ada@elsewhere.test", firstName: "Ada" });
  });

  it("matches first name, last name and email case-insensitively", async () => {
    expect(await search("ADA")).toEqual(["ada@engines.test"]);
    expect(await search("babb")).toEqual(["charles@engines.test"]);
    expect(await search("@engines.TEST")).toEqual(["ada@engines.test", "charles@engines.test"]);
  });

  it("matches the full name across first and last", async () => {
    expect(await search("ada love")).toEqual(["ada@engines.test"]);
  });

  it("does not search other columns such as company", async () => {
    expect(await search("lovelace")).toEqual(["ada@engines.test"]);
  });

  it("treats % and _ as themselves, not as wildcards", async () => {
    expect(await search("a_b")).toEqual(["a_b@under.test"]);
    expect(await search("100%")).toEqual(["percent@odd.test"]);
    expect(await search("%")).toEqual(["percent@odd.test"]);
    expect(await search("\\")).toEqual([]);
  });

  it("answers an empty page when nothing matches", async () => {
    expect(await search("nobody-at-all")).toEqual([]);
  });
});

describe("one contact", () => {
  it("shows every field camelCased with timestamps in ISO 8601", async () => {
    const team = await createTeam();
    const id = await insertContact(team.workspaceId, {
      email: "ada@engines.test",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: "+44 20 7946 0000",
      company: "Analytical Engines Ltd",
      customFields: { external_id: "p_123", score: 42, tags: ["vip"] },
      createdAt: "2026-11-20T09:00:00.123456Z",
    });
    const res = await client.json<Contact>(`/v1/workspaces/${team.workspaceId}/contacts/${id}`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      id,
      workspaceId: team.workspaceId,
      email: "ada@engines.test",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: "+44 20 7946 0000",
      company: "Analytical Engines Ltd",
      customFields: { external_id: "p_123", score: 42, tags: ["vip"] },
      createdAt: "2026-11-20T09:00:00.123Z",
      updatedAt: "2026-11-20T09:00:00.123Z",
    });
  });

  it("shows a contact with only its key columns, nulls and an empty customFields", async () => {
    const team = await createTeam();
    const id = await insertContact(team.workspaceId);
    const res = await client.json<Contact>(`/v1/workspaces/${team.workspaceId}/contacts/${id}`, {
      token: team.owner.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      company: null,
      customFields: {},
    });
  });
});
