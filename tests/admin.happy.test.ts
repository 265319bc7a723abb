import { beforeAll, describe, expect, it } from "vitest";
import type { PlatformStats, RecentExecution, WorkspaceUsage } from "../worker/db/admin.ts";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/services/templates.ts";
import { testClient } from "./harness/app.ts";
import { specExample } from "./harness/definitions.ts";
import {
  adminSql,
  createTeam,
  createUser,
  insertCredentialRow,
  makeSaasAdmin,
  type TestUser,
} from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution, timestamps } from "./harness/rows.ts";
import { insertTemplateRow, templateRow, uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page<T> = { data: T[]; nextCursor: string | null };
let team: Team;
let admin: TestUser;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });

beforeAll(async () => {
  team = await createTeam();
  admin = await createUser("saas");
  await makeSaasAdmin(admin.id, "super_admin");
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
});

const browse = async (token: string, query: string) => {
  const res = await client.json<Page<Template>>(`/v1/templates?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((t) => t.id);
};

describe("curating templates", () => {
  it("an admin creates a template: public and approved at once, credentials derived", async () => {
    const category = uniqueTag("cat");
    const slug = uniqueTag("official");
    const res = await client.json<Template>("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: {
        slug,
        name: "People lookup",
        description: "Official people lookup",
        category,
        definition: specExample(),
        isOfficial: true,
        credentialHelp: { example_token: "Create one in the vendor's dashboard." },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      slug,
      category,
      isOfficial: true,
      isFeatured: false,
      visibility: "public",
      review: "approved",
      ownerWorkspaceId: null,
      version: 1,
      createdBy: admin.id,
      hosts: ["127.0.0.1:8788"],
      requiredCredentials: [
        {
          name: "example_token",
          authType: "bearer",
          allowedHosts: ["127.0.0.1:8788"],
          helpText: "Create one in the vendor's dashboard.",
        },
      ],
    });
    expect(await browse(team.outsider.token, `category=${category}&official=true`)).toEqual([
      res.body.id,
    ]);
    const installed = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/templates/${res.body.id}/install`,
      { method: "POST", token: team.member.token },
    );
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  });

  it("an admin can create a pending template when the body says so", async () => {
    const res = await client.json<Template>("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: {
        slug: uniqueTag("draft"),
        name: "Draft",
        definition: specExample(),
        review: "pending",
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.review).toBe("pending");
    const hidden = await client.json(`/v1/templates/${res.body.id}`, { token: team.member.token });
    expect(hidden.status).toBe(404);
  });

  it("an admin features a template and it shows up under featured=true", async () => {
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({ category, ownerWorkspaceId: team.otherWorkspaceId });
    expect(await browse(team.member.token, `category=${category}&featured=true`)).toEqual([]);
    const res = await client.json<Template>(`/v1/admin/templates/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { isFeatured: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ isFeatured: true, version: 1, review: "approved" });
    expect(await browse(team.member.token, `category=${category}&featured=true`)).toEqual([id]);
    expect(await browse(team.member.token, `featured=true&limit=100`)).toContain(id);
  });

  it("a changed definition bumps the version; the same one (any key order) or other fields do not", async () => {
    const id = await insertTemplateRow();
    const patch = (body: unknown) =>
      client.json<Template>(`/v1/admin/templates/${id}`, {
        method: "PATCH",
        token: admin.token,
        body,
      });
    const reordered = Object.fromEntries(Object.entries(specExample()).reverse());
    const same = await patch({ definition: reordered, name: "Renamed" });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ name: "Renamed", version: 1 });

    const changed = await patch({
      definition: specExample("127.0.0.1:8788", "people_token"),
      credentialHelp: { people_token: "Ask the vendor." },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      version: 2,
      requiredCredentials: [
        {
          name: "people_token",
          authType: "bearer",
          allowedHosts: ["127.0.0.1:8788"],
          helpText: "Ask the vendor.",
        },
      ],
    });
    const flags = await patch({ isOfficial: true, category: "crm", description: null });
    expect(flags.body).toMatchObject({ version: 2, isOfficial: true, category: "crm" });
    expect((await templateRow(id)).version).toBe(2);
  });

  it("an admin deletes a template (204); installed connectors keep working without it", async () => {
    const id = await insertTemplateRow();
    const installed = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/templates/${id}/install`,
      { method: "POST", token: team.member.token },
    );
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const res = await client.request(`/v1/admin/templates/${id}`, {
      method: "DELETE",
      token: admin.token,
    });
    expect(res.status).toBe(204);
    expect((await client.json(`/v1/templates/${id}`, { token: admin.token })).status).toBe(404);
    const connector = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/connectors/${installed.body.id}`,
      { token: team.member.token },
    );
    expect(connector.body).toMatchObject({ templateId: null, updateAvailable: false });
  });

  it("an admin sees pending public templates in browse and rejects one", async () => {
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({
      category,
      review: "pending",
      ownerWorkspaceId: team.workspaceId,
    });
    expect(await browse(admin.token, `category=${category}&review=pending`)).toEqual([id]);
    const res = await client.json<Template>(`/v1/admin/templates/${id}/review`, {
      method: "POST",
      token: admin.token,
      body: { decision: "rejected", note: "Calls an undocumented endpoint." },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.review).toBe("rejected");
    expect(await browse(team.outsider.token, `category=${category}`)).toEqual([]);
    expect(await browse(team.member.token, `category=${category}`)).toEqual([id]);
  });
});

describe("platform usage", () => {
  it("stats count workspaces, connectors, executions by status, success rate and top templates", async () => {
    const ws = (await createTeam()).workspaceId;
    const connectorId = await insertConnectorRow(ws);
    for (const status of ["succeeded", "succeeded", "failed", "queued"] as const) {
      await insertExecution({ workspaceId: ws, connectorId, status, durationMs: 10 });
    }
    const top = await insertTemplateRow({ installCount: 2_000_000_000 });
    const res = await client.json<PlatformStats>("/v1/admin/stats", { token: admin.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { executions } = res.body;
    expect(res.body.workspaces).toBeGreaterThanOrEqual(2);
    expect(res.body.connectors).toBeGreaterThanOrEqual(1);
    expect(res.body.templates).toBeGreaterThanOrEqual(1);
    expect(executions.succeeded).toBeGreaterThanOrEqual(2);
    expect(executions.failed).toBeGreaterThanOrEqual(1);
    expect(executions.queued).toBeGreaterThanOrEqual(1);
    expect(executions.total).toBe(
      executions.queued +
        executions.running +
        executions.succeeded +
        executions.failed +
        executions.cancelled,
    );
    expect(res.body.successRate).toBeCloseTo(
      executions.succeeded / (executions.succeeded + executions.failed),
      10,
    );
    expect(Object.keys(res.body.byTrigger).sort()).toEqual([
      "api",
      "batch",
      "replay",
      "schedule",
      "webhook",
    ]);
    expect(res.body.byTrigger.api).toBeGreaterThanOrEqual(4);
    expect(res.body.topTemplates[0]).toMatchObject({ id: top, installCount: 2_000_000_000 });
    expect(res.body.topTemplates.length).toBeLessThanOrEqual(10);
    await adminSql()`delete from connectors.connector_templates where id = ${top}`;
  });

  it("per-workspace usage: connectors, executions, failures and last activity, exactly", async () => {
    const own = await createTeam();
    const name = uniqueTag("usage");
    await adminSql()`update connectors.workspaces set name = ${name} where id = ${own.workspaceId}`;
    const connectorId = await insertConnectorRow(own.workspaceId);
    await insertConnectorRow(own.workspaceId, "Second");
    const at = timestamps(3, Date.now() + 60_000);
    await insertExecution({
      workspaceId: own.workspaceId,
      connectorId,
      status: "succeeded",
      createdAt: at[0],
    });
    await insertExecution({
      workspaceId: own.workspaceId,
      connectorId,
      status: "failed",
      createdAt: at[1],
    });
    await insertExecution({
      workspaceId: own.workspaceId,
      connectorId,
      status: "failed",
      createdAt: at[2],
    });
    const res = await client.json<Page<WorkspaceUsage>>(`/v1/admin/workspaces?q=${name}`, {
      token: admin.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: own.workspaceId,
        name,
        members: 3,
        connectors: 2,
        executions: 3,
        failures: 2,
        byTrigger: { api: 3, schedule: 0, webhook: 0, batch: 0, replay: 0 },
        lastActivityAt: at[2],
        createdAt: expect.any(String),
      },
    ]);
    const idleName = uniqueTag("idle");
    await adminSql()`update connectors.workspaces set name = ${idleName} where id = ${own.otherWorkspaceId}`;
    const idle = await client.json<Page<WorkspaceUsage>>(`/v1/admin/workspaces?q=${idleName}`, {
      token: admin.token,
    });
    expect(idle.body.data[0]).toMatchObject({
      id: own.otherWorkspaceId,
      members: 1,
      connectors: 0,
      executions: 0,
      failures: 0,
      byTrigger: { api: 0, schedule: 0, webhook: 0, batch: 0, replay: 0 },
      lastActivityAt: null,
    });
  });

  it("pages through workspaces newest first", async () => {
    const prefix = uniqueTag("paged");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [row] = await adminSql()<{ id: string }[]>`
        insert into connectors.workspaces (name, created_at)
        values (${`${prefix} ${i}`}, ${new Date(Date.now() - (10 - i) * 1000).toISOString()})
        returning id`;
      ids.push(row!.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=${prefix}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await client.json<Page<WorkspaceUsage>>(`/v1/admin/workspaces?${query}`, {
        token: admin.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.data.map((w) => w.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("recent executions across workspaces, newest first, filtered by status, without customer data", async () => {
    const a = await createTeam();
    const b = await createTeam();
    const ca = await insertConnectorRow(a.workspaceId, "A connector");
    const cb = await insertConnectorRow(b.workspaceId, "B connector");
    const at = timestamps(4, Date.now() + 120_000);
    const e1 = await insertExecution({
      workspaceId: a.workspaceId,
      connectorId: ca,
      status: "failed",
      createdAt: at[0],
      input: { email: "secret@customer.test" },
      error: { kind: "http_error", message: "HTTP 500", stepId: "ping" },
    });
    const e2 = await insertExecution({
      workspaceId: b.workspaceId,
      connectorId: cb,
      status: "succeeded",
      createdAt: at[1],
    });
    const e3 = await insertExecution({
      workspaceId: b.workspaceId,
      connectorId: cb,
      status: "failed",
      createdAt: at[2],
    });

    const failedA = await client.json<Page<RecentExecution>>(
      `/v1/admin/executions?status=failed&workspaceId=${a.workspaceId}`,
      { token: admin.token },
    );
    expect(failedA.status, JSON.stringify(failedA.body)).toBe(200);
    expect(failedA.body.data).toEqual([
      expect.objectContaining({
        id: e1,
        workspaceId: a.workspaceId,
        workspaceName: "Team workspace",
        connectorId: ca,
        connectorName: "A connector",
        status: "failed",
        trigger: "api",
        error: { kind: "http_error", message: "HTTP 500", stepId: "ping" },
      }),
    ]);
    expect(JSON.stringify(failedA.body)).not.toContain("secret@customer.test");
    expect(failedA.body.data[0]).not.toHaveProperty("input");
    expect(failedA.body.data[0]).not.toHaveProperty("stepResults");

    const recent = await client.json<Page<RecentExecution>>("/v1/admin/executions?limit=3", {
      token: admin.token,
    });
    // The three newest rows anywhere are ours (created "in the future" to stay on top).
    expect(recent.body.data.map((e) => e.id)).toEqual([e3, e2, e1]);
    const next = await client.json<Page<RecentExecution>>(
      `/v1/admin/executions?limit=2&cursor=${recent.body.nextCursor}`,
      { token: admin.token },
    );
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.data.map((e) => e.id)).not.toContain(e1);
  });
});
