import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { CredentialMeta } from "../worker/db/credentials.ts";
import { testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const HOST = "127.0.0.1:8788";
const client = testClient({ OUTBOUND_ALLOW_HOSTS: HOST });
const SECRET = "pk_live_placements_0123456789";
const credentialUrl = (name: string) => `/v1/workspaces/${team.workspaceId}/credentials/${name}`;

beforeAll(async () => {
  team = await createTeam();
});

function put(name: string, body: Record<string, unknown>, token = team.owner.token) {
  return client.json<CredentialMeta>(credentialUrl(name), { method: "PUT", token, body });
}

function create(definition: unknown) {
  return client.json<Connector>(`/v1/workspaces/${team.workspaceId}/connectors`, {
    method: "POST",
    token: team.member.token,
    body: { name: "placements", definition },
  });
}

describe("credential placement rules", () => {
  it("stores placements and a pinned query parameter, shows them to members, never the value", async () => {
    const created = await put("search_key", {
      value: SECRET,
      allowedHosts: [HOST],
      placements: ["query", "header"],
      queryParam: "api_key",
      authType: "api_key",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: "search_key",
      allowedHosts: [HOST],
      placements: ["header", "query"],
      queryParam: "api_key",
    });
    const read = await client.json<CredentialMeta>(credentialUrl("search_key"), {
      token: team.member.token,
    });
    expect(read.body).toMatchObject({ placements: ["header", "query"], queryParam: "api_key" });
    const list = await client.json<{ data: CredentialMeta[] }>(
      `/v1/workspaces/${team.workspaceId}/credentials`,
      { token: team.member.token },
    );
    expect(list.body.data.find((c) => c.name === "search_key")).toMatchObject({
      placements: ["header", "query"],
      queryParam: "api_key",
    });
    expect(JSON.stringify([created.body, read.body, list.body])).not.toContain(SECRET);

    const [audit] = await adminSql()<{ metadata: Record<string, unknown> }[]>`
      select metadata from connectors.audit_log
      where workspace_id = ${team.workspaceId} and action = 'credential.put'
        and target_id = 'search_key'`;
    expect(audit?.metadata).toMatchObject({
      allowedHosts: [HOST],
      placements: ["header", "query"],
      queryParam: "api_key",
    });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("defaults to header only and no pinned parameter", async () => {
    const created = await put("plain_token", { value: SECRET, allowedHosts: [HOST] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ placements: ["header"], queryParam: null });
  });

  it("without a value, changes only provider and auth type and keeps the stored ciphertext", async () => {
    await put("label_token", { value: SECRET, allowedHosts: [HOST, "api.example.com"] });
    const before = await adminSql()<{ ciphertext: string }[]>`
      select ciphertext from connectors.workspace_api_credentials
      where workspace_id = ${team.workspaceId} and name = 'label_token'`;
    const relabelled = await put("label_token", {
      // Same hosts in another order and case: the binding is unchanged.
      allowedHosts: ["API.example.com", HOST],
      provider: "example",
      authType: "api_key",
    });
    expect(relabelled.status, JSON.stringify(relabelled.body)).toBe(200);
    expect(relabelled.body).toMatchObject({ provider: "example", authType: "api_key" });
    const after = await adminSql()<{ ciphertext: string }[]>`
      select ciphertext from connectors.workspace_api_credentials
      where workspace_id = ${team.workspaceId} and name = 'label_token'`;
    expect(after[0]?.ciphertext).toBe(before[0]?.ciphertext);
  });

  it("an owner-allowed query placement makes the issue's member step saveable", async () => {
    const definition = {
      steps: [
        {
          id: "find",
          request: {
            method: "GET",
            url: `http://${HOST}/v1/people?email=x@{{credentials.example_token}}`,
          },
        },
      ],
    };
    await put("example_token", { value: SECRET, allowedHosts: [HOST] });
    expect((await create(definition)).status).toBe(422);
    await put("example_token", {
      value: SECRET,
      allowedHosts: [HOST],
      placements: ["header", "query"],
    });
    const saved = await create(definition);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  });

  it("a pinned query parameter carries an api_key auth block or a whole-value placeholder", async () => {
    await put("pinned_key", {
      value: SECRET,
      allowedHosts: [HOST],
      queryParam: "key",
    });
    for (const request of [
      {
        method: "GET",
        url: `http://${HOST}/v1/search`,
        auth: { type: "api_key", credential: "pinned_key", in: "query", name: "key" },
      },
      { method: "GET", url: `http://${HOST}/v1/search?key={{credentials.pinned_key}}&q=1` },
      {
        method: "GET",
        url: `http://${HOST}/v1/search`,
        query: { key: "{{workspace.pinned_key}}" },
      },
    ]) {
      const saved = await create({ steps: [{ id: "s", request }] });
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    }
  });
});
