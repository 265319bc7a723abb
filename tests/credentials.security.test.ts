import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const client = testClient();
const SECRET = "ghp_verysecretvalue_abcdef123456";

beforeAll(async () => {
  team = await createTeam();
  const res = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/gh_token`, {
    method: "PUT",
    token: team.owner.token,
    body: { value: SECRET, allowedHosts: ["api.github.com"] },
  });
  expect(res.status).toBe(201);
});

describe("credential isolation and roles", () => {
  it("a member cannot store or delete credentials (403), whatever the body", async () => {
    const put = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/gh_token`, {
      method: "PUT",
      token: team.member.token,
      body: { not: "even valid" },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(403);
    expect(put.body).toMatchObject(envelope("forbidden"));
    const del = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/gh_token`, {
      method: "DELETE",
      token: team.member.token,
    });
    expect(del.status).toBe(403);
    const [row] = await adminSql()`select 1 from connectors.workspace_api_credentials
      where workspace_id = ${team.workspaceId} and name = 'gh_token'`;
    expect(row).toBeDefined();
  });

  it("an outsider gets 404 on every credential route and changes nothing", async () => {
    const base = `/v1/workspaces/${team.workspaceId}/credentials`;
    const attempts = [
      client.json(base, { token: team.outsider.token }),
      client.json(`${base}/gh_token`, { token: team.outsider.token }),
      client.json(`${base}/gh_token`, {
        method: "PUT",
        token: team.outsider.token,
        body: { value: "mine", allowedHosts: ["evil.example"] },
      }),
      client.json(`${base}/gh_token`, { method: "DELETE", token: team.outsider.token }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
    const [row] = await adminSql()<{ allowed_hosts: string[] }[]>`
      select allowed_hosts from connectors.workspace_api_credentials
      where workspace_id = ${team.workspaceId} and name = 'gh_token'`;
    expect(row?.allowed_hosts).toEqual(["api.github.com"]);
  });

  it("never returns the value, and the database holds no plaintext anywhere", async () => {
    const list = await client.request(`/v1/workspaces/${team.workspaceId}/credentials`, {
      token: team.owner.token,
    });
    expect(await list.text()).not.toContain(SECRET);
    const tables = await adminSql()<{ table_name: string }[]>`
      select table_name from information_schema.tables
      where table_schema in ('connectors', 'public', 'auth') and table_type = 'BASE TABLE'`;
    for (const { table_name } of tables) {
      const schema = table_name === "users" ? "auth" : "connectors";
      const [hit] = await adminSql().unsafe(
        `select count(*)::int as n from ${schema}.${table_name} t where t::text like $1`,
        [`%${SECRET}%`],
      );
      expect(hit?.n, table_name).toBe(0);
    }
  });
});

describe("credential input", () => {
  it("refuses a body without allowedHosts or with an invalid host entry (400)", async () => {
    const base = `/v1/workspaces/${team.workspaceId}/credentials`;
    for (const body of [
      { value: "x" },
      { value: "x", allowedHosts: [] },
      { value: "x", allowedHosts: ["http://api.example.com/path"] },
      { value: "", allowedHosts: ["api.example.com"] },
      { value: "x", allowedHosts: ["api.example.com"], ciphertext: "forged" },
    ]) {
      const res = await client.json(`${base}/bad_one`, {
        method: "PUT",
        token: team.owner.token,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
  });

  it("refuses a name outside [a-z][a-z0-9_]{0,62}", async () => {
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/Bad-Name`, {
      method: "PUT",
      token: team.owner.token,
      body: { value: "x", allowedHosts: ["api.example.com"] },
    });
    expect(res.status).toBe(400);
  });
});
