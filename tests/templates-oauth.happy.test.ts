// Templates that authenticate with OAuth 2.0: their presets are shown, stored and kept, and
// install binds an OAuth 2.0 credential that matches the preset (SPEC §10, docs/TEMPLATES.md).
import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/services/templates.ts";
import { testClient } from "./harness/app.ts";
import { createTeam, createUser, makeSaasAdmin, type TestUser } from "./harness/fixtures.ts";
import {
  insertOAuthCredentialRow,
  insertOfficialCopy,
  officialConfig,
} from "./harness/oauth-templates.ts";
import { uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });
let team: Team;
let admin: TestUser;

const DEMO_PRESET = {
  grantType: "authorization_code",
  authorizeUrl: "http://127.0.0.1:8788/oauth/authorize",
  tokenUrl: "http://127.0.0.1:8788/oauth/token",
  scopes: ["people.read"],
};

function demoDefinition(credential = "demo_oauth") {
  return {
    input: { type: "object", required: ["email"], properties: { email: { type: "string" } } },
    steps: [
      {
        id: "find",
        request: {
          method: "GET",
          url: "http://127.0.0.1:8788/v1/people?email={{input.email}}",
          auth: { type: "oauth2", credential },
        },
        extract: { personId: "$.results[0].id" },
      },
    ],
  };
}

beforeAll(async () => {
  team = await createTeam();
  admin = await createUser("saas");
  await makeSaasAdmin(admin.id, "admin");
});

describe("official templates with an OAuth 2.0 preset", () => {
  it("browse shows the preset on the oauth2 credential, never a client id or secret", async () => {
    const id = await insertOfficialCopy("google-sheets-append-row");
    const res = await client.json<Template>(`/v1/templates/${id}`, { token: team.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.requiredCredentials).toEqual([
      expect.objectContaining({
        name: "google_sheets_token",
        authType: "oauth2",
        allowedHosts: ["sheets.googleapis.com"],
        oauth: {
          grantType: "authorization_code",
          authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
          tokenUrl: "https://oauth2.googleapis.com/token",
          scopes: ["https://www.googleapis.com/auth/spreadsheets"],
          scopeSeparator: " ",
          extraAuthorizeParams: { access_type: "offline", prompt: "consent" },
          tokenAuthMethod: "client_secret_post",
        },
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/clientId|clientSecret/);
  });

  it("installs when bound to an OAuth 2.0 credential stored with the preset", async () => {
    const id = await insertOfficialCopy("slack-post-to-general");
    await insertOAuthCredentialRow(
      team.workspaceId,
      "slack_oauth",
      ["slack.com"],
      officialConfig("slack-post-to-general", "slack_oauth"),
    );
    const res = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/templates/${id}/install`,
      { method: "POST", token: team.admin.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.definition.steps.map((s) => s.request.auth)).toEqual([
      { type: "oauth2", credential: "slack_oauth" },
      { type: "oauth2", credential: "slack_oauth" },
    ]);
  });

  it("binds another name, a tenant-specific token URL and extra scopes", async () => {
    const id = await insertOfficialCopy("microsoft-graph-list-users");
    const config = officialConfig("microsoft-graph-list-users", "microsoft_graph_oauth");
    await insertOAuthCredentialRow(team.workspaceId, "contoso_graph", ["graph.microsoft.com"], {
      ...config,
      authorizeUrl: "https://login.microsoftonline.com/0d3c9b1e-tenant/oauth2/v2.0/authorize",
      tokenUrl: "https://login.microsoftonline.com/0d3c9b1e-tenant/oauth2/v2.0/token",
      scopes: [...config.scopes, "openid"],
    });
    const res = await client.json<Connector>(
      `/v1/workspaces/${team.workspaceId}/templates/${id}/install`,
      {
        method: "POST",
        token: team.admin.token,
        body: { credentials: { microsoft_graph_oauth: "contoso_graph" } },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.definition.steps[0]?.request.auth).toEqual({
      type: "oauth2",
      credential: "contoso_graph",
    });
    expect(res.body.definition.steps[0]?.paginate?.type).toBe("nextUrl");
  });
});

describe("admins attach presets to their templates", () => {
  it("a preset given with a template is stored with its defaults and shown", async () => {
    const res = await client.json<Template>("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: {
        slug: uniqueTag("oauth"),
        name: "Demo people over OAuth",
        definition: demoDefinition(),
        credentialOAuth: { demo_oauth: DEMO_PRESET },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.requiredCredentials).toEqual([
      {
        name: "demo_oauth",
        authType: "oauth2",
        allowedHosts: ["127.0.0.1:8788"],
        helpText: null,
        oauth: {
          ...DEMO_PRESET,
          scopeSeparator: " ",
          extraAuthorizeParams: {},
          tokenAuthMethod: "client_secret_basic",
        },
      },
    ]);
  });

  it("an update keeps the preset of a credential still sent as oauth2 and drops a renamed one's", async () => {
    const created = await client.json<Template>("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: {
        slug: uniqueTag("oauth"),
        name: "Demo people over OAuth",
        definition: demoDefinition(),
        credentialOAuth: { demo_oauth: DEMO_PRESET },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patch = (body: unknown) =>
      client.json<Template>(`/v1/admin/templates/${created.body.id}`, {
        method: "PATCH",
        token: admin.token,
        body,
      });
    const help = await patch({ credentialHelp: { demo_oauth: "Register a client." } });
    expect(help.status, JSON.stringify(help.body)).toBe(200);
    expect(help.body.requiredCredentials[0]).toMatchObject({
      helpText: "Register a client.",
      oauth: { scopes: ["people.read"] },
    });
    const renamed = await patch({ definition: demoDefinition("people_oauth") });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.requiredCredentials[0]?.name).toBe("people_oauth");
    expect(renamed.body.requiredCredentials[0]?.oauth).toBeUndefined();
  });
});
