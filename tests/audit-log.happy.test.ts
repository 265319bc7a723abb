import { beforeAll, describe, expect, it } from "vitest";
import type { AuditLogEntry } from "../worker/db/audit.ts";
import { testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertAudit, timestamps } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page = { data: AuditLogEntry[]; nextCursor: string | null };

const client = testClient();
let team: Team;
const url = () => `/v1/workspaces/${team.workspaceId}/audit-log`;

beforeAll(async () => {
  team = await createTeam();
});

describe("audit log", () => {
  it("shows an owner the API's own entries, camelCased, newest first", async () => {
    const created = await client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors`,
      {
        method: "POST",
        token: team.member.token,
        body: { name: "Audited", definition: simpleDefinition() },
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const renamed = await client.json(
      `/v1/workspaces/${team.workspaceId}/connectors/${created.body.id}`,
      { method: "PATCH", token: team.member.token, body: { name: "Audited 2" } },
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);

    const res = await client.json<Page>(url(), { token: team.owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const entries = res.body.data.filter((entry) => entry.targetId === created.body.id);
    expect(entries.map((entry) => entry.action)).toEqual(["connector.update", "connector.create"]);
    expect(entries[1]).toEqual({
      id: expect.any(String),
      workspaceId: team.workspaceId,
      actorId: team.member.id,
      action: "connector.create",
      targetType: "connector",
      targetId: created.body.id,
      metadata: { name: "Audited" },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it("pages through entries newest first with no duplicate or gap, for an admin too", async () => {
    const other = await createTeam();
    const ids: string[] = [];
    for (const [i, at] of timestamps(12).entries()) {
      ids.push(
        await insertAudit(other.workspaceId, {
          actorId: other.owner.id,
          action: i % 2 ? "credential.put" : "connector.create",
          targetType: i % 2 ? "credential" : "connector",
          targetId: `target-${i}`,
          metadata: { index: i },
          createdAt: at,
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=5&cursor=${cursor}` : "?limit=5";
      const res = await client.json<Page>(`/v1/workspaces/${other.workspaceId}/audit-log${query}`, {
        token: other.admin.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.data.map((entry) => entry.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters by exact action", async () => {
    const other = await createTeam();
    const [t1, t2, t3] = timestamps(3);
    const first = await insertAudit(other.workspaceId, {
      actorId: other.admin.id,
      action: "credential.put",
      targetType: "credential",
      targetId: "hubspot_token",
      createdAt: t1,
    });
    await insertAudit(other.workspaceId, {
      actorId: other.admin.id,
      action: "credential.delete",
      createdAt: t2,
    });
    const second = await insertAudit(other.workspaceId, {
      actorId: other.owner.id,
      action: "credential.put",
      createdAt: t3,
    });
    const res = await client.json<Page>(
      `/v1/workspaces/${other.workspaceId}/audit-log?action=credential.put`,
      { token: other.owner.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.map((entry) => entry.id)).toEqual([second, first]);
    const none = await client.json<Page>(
      `/v1/workspaces/${other.workspaceId}/audit-log?action=template.install`,
      { token: other.owner.token },
    );
    expect(none.body).toEqual({ data: [], nextCursor: null });
  });

  it("keeps an entry whose actor and target are unknown, with nulls", async () => {
    const other = await createTeam();
    await insertAudit(other.workspaceId, { actorId: null, action: "workspace.import" });
    const res = await client.json<Page>(`/v1/workspaces/${other.workspaceId}/audit-log`, {
      token: other.owner.token,
    });
    expect(res.body.data).toEqual([
      expect.objectContaining({ actorId: null, targetType: null, targetId: null, metadata: {} }),
    ]);
  });
});
