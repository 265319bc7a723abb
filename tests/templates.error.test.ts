import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/services/templates.ts";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition, specExample } from "./harness/definitions.ts";
import { adminSql, createTeam, insertCredentialRow } from "./harness/fixtures.ts";
import { insertTemplateRow, uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Problem = { path: string; message: string };
let team: Team;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });

beforeAll(async () => {
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
});

const install = (ws: string, id: string, token: string, body?: unknown) =>
  client.json<Connector & { error: { details: Problem[] } }>(
    `/v1/workspaces/${ws}/templates/${id}/install`,
    { method: "POST", token, body },
  );

/** Two steps, two credentials: one per host. */
function twoCredentialDefinition() {
  return {
    steps: [
      {
        id: "find",
        request: {
          method: "GET",
          url: "http://127.0.0.1:8788/v1/people?email={{input.email}}",
          auth: { type: "bearer", credential: "people_token" },
        },
        extract: { id: "$.results[0].id" },
      },
      {
        id: "notify",
        request: {
          method: "POST",
          url: "https://hooks.example.com/notify",
          headers: { "X-Key": "{{credentials.hook_key}}" },
          body: { type: "json", value: { id: "{{steps.find.id}}" } },
        },
      },
    ],
  };
}

async function connectorCount(workspaceId: string): Promise<number> {
  const [row] = await adminSql()<{ n: number }[]>`
    select count(*)::int as n from connectors.connectors where workspace_id = ${workspaceId}`;
  return row?.n ?? 0;
}

describe("install refusals", () => {
  it("names each missing credential (422) and installs nothing", async () => {
    const own = await createTeam();
    const id = await insertTemplateRow({ definition: twoCredentialDefinition() });
    const res = await install(own.workspaceId, id, own.member.token);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject(envelope("invalid_definition"));
    const details = res.body.error.details;
    expect(details.map((d) => d.path)).toEqual([
      "credentials.hook_key",
      "credentials.people_token",
    ]);
    expect(details[0]?.message).toContain('"hook_key"');
    expect(details[1]?.message).toContain('"people_token"');
    expect(await connectorCount(own.workspaceId)).toBe(0);
    const [tpl] = await adminSql()<{ install_count: number }[]>`
      select install_count from connectors.connector_templates where id = ${id}`;
    expect(tpl?.install_count).toBe(0);
  });

  it("names a credential bound to a workspace credential that does not exist", async () => {
    const own = await createTeam();
    await insertCredentialRow(own.workspaceId, "people_token", ["127.0.0.1:8788"]);
    const id = await insertTemplateRow({ definition: twoCredentialDefinition() });
    const res = await install(own.workspaceId, id, own.member.token, {
      credentials: { hook_key: "no_such_key" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: "credentials.hook_key", message: expect.stringContaining('"no_such_key"') },
    ]);
  });

  it("refuses a credential whose allowedHosts do not cover the hosts the template calls", async () => {
    const own = await createTeam();
    await insertCredentialRow(own.workspaceId, "people_token", ["api.example.com"]);
    await insertCredentialRow(own.workspaceId, "hook_key", ["hooks.example.com"]);
    const id = await insertTemplateRow({ definition: twoCredentialDefinition() });
    const res = await install(own.workspaceId, id, own.member.token);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details).toEqual([
      {
        path: "credentials.people_token",
        message: expect.stringContaining("may not be sent to 127.0.0.1:8788"),
      },
    ]);
    // Binding never widens a credential: its hosts are what they were.
    const [cred] = await adminSql()<{ allowed_hosts: string[] }[]>`
      select allowed_hosts from connectors.workspace_api_credentials
      where workspace_id = ${own.workspaceId} and name = 'people_token'`;
    expect(cred?.allowed_hosts).toEqual(["api.example.com"]);
    expect(await connectorCount(own.workspaceId)).toBe(0);
  });

  it("a templated subdomain needs a *.domain credential: one host of it is not enough", async () => {
    const own = await createTeam();
    await insertCredentialRow(own.workspaceId, "shop_token", ["acme.myshopify.com"]);
    await insertCredentialRow(own.workspaceId, "any_shop", ["*.myshopify.com"]);
    const id = await insertTemplateRow({
      definition: {
        steps: [
          {
            id: "shop",
            request: {
              method: "GET",
              url: "https://{{input.shop}}.myshopify.com/admin/customers.json",
              auth: { type: "bearer", credential: "shop_token" },
            },
          },
        ],
      },
    });
    const narrow = await install(own.workspaceId, id, own.member.token);
    expect(narrow.status, JSON.stringify(narrow.body)).toBe(422);
    expect(narrow.body.error.details).toEqual([
      { path: "credentials.shop_token", message: expect.stringContaining("*.myshopify.com") },
    ]);
    const wide = await install(own.workspaceId, id, own.member.token, {
      credentials: { shop_token: "any_shop" },
    });
    expect(wide.status, JSON.stringify(wide.body)).toBe(201);
  });

  it("a binding for a credential the template does not use is 400", async () => {
    const id = await insertTemplateRow();
    const res = await install(team.workspaceId, id, team.member.token, {
      credentials: { not_used: "example_token" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("refuses malformed install bodies with 400", async () => {
    const id = await insertTemplateRow();
    for (const body of [
      { templateId: id },
      { name: "" },
      { credentials: { example_token: "Bad Name" } },
      { credentials: ["example_token"] },
    ]) {
      const res = await install(team.workspaceId, id, team.member.token, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
  });

  it("an unknown or malformed template id is 404", async () => {
    for (const id of [crypto.randomUUID(), "not-a-uuid"]) {
      const res = await install(team.workspaceId, id, team.member.token);
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      const read = await client.json(`/v1/templates/${id}`, { token: team.member.token });
      expect(read.status).toBe(404);
    }
  });
});

describe("upgrade refusals", () => {
  it("409 for a connector not installed from a template, and for one at the latest version", async () => {
    const ws = `/v1/workspaces/${team.workspaceId}`;
    const plain = await client.json<Connector>(`${ws}/connectors`, {
      method: "POST",
      token: team.member.token,
      body: { name: "Plain", definition: simpleDefinition() },
    });
    const notFromTemplate = await client.json(`${ws}/connectors/${plain.body.id}/upgrade`, {
      method: "POST",
      token: team.member.token,
    });
    expect(notFromTemplate.status, JSON.stringify(notFromTemplate.body)).toBe(409);
    expect(notFromTemplate.body).toMatchObject(envelope("conflict"));

    const id = await insertTemplateRow();
    const installed = await install(team.workspaceId, id, team.member.token);
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const latest = await client.json(`${ws}/connectors/${installed.body.id}/upgrade`, {
      method: "POST",
      token: team.member.token,
    });
    expect(latest.status, JSON.stringify(latest.body)).toBe(409);
  });

  it("422 when the new version needs a credential the workspace lacks; the connector is unchanged", async () => {
    const own = await createTeam();
    await insertCredentialRow(own.workspaceId, "example_token", ["127.0.0.1:8788"]);
    const id = await insertTemplateRow();
    const installed = await install(own.workspaceId, id, own.member.token);
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    await adminSql()`update connectors.connector_templates
      set definition = ${adminSql().json(twoCredentialDefinition())}, version = 2 where id = ${id}`;
    const url = `/v1/workspaces/${own.workspaceId}/connectors/${installed.body.id}`;
    const res = await client.json<{ error: { details: Problem[] } }>(`${url}/upgrade`, {
      method: "POST",
      token: own.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    // Step "find" keeps the credential the connector's "find" uses (example_token), so only the
    // new step's hook_key is missing.
    expect(res.body.error.details.map((d) => d.path)).toEqual(["credentials.hook_key"]);
    const after = await client.json<Connector>(url, { token: own.member.token });
    expect(after.body).toMatchObject({ templateVersion: 1, updateAvailable: true });
    expect(after.body.definition).toEqual(specExample());
  });

  it("an unknown connector is 404", async () => {
    const res = await client.json(
      `/v1/workspaces/${team.workspaceId}/connectors/${crypto.randomUUID()}/upgrade`,
      { method: "POST", token: team.member.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(404);
  });
});

describe("browse refusals", () => {
  it("a cursor only works with the sort it came from (400 otherwise)", async () => {
    const category = uniqueTag("cat");
    for (let i = 0; i < 3; i++) await insertTemplateRow({ category });
    const first = await client.json<{ nextCursor: string | null }>(
      `/v1/templates?category=${category}&limit=1&sort=popular`,
      { token: team.member.token },
    );
    const cursor = first.body.nextCursor;
    expect(cursor).toBeTruthy();
    for (const sort of ["rating", "newest"]) {
      const res = await client.json(
        `/v1/templates?category=${category}&limit=1&sort=${sort}&cursor=${cursor}`,
        { token: team.member.token },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
    const same = await client.json(
      `/v1/templates?category=${category}&limit=1&sort=popular&cursor=${cursor}`,
      { token: team.member.token },
    );
    expect(same.status).toBe(200);
  });

  it("refuses bad query values with 400", async () => {
    for (const query of [
      "sort=best",
      "featured=yes",
      "official=1",
      "limit=0",
      "limit=101",
      "cursor=garbage",
      `cursor=${btoa(JSON.stringify(["t1", "popular", -1, crypto.randomUUID()]))}`,
      "review=maybe",
    ]) {
      const res = await client.json(`/v1/templates?${query}`, { token: team.member.token });
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(400);
    }
  });
});

describe("publish refusals", () => {
  it("a slug that is taken is 409", async () => {
    const ws = `/v1/workspaces/${team.workspaceId}`;
    const connector = await client.json<Connector>(`${ws}/connectors`, {
      method: "POST",
      token: team.owner.token,
      body: { name: "To publish", definition: simpleDefinition() },
    });
    const slug = uniqueTag("taken");
    const body = { connectorId: connector.body.id, slug, visibility: "workspace" };
    const first = await client.json<Template>(`${ws}/templates`, {
      method: "POST",
      token: team.owner.token,
      body,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await client.json(`${ws}/templates`, {
      method: "POST",
      token: team.admin.token,
      body,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body).toMatchObject(envelope("conflict"));
  });

  it("an unknown connector is 404 and malformed bodies are 400", async () => {
    const ws = `/v1/workspaces/${team.workspaceId}`;
    const missing = await client.json(`${ws}/templates`, {
      method: "POST",
      token: team.owner.token,
      body: { connectorId: crypto.randomUUID(), slug: uniqueTag("x"), visibility: "public" },
    });
    expect(missing.status, JSON.stringify(missing.body)).toBe(404);
    const connector = await client.json<Connector>(`${ws}/connectors`, {
      method: "POST",
      token: team.owner.token,
      body: { name: "Body checks", definition: simpleDefinition() },
    });
    const good = { connectorId: connector.body.id, slug: uniqueTag("ok"), visibility: "public" };
    for (const body of [
      { ...good, slug: "Not A Slug" },
      { ...good, visibility: "private" },
      { ...good, isOfficial: true },
      { ...good, isFeatured: true },
      { ...good, review: "approved" },
      { slug: good.slug, visibility: "public" },
    ]) {
      const res = await client.json(`${ws}/templates`, {
        method: "POST",
        token: team.owner.token,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
  });
});
