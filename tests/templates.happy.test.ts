import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
} from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { insertTemplateRow, templateRow, uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page<T> = { data: T[]; nextCursor: string | null };

const TOKEN = "tok_demo_5b1e9c0d7a3f4e2b";
let target: TestTarget;
let client: ReturnType<typeof testClient>;
let team: Team;

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  client = testClient({ OUTBOUND_ALLOW_HOSTS: `127.0.0.1:8788,${target.host}` });
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
});

afterAll(async () => {
  await target.close();
});

const install = (ws: string, id: string, token: string, body?: unknown) =>
  client.json<Connector>(`/v1/workspaces/${ws}/templates/${id}/install`, {
    method: "POST",
    token,
    body,
  });

describe("browse", () => {
  it("shows what installing needs: credentials, input schema, hosts, version and counters", async () => {
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({
      category,
      name: "Enrich people",
      description: "Find and tag",
    });
    const res = await client.json<Page<Template>>(`/v1/templates?category=${category}`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data).toHaveLength(1);
    const template = res.body.data[0];
    expect(template).toMatchObject({
      id,
      name: "Enrich people",
      description: "Find and tag",
      category,
      requiredCredentials: [
        {
          name: "example_token",
          authType: "bearer",
          allowedHosts: ["127.0.0.1:8788"],
          helpText: "Any token the target accepts.",
        },
      ],
      inputSchema: specExample().input,
      hosts: ["127.0.0.1:8788"],
      isOfficial: false,
      isFeatured: false,
      visibility: "public",
      review: "approved",
      ownerWorkspaceId: null,
      version: 1,
      installCount: 0,
      ratingAvg: 0,
      ratingCount: 0,
    });
    expect(template?.definition).toEqual(specExample());

    const one = await client.json<Template>(`/v1/templates/${id}`, { token: team.member.token });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toEqual(template);
  });

  it("shows a templated leading host label as *.domain, with non-default ports", async () => {
    const category = uniqueTag("cat");
    const id = await insertTemplateRow({
      category,
      definition: {
        steps: [
          {
            id: "shop",
            request: {
              method: "GET",
              url: "https://{{input.shop}}.myshopify.com/admin/api/customers.json?email={{input.email}}",
              auth: { type: "api_key", credential: "shopify_token", in: "header", name: "X-Token" },
            },
          },
          { id: "ping", request: { method: "GET", url: "https://api.example.com:8443/ping" } },
          { id: "again", request: { method: "GET", url: "https://api.example.com:8443/pong" } },
        ],
      },
    });
    const res = await client.json<Template>(`/v1/templates/${id}`, { token: team.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.hosts).toEqual(["*.myshopify.com", "api.example.com:8443"]);
  });

  it("filters by q (escaped), category, featured and official", async () => {
    const category = uniqueTag("cat");
    const word = uniqueTag("word");
    const official = await insertTemplateRow({
      category,
      name: `Official ${word}`,
      isOfficial: true,
      isFeatured: true,
    });
    const featured = await insertTemplateRow({ category, name: "Featured", isFeatured: true });
    const plain = await insertTemplateRow({
      category,
      name: "Plain",
      description: `matches 100% of ${word}`,
    });
    const decoy = await insertTemplateRow({ category, name: "Decoy", description: "1000 things" });
    const ids = async (query: string) => {
      const res = await client.json<Page<Template>>(`/v1/templates?${query}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return new Set(res.body.data.map((t) => t.id));
    };
    expect(await ids(`category=${category}`)).toEqual(new Set([official, featured, plain, decoy]));
    expect(await ids(`category=${category.toUpperCase()}&featured=true`)).toEqual(
      new Set([official, featured]),
    );
    expect(await ids(`category=${category}&featured=false`)).toEqual(new Set([plain, decoy]));
    expect(await ids(`category=${category}&official=true`)).toEqual(new Set([official]));
    expect(await ids(`category=${category}&official=false&featured=true`)).toEqual(
      new Set([featured]),
    );
    expect(await ids(`q=${word.toUpperCase()}`)).toEqual(new Set([official, plain]));
    expect(await ids(`q=${encodeURIComponent("100%")}&category=${category}`)).toEqual(
      new Set([plain]),
    );
    expect(await ids(`q=${category}`)).toEqual(new Set([official, featured, plain, decoy]));
  });

  it("pages through every sort order with its own cursor, with no gap or duplicate", async () => {
    const category = uniqueTag("cat");
    const base = Date.now() - 3_600_000;
    const specs = [
      { installs: 5, avg: "4.50", count: 2 },
      { installs: 9, avg: "3.00", count: 7 },
      { installs: 9, avg: "4.50", count: 9 },
      { installs: 1, avg: "4.50", count: 2 },
      { installs: 0, avg: "0.00", count: 0 },
      { installs: 5, avg: "2.25", count: 4 },
      { installs: 3, avg: "5.00", count: 1 },
    ];
    const rows: { id: string; installs: number; avg: number; count: number; at: number }[] = [];
    for (const [i, spec] of specs.entries()) {
      // Two rows share a creation time, so `newest` needs its id tiebreak too.
      const at = base + Math.min(i, 5) * 1000;
      const id = await insertTemplateRow({
        category,
        installCount: spec.installs,
        createdAt: new Date(at).toISOString(),
      });
      await adminSql()`update connectors.connector_templates
        set rating_avg = ${spec.avg}::numeric, rating_count = ${spec.count} where id = ${id}`;
      rows.push({ id, installs: spec.installs, avg: Number(spec.avg), count: spec.count, at });
    }
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? 1 : -1);
    const expected = {
      popular: [...rows].sort((a, b) => b.installs - a.installs || byId(a, b)),
      rating: [...rows].sort((a, b) => b.avg - a.avg || b.count - a.count || byId(a, b)),
      newest: [...rows].sort((a, b) => b.at - a.at || byId(a, b)),
    };
    for (const sort of ["popular", "rating", "newest"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `category=${category}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await client.json<Page<Template>>(`/v1/templates?${query}`, {
          token: team.member.token,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        seen.push(...res.body.data.map((t) => t.id));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages, sort).toBe(4);
      expect(seen, sort).toEqual(expected[sort].map((r) => r.id));
    }
    const popular = await client.json<Page<Template>>(`/v1/templates?category=${category}`, {
      token: team.member.token,
    });
    expect(popular.body.data.map((t) => t.id)).toEqual(expected.popular.map((r) => r.id));
  });
});

describe("install", () => {
  it("a member installs a template: the connector records templateId and templateVersion", async () => {
    const id = await insertTemplateRow({ name: "Demo enrich", description: "d", version: 3 });
    const res = await install(team.workspaceId, id, team.member.token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      workspaceId: team.workspaceId,
      name: "Demo enrich",
      description: "d",
      templateId: id,
      templateVersion: 3,
      updateAvailable: false,
      status: "active",
      createdBy: team.member.id,
    });
    expect(res.body.definition).toEqual(specExample());
    expect((await templateRow(id)).install_count).toBe(1);

    const read = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/connectors/${res.body.id}`,
      { token: team.owner.token },
    );
    expect(read.body).toEqual(res.body);
    const audit = await adminSql()<{ action: string; actor_id: string; metadata: unknown }[]>`
      select action, actor_id, metadata from connectors.audit_log
      where workspace_id = ${team.workspaceId} and target_id = ${id}`;
    expect(audit).toEqual([
      {
        action: "template.install",
        actor_id: team.member.id,
        metadata: {
          connectorId: res.body.id,
          name: "Demo enrich",
          slug: expect.any(String),
          version: 3,
        },
      },
    ]);
  });

  it("binds a template credential to a differently named workspace credential", async () => {
    const own = await createTeam();
    await insertCredentialRow(own.workspaceId, "people_api", ["*.example.com", "127.0.0.1"]);
    const id = await insertTemplateRow();
    const res = await install(own.workspaceId, id, own.member.token, {
      name: "Mine",
      credentials: { example_token: "people_api" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe("Mine");
    expect(res.body.definition).toEqual(specExample("127.0.0.1:8788", "people_api"));
  });

  it("browse → store the credential → install → dry run works end to end", async () => {
    const own = await createTeam();
    const id = await insertTemplateRow({ definition: specExample(target.host) });
    const ws = `/v1/workspaces/${own.workspaceId}`;
    const stored = await client.json(`${ws}/credentials/example_token`, {
      method: "PUT",
      token: own.owner.token,
      body: { value: TOKEN, allowedHosts: [target.host] },
    });
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    const installed = await install(own.workspaceId, id, own.member.token);
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const dry = await client.json<{ status: string; output: Record<string, unknown> }>(
      `${ws}/connectors/${installed.body.id}/test`,
      { method: "POST", token: own.member.token, body: { input: { email: "ada@lovelace.test" } } },
    );
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.status, JSON.stringify(dry.body)).toBe("succeeded");
    expect(dry.body.output).toMatchObject({ find: { personId: "p_ada" } });
  });
});

describe("upgrade", () => {
  it("a newer template version shows as updateAvailable and upgrade applies it, keeping the binding", async () => {
    const own = await createTeam();
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    await insertCredentialRow(own.workspaceId, "people_api", ["127.0.0.1:8788"]);
    const id = await insertTemplateRow();
    const installed = await install(own.workspaceId, id, own.member.token, {
      credentials: { example_token: "people_api" },
    });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const connectorUrl = `/v1/workspaces/${own.workspaceId}/connectors/${installed.body.id}`;
    await client.json(connectorUrl, {
      method: "PATCH",
      token: own.member.token,
      body: { name: "Renamed locally" },
    });

    const withHeader = (definition: ReturnType<typeof specExample>) => {
      const [find, ...rest] = definition.steps;
      const headers = { Accept: "application/json", "X-Version": "2" };
      return {
        ...definition,
        steps: [{ ...find, request: { ...find?.request, headers } }, ...rest],
      };
    };
    const v2 = withHeader(specExample());
    const patched = await client.json<Template>(`/v1/admin/templates/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { definition: v2 },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.version).toBe(2);

    const before = await client.json<Connector>(connectorUrl, { token: own.member.token });
    expect(before.body).toMatchObject({ templateVersion: 1, updateAvailable: true });

    const upgraded = await client.json<Connector>(`${connectorUrl}/upgrade`, {
      method: "POST",
      token: own.member.token,
    });
    expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
    expect(upgraded.body).toMatchObject({
      name: "Renamed locally",
      templateId: id,
      templateVersion: 2,
      updateAvailable: false,
    });
    expect(upgraded.body.definition).toEqual(
      withHeader(specExample("127.0.0.1:8788", "people_api")),
    );
    const audit = await adminSql()<{ action: string; metadata: unknown }[]>`
      select action, metadata from connectors.audit_log
      where workspace_id = ${own.workspaceId} and target_id = ${installed.body.id}
        and action = 'connector.upgrade'`;
    expect(audit).toEqual([
      { action: "connector.upgrade", metadata: { templateId: id, fromVersion: 1, toVersion: 2 } },
    ]);
  });
});

describe("publish", () => {
  it("an owner publishes a workspace template: visible to the workspace at once, credentials derived", async () => {
    const own = await createTeam();
    await insertCredentialRow(own.workspaceId, "example_token", ["127.0.0.1:8788"]);
    const connector = await client.json<Connector>(`/v1/workspaces/${own.workspaceId}/connectors`, {
      method: "POST",
      token: own.member.token,
      body: { name: "Ours", description: "Internal enrich", definition: specExample() },
    });
    expect(connector.status, JSON.stringify(connector.body)).toBe(201);
    const slug = uniqueTag("ours");
    const category = uniqueTag("cat");
    const res = await client.json<Template>(`/v1/workspaces/${own.workspaceId}/templates`, {
      method: "POST",
      token: own.owner.token,
      body: {
        connectorId: connector.body.id,
        slug,
        category,
        visibility: "workspace",
        credentialHelp: { example_token: "Ask IT for a people API token." },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      slug,
      name: "Ours",
      description: "Internal enrich",
      category,
      visibility: "workspace",
      review: "approved",
      isOfficial: false,
      isFeatured: false,
      ownerWorkspaceId: own.workspaceId,
      version: 1,
      createdBy: own.owner.id,
      hosts: ["127.0.0.1:8788"],
      requiredCredentials: [
        {
          name: "example_token",
          authType: "bearer",
          allowedHosts: ["127.0.0.1:8788"],
          helpText: "Ask IT for a people API token.",
        },
      ],
    });
    expect(res.body.definition).toEqual(specExample());

    const browse = await client.json<Page<Template>>(`/v1/templates?category=${category}`, {
      token: own.member.token,
    });
    expect(browse.body.data.map((t) => t.id)).toEqual([res.body.id]);
    const audit = await adminSql()<{ action: string; actor_id: string; metadata: unknown }[]>`
      select action, actor_id, metadata from connectors.audit_log
      where workspace_id = ${own.workspaceId} and target_id = ${res.body.id}`;
    expect(audit).toEqual([
      {
        action: "template.publish",
        actor_id: own.owner.id,
        metadata: { slug, visibility: "workspace", review: "approved" },
      },
    ]);

    // Another member of the workspace installs it from there.
    const installed = await install(own.workspaceId, res.body.id, own.member.token);
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  });

  it("a workspace admin's public template starts pending and is listed for others once approved", async () => {
    const own = await createTeam();
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    const connector = await client.json<Connector>(`/v1/workspaces/${own.workspaceId}/connectors`, {
      method: "POST",
      token: own.admin.token,
      body: {
        name: "Ping",
        definition: {
          steps: [{ id: "p", request: { method: "GET", url: "https://api.example.com/p" } }],
        },
      },
    });
    const category = uniqueTag("cat");
    const res = await client.json<Template>(`/v1/workspaces/${own.workspaceId}/templates`, {
      method: "POST",
      token: own.admin.token,
      body: {
        connectorId: connector.body.id,
        slug: uniqueTag("ping"),
        category,
        visibility: "public",
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ review: "pending", requiredCredentials: [] });
    const outsiderView = () =>
      client.json<Page<Template>>(`/v1/templates?category=${category}`, {
        token: own.outsider.token,
      });
    expect((await outsiderView()).body.data).toEqual([]);

    const reviewed = await client.json<Template>(`/v1/admin/templates/${res.body.id}/review`, {
      method: "POST",
      token: admin.token,
      body: { decision: "approved", note: "Looks fine." },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body.review).toBe("approved");
    expect((await outsiderView()).body.data.map((t) => t.id)).toEqual([res.body.id]);
  });
});

describe("documentation", () => {
  it("the OpenAPI document describes every marketplace and admin route", async () => {
    const res = await client.json<{ paths: Record<string, Record<string, unknown>> }>(
      "/v1/openapi.json",
    );
    expect(res.status).toBe(200);
    const routes = Object.entries(res.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        "GET /v1/templates",
        "GET /v1/templates/{id}",
        "PUT /v1/templates/{id}/rating",
        "GET /v1/templates/{id}/ratings",
        "POST /v1/workspaces/{ws}/templates",
        "POST /v1/workspaces/{ws}/templates/{id}/install",
        "POST /v1/workspaces/{ws}/connectors/{id}/upgrade",
        "POST /v1/admin/templates",
        "PATCH /v1/admin/templates/{id}",
        "DELETE /v1/admin/templates/{id}",
        "POST /v1/admin/templates/{id}/review",
        "GET /v1/admin/stats",
        "GET /v1/admin/workspaces",
        "GET /v1/admin/executions",
      ]),
    );
  });
});
