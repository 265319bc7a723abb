import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import { testClient } from "./harness/app.ts";
import { simpleDefinition, specExample } from "./harness/definitions.ts";
import { adminSql, createTeam, insertCredentialRow } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });
const base = () => `/v1/workspaces/${team.workspaceId}/connectors`;

beforeAll(async () => {
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
});

describe("connectors CRUD", () => {
  it("a member creates the example two-step connector, reads, updates and deletes it", async () => {
    const created = await client.json<Connector>(base(), {
      method: "POST",
      token: team.member.token,
      body: { name: "Enrich", description: "Find and tag", definition: specExample() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      workspaceId: team.workspaceId,
      name: "Enrich",
      status: "active",
      executionCount: 0,
      successCount: 0,
      failureCount: 0,
      lastExecutedAt: null,
      templateId: null,
      updateAvailable: false,
      createdBy: team.member.id,
    });
    expect(created.body.definition).toEqual(specExample());

    const id = created.body.id;
    const read = await client.json<Connector>(`${base()}/${id}`, { token: team.owner.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const updated = await client.json<Connector>(`${base()}/${id}`, {
      method: "PATCH",
      token: team.member.token,
      body: { name: "Enrich v2", status: "disabled" },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({
      name: "Enrich v2",
      status: "disabled",
      description: "Find and tag",
    });
    expect(updated.body.definition).toEqual(specExample());

    const deleted = await client.request(`${base()}/${id}`, {
      method: "DELETE",
      token: team.member.token,
    });
    expect(deleted.status).toBe(204);
    const gone = await client.json(`${base()}/${id}`, { token: team.member.token });
    expect(gone.status).toBe(404);
  });

  it("records create, update and delete in the audit log, in the same transaction", async () => {
    const created = await client.json<Connector>(base(), {
      method: "POST",
      token: team.admin.token,
      body: { name: "Audited", definition: simpleDefinition() },
    });
    const id = created.body.id;
    await client.json(`${base()}/${id}`, {
      method: "PATCH",
      token: team.admin.token,
      body: { name: "Audited 2" },
    });
    await client.request(`${base()}/${id}`, { method: "DELETE", token: team.admin.token });
    const rows = await adminSql()<{ action: string; actor_id: string }[]>`
      select action, actor_id from connectors.audit_log
      where workspace_id = ${team.workspaceId} and target_id = ${id} order by created_at, action`;
    expect(rows.map((row) => row.action)).toEqual([
      "connector.create",
      "connector.update",
      "connector.delete",
    ]);
    expect(new Set(rows.map((row) => row.actor_id))).toEqual(new Set([team.admin.id]));
  });
});

describe("listing", () => {
  it("pages through 50 connectors newest first with no duplicate or gap", async () => {
    const team2 = await createTeam();
    const url = `/v1/workspaces/${team2.workspaceId}/connectors`;
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await client.json<Connector>(url, {
        method: "POST",
        token: team2.owner.token,
        body: { name: `Connector ${String(i).padStart(2, "0")}`, definition: simpleDefinition() },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=15&cursor=${cursor}` : "?limit=15";
      const res = await client.json<{ data: Connector[]; nextCursor: string | null }>(
        `${url}${query}`,
        { token: team2.member.token },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.data.map((c) => c.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters by status and searches name and description", async () => {
    const team3 = await createTeam();
    const url = `/v1/workspaces/${team3.workspaceId}/connectors`;
    const make = (name: string, description: string, status: "active" | "disabled") =>
      client.json(url, {
        method: "POST",
        token: team3.member.token,
        body: { name, description, status, definition: simpleDefinition() },
      });
    await make("HubSpot sync", "pushes contacts", "active");
    await make("Slack ping", "tells the team about 100% matches", "disabled");
    await make("Stripe lookup", "finds customers", "active");

    const disabled = await client.json<{ data: Connector[] }>(`${url}?status=disabled`, {
      token: team3.member.token,
    });
    expect(disabled.body.data.map((c) => c.name)).toEqual(["Slack ping"]);
    const byName = await client.json<{ data: Connector[] }>(`${url}?q=hubspot`, {
      token: team3.member.token,
    });
    expect(byName.body.data.map((c) => c.name)).toEqual(["HubSpot sync"]);
    const byDescription = await client.json<{ data: Connector[] }>(`${url}?q=CUSTOMERS`, {
      token: team3.member.token,
    });
    expect(byDescription.body.data.map((c) => c.name)).toEqual(["Stripe lookup"]);
    const wildcard = await client.json<{ data: Connector[] }>(
      `${url}?q=${encodeURIComponent("100%")}`,
      { token: team3.member.token },
    );
    expect(wildcard.body.data.map((c) => c.name)).toEqual(["Slack ping"]);
  });
});
