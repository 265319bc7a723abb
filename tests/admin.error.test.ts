import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition, specExample } from "./harness/definitions.ts";
import { createTeam, createUser, makeSaasAdmin, type TestUser } from "./harness/fixtures.ts";
import { insertTemplateRow, templateRow, uniqueTag } from "./harness/templates.ts";

let admin: TestUser;
const client = testClient();

beforeAll(async () => {
  admin = await createUser("saas");
  await makeSaasAdmin(admin.id);
});

const createBody = () => ({
  slug: uniqueTag("adm"),
  name: "Admin template",
  definition: simpleDefinition(),
});

describe("creating and updating templates", () => {
  it("a definition with problems is 422 with the path of each, and nothing is created", async () => {
    const body = {
      ...createBody(),
      definition: {
        steps: [
          { id: "a", request: { method: "GET", url: "ftp://files.example.com/x" } },
          { id: "b", request: { method: "GET", url: "https://api.example.com/{{steps.zz.id}}" } },
        ],
      },
    };
    const res = await client.json<{ error: { details: { path: string }[] } }>(
      "/v1/admin/templates",
      { method: "POST", token: admin.token, body },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject(envelope("invalid_definition"));
    expect(res.body.error.details.map((d) => d.path)).toEqual([
      "steps[0].request.url",
      "steps[1].request.url",
    ]);
    const listed = await client.json<{ data: unknown[] }>(`/v1/templates?q=${body.slug}`, {
      token: admin.token,
    });
    expect(listed.body.data).toEqual([]);
  });

  it("the outbound guard applies to templates too: a private address is 422", async () => {
    const res = await client.json("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: { ...createBody(), definition: simpleDefinition("http://169.254.169.254/latest") },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
  });

  it("malformed bodies are 400", async () => {
    for (const body of [
      { ...createBody(), slug: "Bad Slug" },
      { ...createBody(), installCount: 5 },
      { ...createBody(), ratingAvg: 5 },
      { ...createBody(), version: 9 },
      { ...createBody(), visibility: "private" },
      { ...createBody(), visibility: "workspace" },
      { name: "No slug", definition: simpleDefinition() },
      { ...createBody(), definition: "steps" },
    ]) {
      const res = await client.json("/v1/admin/templates", {
        method: "POST",
        token: admin.token,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
  });

  it("a taken slug is 409, on create and on update", async () => {
    const first = createBody();
    const created = await client.json("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: first,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const again = await client.json("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: { ...createBody(), slug: first.slug },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body).toMatchObject(envelope("conflict"));
    const other = await insertTemplateRow();
    const renamed = await client.json(`/v1/admin/templates/${other}`, {
      method: "PATCH",
      token: admin.token,
      body: { slug: first.slug },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(409);
  });

  it("making a platform template workspace-only is 400 (it has no workspace)", async () => {
    const id = await insertTemplateRow();
    const res = await client.json(`/v1/admin/templates/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { visibility: "workspace" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("a bad definition in an update is 422 and leaves the template as it was", async () => {
    const id = await insertTemplateRow();
    const res = await client.json(`/v1/admin/templates/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { name: "Changed", definition: { steps: [] } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(await templateRow(id)).toMatchObject({ version: 1 });
  });

  it("a workspace template needs a workspace the admin belongs to", async () => {
    const team = await createTeam();
    const res = await client.json("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: { ...createBody(), visibility: "workspace", ownerWorkspaceId: team.workspaceId },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    const missing = await client.json("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: { ...createBody(), ownerWorkspaceId: crypto.randomUUID() },
    });
    expect(missing.status, JSON.stringify(missing.body)).toBe(400);
  });

  it("unknown templates are 404 for update, delete and review", async () => {
    for (const id of [crypto.randomUUID(), "nope"]) {
      const patch = await client.json(`/v1/admin/templates/${id}`, {
        method: "PATCH",
        token: admin.token,
        body: { name: "x" },
      });
      expect(patch.status, JSON.stringify(patch.body)).toBe(404);
      const del = await client.json(`/v1/admin/templates/${id}`, {
        method: "DELETE",
        token: admin.token,
      });
      expect(del.status, JSON.stringify(del.body)).toBe(404);
      const review = await client.json(`/v1/admin/templates/${id}/review`, {
        method: "POST",
        token: admin.token,
        body: { decision: "approved" },
      });
      expect(review.status, JSON.stringify(review.body)).toBe(404);
    }
  });
});

describe("review", () => {
  it("only public community templates are reviewed (409 otherwise); bad decisions are 400", async () => {
    const official = await insertTemplateRow({ isOfficial: true });
    const platform = await insertTemplateRow({ definition: specExample() });
    for (const id of [official, platform]) {
      const res = await client.json(`/v1/admin/templates/${id}/review`, {
        method: "POST",
        token: admin.token,
        body: { decision: "rejected" },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
    }
    const team = await createTeam();
    const community = await insertTemplateRow({
      review: "pending",
      ownerWorkspaceId: team.workspaceId,
    });
    for (const body of [{}, { decision: "maybe" }, { decision: "approved", extra: 1 }]) {
      const res = await client.json(`/v1/admin/templates/${community}/review`, {
        method: "POST",
        token: admin.token,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
    expect((await templateRow(community)).review).toBe("pending");
  });
});

describe("admin reads", () => {
  it("refuses bad query values with 400", async () => {
    for (const path of [
      "/v1/admin/executions?status=done",
      "/v1/admin/executions?workspaceId=nope",
      "/v1/admin/executions?limit=0",
      "/v1/admin/workspaces?limit=101",
      "/v1/admin/workspaces?cursor=garbage",
    ]) {
      const res = await client.json(path, { token: admin.token });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
    }
  });
});
