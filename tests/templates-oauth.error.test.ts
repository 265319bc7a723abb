// Install refuses what an OAuth 2.0 template cannot use (422 naming the template credential), and
// admins cannot attach a preset that is not one (SPEC §10, docs/TEMPLATES.md).
import { beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import {
  createTeam,
  createUser,
  insertCredentialRow,
  makeSaasAdmin,
  type TestUser,
} from "./harness/fixtures.ts";
import {
  insertOAuthCredentialRow,
  insertOfficialCopy,
  officialConfig,
} from "./harness/oauth-templates.ts";
import { uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Problem = { path: string; message: string };
type ErrorBody = { error: { code: string; details?: Problem[] } };
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });
let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("saas");
  await makeSaasAdmin(admin.id, "admin");
});

async function installSheets(team: Team, body?: unknown) {
  const id = await insertOfficialCopy("google-sheets-append-row");
  return client.json<ErrorBody>(`/v1/workspaces/${team.workspaceId}/templates/${id}/install`, {
    method: "POST",
    token: team.admin.token,
    body,
  });
}

function expectProblem(res: { status: number; body: ErrorBody }, path: string, text: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error.code).toBe("invalid_definition");
  expect(res.body.error.details).toEqual([{ path, message: expect.stringMatching(text) }]);
}

describe("installing a template whose steps authenticate with OAuth 2.0", () => {
  it("refuses a static token credential, saying to store an OAuth 2.0 credential", async () => {
    const team = await createTeam();
    await insertCredentialRow(team.workspaceId, "google_sheets_token", ["sheets.googleapis.com"]);
    expectProblem(
      await installSheets(team),
      "credentials.google_sheets_token",
      /is not an OAuth 2\.0 credential.*authType oauth2.*preset/,
    );
  });

  it("refuses an OAuth 2.0 credential of another grant", async () => {
    const team = await createTeam();
    await insertOAuthCredentialRow(
      team.workspaceId,
      "google_sheets_token",
      ["sheets.googleapis.com"],
      {
        ...officialConfig("google-sheets-append-row", "google_sheets_token"),
        grantType: "client_credentials",
        authorizeUrl: null,
        extraAuthorizeParams: {},
      },
    );
    expectProblem(
      await installSheets(team),
      "credentials.google_sheets_token",
      /does not match the template's preset: it uses the client_credentials grant/,
    );
  });

  it("refuses an OAuth 2.0 credential that does not ask for a scope the template needs", async () => {
    const team = await createTeam();
    await insertOAuthCredentialRow(team.workspaceId, "sheets_readonly", ["sheets.googleapis.com"], {
      ...officialConfig("google-sheets-append-row", "google_sheets_token"),
      scopes: ["https://www.googleapis.com/auth/spreadsheets.readonly"],
    });
    expectProblem(
      await installSheets(team, { credentials: { google_sheets_token: "sheets_readonly" } }),
      "credentials.google_sheets_token",
      /does not ask for the scopes https:\/\/www\.googleapis\.com\/auth\/spreadsheets$/,
    );
  });

  it("refuses a matching OAuth 2.0 credential whose hosts do not cover the template's", async () => {
    const team = await createTeam();
    await insertOAuthCredentialRow(
      team.workspaceId,
      "google_sheets_token",
      ["www.googleapis.com"],
      officialConfig("google-sheets-append-row", "google_sheets_token"),
    );
    expectProblem(
      await installSheets(team),
      "credentials.google_sheets_token",
      /may not be sent to sheets\.googleapis\.com/,
    );
  });

  it("names the missing credential when the workspace has none", async () => {
    const team = await createTeam();
    expectProblem(
      await installSheets(team),
      "credentials.google_sheets_token",
      /needs a credential "google_sheets_token"/,
    );
  });
});

describe("presets that are not", () => {
  const definition = {
    steps: [
      {
        id: "find",
        request: {
          method: "GET",
          url: "http://127.0.0.1:8788/v1/people",
          auth: { type: "bearer", credential: "demo_token" },
        },
      },
    ],
  };
  const preset = {
    grantType: "authorization_code",
    authorizeUrl: "https://auth.example.com/authorize",
    tokenUrl: "https://auth.example.com/token",
  };
  const create = (body: Record<string, unknown>) =>
    client.json<ErrorBody>("/v1/admin/templates", {
      method: "POST",
      token: admin.token,
      body: { slug: uniqueTag("oauth"), name: "Preset checks", definition, ...body },
    });

  it("a preset for a credential no step sends as oauth2 is 422", async () => {
    expectProblem(
      await create({ credentialOAuth: { demo_token: preset } }),
      "credentialOAuth.demo_token",
      /not sent through an oauth2 auth block/,
    );
  });

  it("a preset whose token URL is plain http or reaches a private address is 422", async () => {
    const oauthDefinition = structuredClone(definition);
    const step = oauthDefinition.steps[0];
    if (step) step.request.auth = { type: "oauth2", credential: "demo_token" };
    const plain = await create({
      definition: oauthDefinition,
      credentialOAuth: { demo_token: { ...preset, tokenUrl: "http://auth.example.com/token" } },
    });
    expectProblem(plain, "credentialOAuth.demo_token.tokenUrl", /must use https/);
    const metadata = await create({
      definition: oauthDefinition,
      credentialOAuth: { demo_token: { ...preset, tokenUrl: "https://169.254.169.254/token" } },
    });
    expectProblem(metadata, "credentialOAuth.demo_token.tokenUrl", /169\.254\.169\.254/);
  });

  it("a preset with a client secret, or without the authorize URL its grant needs, is 400", async () => {
    for (const bad of [
      { ...preset, clientSecret: "s3cr3t-never-in-a-template" },
      { ...preset, authorizeUrl: null },
    ]) {
      const res = await create({ credentialOAuth: { demo_token: bad } });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(JSON.stringify(res.body)).not.toContain("s3cr3t-never-in-a-template");
    }
  });
});

describe("presets a workspace publishes", () => {
  // Install does not compare a credential's URLs with the preset's: a preset on another
  // workspace's template could steer an admin into sending their client secret to the publisher.
  const preset = {
    grantType: "authorization_code",
    authorizeUrl: "https://auth.example.com/authorize",
    tokenUrl: "https://auth.example.com/token",
  };
  async function publish(team: Team, visibility: "public" | "workspace") {
    const ws = `/v1/workspaces/${team.workspaceId}`;
    const url = "http://127.0.0.1:8788/v1/people";
    const definition = {
      steps: [
        {
          id: "find",
          request: { method: "GET", url, auth: { type: "oauth2", credential: "crm" } },
        },
      ],
    };
    await insertCredentialRow(team.workspaceId, "crm", ["127.0.0.1:8788"]);
    const connector = await client.json<{ id: string }>(`${ws}/connectors`, {
      method: "POST",
      token: team.owner.token,
      body: { name: "Steered", definition },
    });
    expect(connector.status, JSON.stringify(connector.body)).toBe(201);
    return client.json<ErrorBody>(`${ws}/templates`, {
      method: "POST",
      token: team.owner.token,
      body: {
        connectorId: connector.body.id,
        slug: uniqueTag("steer"),
        visibility,
        credentialOAuth: { crm: preset },
      },
    });
  }

  it("a public template published by a workspace cannot carry a preset: 422", async () => {
    const team = await createTeam();
    expectProblem(await publish(team, "public"), "credentialOAuth.crm", /saas admin/);
  });

  it("a template a workspace publishes for itself may carry one", async () => {
    const team = await createTeam();
    const res = await publish(team, "workspace");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});
