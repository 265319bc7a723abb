import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/services/templates.ts";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition, specExample } from "./harness/definitions.ts";
import {
  adminSql,
  createTeam,
  createUser,
  insertCredentialRow,
  makeSaasAdmin,
} from "./harness/fixtures.ts";
import { insertTemplateRow, uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page<T> = { data: T[]; nextCursor: string | null };
let team: Team;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });

beforeAll(async () => {
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
  await insertCredentialRow(team.otherWorkspaceId, "example_token", ["127.0.0.1:8788"]);
});

async function browse(token: string, category: string): Promise<string[]> {
  const res = await client.json<Page<Template>>(`/v1/templates?category=${category}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((t) => t.id);
}

/** Every way an outsider could reach a template: each must be 404 and change nothing. */
async function expectHiddenFrom(token: string, workspaceId: string, templateId: string) {
  const attempts = await Promise.all([
    client.json(`/v1/templates/${templateId}`, { token }),
    client.json(`/v1/templates/${templateId}/ratings`, { token }),
    client.json(`/v1/templates/${templateId}/rating`, {
      method: "PUT",
      token,
      body: { rating: 1 },
    }),
    client.json(`/v1/workspaces/${workspaceId}/templates/${templateId}/install`, {
      method: "POST",
      token,
    }),
  ]);
  for (const res of attempts) {
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  }
}

describe("visibility", () => {
  it("a workspace template is invisible to outsiders: 404 to read, rate or install, absent from browse", async () => {
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({
      category,
      visibility: "workspace",
      ownerWorkspaceId: team.workspaceId,
    });
    expect(await browse(team.member.token, category)).toEqual([id]);
    expect(await browse(team.outsider.token, category)).toEqual([]);
    await expectHiddenFrom(team.outsider.token, team.otherWorkspaceId, id);
    const [counts] = await adminSql()<{ installs: number; ratings: number }[]>`
      select install_count as installs,
             (select count(*)::int from connectors.template_ratings where template_id = ${id}) as ratings
      from connectors.connector_templates where id = ${id}`;
    expect(counts).toEqual({ installs: 0, ratings: 0 });
  });

  it("saas admins do not see other workspaces' workspace templates either", async () => {
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({
      category,
      visibility: "workspace",
      ownerWorkspaceId: team.workspaceId,
    });
    expect(await browse(admin.token, category)).toEqual([]);
    const res = await client.json(`/v1/admin/templates/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { isFeatured: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
  });

  it("a pending or rejected public template is invisible in others' browse until approved", async () => {
    const category = uniqueTag("cat");
    const pending = await insertTemplateRow({
      category,
      review: "pending",
      ownerWorkspaceId: team.workspaceId,
    });
    const rejected = await insertTemplateRow({
      category,
      review: "rejected",
      ownerWorkspaceId: team.workspaceId,
    });
    expect(new Set(await browse(team.member.token, category))).toEqual(
      new Set([pending, rejected]),
    );
    expect(await browse(team.outsider.token, category)).toEqual([]);
    await expectHiddenFrom(team.outsider.token, team.otherWorkspaceId, pending);
    await expectHiddenFrom(team.outsider.token, team.otherWorkspaceId, rejected);

    await adminSql()`update connectors.connector_templates set review = 'approved' where id = ${pending}`;
    expect(await browse(team.outsider.token, category)).toEqual([pending]);
  });
});

describe("workspace boundaries", () => {
  it("an outsider gets 404 installing a public template into another workspace, and nothing is written", async () => {
    const id = await insertTemplateRow();
    const before = await adminSql()`
      select id from connectors.connectors where workspace_id = ${team.workspaceId} order by id`;
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/templates/${id}/install`, {
      method: "POST",
      token: team.outsider.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
    const after = await adminSql()`
      select id from connectors.connectors where workspace_id = ${team.workspaceId} order by id`;
    expect(after).toEqual(before);
    const [row] = await adminSql()<{ install_count: number }[]>`
      select install_count from connectors.connector_templates where id = ${id}`;
    expect(row?.install_count).toBe(0);
  });

  it("an outsider cannot publish another workspace's connector (404), not even through their own workspace", async () => {
    const connector = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/connectors`,
      {
        method: "POST",
        token: team.owner.token,
        body: { name: "Private recipe", definition: simpleDefinition() },
      },
    );
    const body = { connectorId: connector.body.id, slug: uniqueTag("steal"), visibility: "public" };
    for (const ws of [team.workspaceId, team.otherWorkspaceId]) {
      const res = await client.json(`/v1/workspaces/${ws}/templates`, {
        method: "POST",
        token: team.outsider.token,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
    }
    const [row] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_templates where slug = ${body.slug}`;
    expect(row?.n).toBe(0);
  });

  it("a member gets 403 publishing, before the body is even validated", async () => {
    const ws = `/v1/workspaces/${team.workspaceId}/templates`;
    for (const body of [{}, { connectorId: "x" }, "not json"]) {
      const res = await client.json(ws, { method: "POST", token: team.member.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject(envelope("forbidden"));
    }
  });

  it("the upgrade route of another workspace's connector is 404", async () => {
    const id = await insertTemplateRow();
    const installed = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/templates/${id}/install`,
      { method: "POST", token: team.member.token },
    );
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    for (const ws of [team.workspaceId, team.otherWorkspaceId]) {
      const res = await client.json(
        `/v1/workspaces/${ws}/connectors/${installed.body.id}/upgrade`,
        {
          method: "POST",
          token: team.outsider.token,
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(404);
    }
  });
});

describe("secrets", () => {
  it("publishing never copies a credential value: the secret appears nowhere in the template", async () => {
    const own = await createTeam();
    const secret = `sk_live_${crypto.randomUUID().replace(/-/g, "")}`;
    const ws = `/v1/workspaces/${own.workspaceId}`;
    const stored = await client.json(`${ws}/credentials/example_token`, {
      method: "PUT",
      token: own.owner.token,
      body: { value: secret, allowedHosts: ["127.0.0.1:8788"] },
    });
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    const connector = await client.json<Connector>(`${ws}/connectors`, {
      method: "POST",
      token: own.member.token,
      body: { name: "Uses a secret", definition: specExample() },
    });
    expect(connector.status, JSON.stringify(connector.body)).toBe(201);
    const published = await client.json<Template>(`${ws}/templates`, {
      method: "POST",
      token: own.owner.token,
      body: { connectorId: connector.body.id, slug: uniqueTag("secret"), visibility: "public" },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(JSON.stringify(published.body)).not.toContain(secret);
    expect(published.body.requiredCredentials).toEqual([
      {
        name: "example_token",
        authType: "bearer",
        allowedHosts: ["127.0.0.1:8788"],
        helpText: null,
      },
    ]);
    const [row] = await adminSql()`
      select * from connectors.connector_templates where id = ${published.body.id}`;
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = await adminSql()`
      select metadata from connectors.audit_log where workspace_id = ${own.workspaceId}`;
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("a workspace admin cannot make their template official or featured, even by writing SQL as themselves", async () => {
    // The API refuses the fields (strict body); the database refuses them too (guard trigger).
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/templates`, {
      method: "POST",
      token: team.owner.token,
      body: {
        connectorId: crypto.randomUUID(),
        slug: uniqueTag("sneaky"),
        visibility: "public",
        isOfficial: true,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const sql = adminSql();
    await expect(
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true),
          set_config('request.jwt.claims', ${JSON.stringify({ sub: team.owner.id, role: "authenticated" })}, true)`;
        await tx`insert into connectors.connector_templates
          (slug, name, definition, owner_workspace_id, is_featured)
          values (${uniqueTag("sneaky")}, 'x', '{}', ${team.workspaceId}, true)`;
      }),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("who published a template", () => {
  it("names the owner workspace and author only to its members and saas admins, in every answer", async () => {
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({ category, ownerWorkspaceId: team.workspaceId });
    await adminSql()`
      update connectors.connector_templates set created_by = ${team.owner.id} where id = ${id}`;
    const secrets = [team.workspaceId, team.owner.id];

    // Everything a non-member can get back about the template, errors included.
    const answers = [
      await client.json(`/v1/templates/${id}`, { token: team.outsider.token }),
      await client.json(`/v1/templates?category=${category}`, { token: team.outsider.token }),
      await client.json(`/v1/templates?category=${category}&sort=newest`, {
        token: team.outsider.token,
      }),
      await client.json(`/v1/workspaces/${team.otherWorkspaceId}/templates/${id}/install`, {
        method: "POST",
        token: team.outsider.token,
      }),
      await client.json(`/v1/workspaces/${team.otherWorkspaceId}/templates/${id}/install`, {
        method: "POST",
        token: team.outsider.token,
        body: { credentials: { example_token: "missing_here" } },
      }),
      await client.json(`/v1/templates/${id}/rating`, {
        method: "PUT",
        token: team.outsider.token,
        body: { rating: 4 },
      }),
      await client.json(`/v1/templates/${id}/ratings`, { token: team.outsider.token }),
    ];
    const [one, page, , installed] = answers;
    expect(one?.status).toBe(200);
    expect(one?.body).toMatchObject({ id, ownerWorkspaceId: null, createdBy: null });
    expect((page?.body as Page<Template> | undefined)?.data).toEqual([one?.body]);
    expect(installed?.status, JSON.stringify(installed?.body)).toBe(201);
    for (const answer of answers) {
      const text = JSON.stringify(answer.body);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }

    // Members of the owner workspace and saas admins see who published it.
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    for (const token of [team.member.token, admin.token]) {
      const one = await client.json<Template>(`/v1/templates/${id}`, { token });
      expect(one.body).toMatchObject({
        ownerWorkspaceId: team.workspaceId,
        createdBy: team.owner.id,
      });
      const page = await client.json<Page<Template>>(`/v1/templates?category=${category}`, {
        token,
      });
      expect(page.body.data[0]).toMatchObject({ ownerWorkspaceId: team.workspaceId });
    }
  });

  it("shows who created a platform template to saas admins only", async () => {
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    const id = await insertTemplateRow({ isOfficial: true });
    await adminSql()`update connectors.connector_templates set created_by = ${admin.id} where id = ${id}`;
    const seen = await client.json<Template>(`/v1/templates/${id}`, { token: team.member.token });
    expect(seen.body).toMatchObject({ ownerWorkspaceId: null, createdBy: null });
    const own = await client.json<Template>(`/v1/templates/${id}`, { token: admin.token });
    expect(own.body).toMatchObject({ ownerWorkspaceId: null, createdBy: admin.id });
  });
});
