// docs/SECURITY.md "Where a secret may be placed" and the AAD binding of hosts and placement rules:
// a member cannot template a credential where its owner did not allow it, and a row whose binding
// was edited at the database (not through the API, which needs the value) never decrypts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import type { Connector } from "../worker/db/connectors.ts";
import { envelope, testClient } from "./harness/app.ts";
import { arrangeConnector, waitForStatus } from "./harness/executions.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertTemplateRow } from "./harness/templates.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Problem = { path: string; message: string };
type Failure = { error: { code: string; message: string; details: Problem[] } };
const TOKEN = "tok_live_placements_9f8e7d6c5b4a";
let team: Team;
let target: TestTarget;
let client: ReturnType<typeof testClient>;

beforeAll(async () => {
  target = await startTarget({ token: TOKEN, echoAuth: true });
  client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host, RUNNER: "inline" });
  team = await createTeam();
  const stored = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/example_token`, {
    method: "PUT",
    token: team.owner.token,
    body: { value: TOKEN, allowedHosts: [target.host] },
  });
  expect(stored.status).toBe(201);
});

afterAll(async () => {
  await target.close();
});

const createAsMember = (definition: unknown) =>
  client.json<Connector & Failure>(`/v1/workspaces/${team.workspaceId}/connectors`, {
    method: "POST",
    token: team.member.token,
    body: { name: "placement attack", definition },
  });

describe("a member cannot place a credential where its owner did not allow it", () => {
  it("the issue's step, the credential inside a query value, is a 422 naming the URL", async () => {
    const res = await createAsMember({
      steps: [
        {
          id: "find",
          request: {
            method: "GET",
            url: `http://${target.host}/v1/people?email=x@{{credentials.example_token}}`,
            auth: { type: "bearer", credential: "example_token" },
          },
          extract: { company: "$.results[0].company.name" },
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject(envelope("invalid_definition"));
    expect(res.body.error.details).toEqual([
      {
        path: "steps[0].request.url",
        message: expect.stringMatching(/"query" placement/),
      },
    ]);
  });

  it("each path, query, body and alias spelling is refused with one problem per placeholder", async () => {
    const base = `http://${target.host}/v1`;
    const res = await createAsMember({
      steps: [
        {
          id: "a",
          request: {
            method: "POST",
            url: `${base}/people/{{workspace.example_token}}?q={{ credentials.example_token }}`,
            query: { token: "{{credentials.example_token}}" },
            body: {
              type: "json",
              value: { nested: [{ v: "{{credentials.example_token}}" }] },
            },
          },
        },
        {
          id: "b",
          request: {
            method: "POST",
            url: `${base}/tags`,
            body: { type: "form", value: { t: "{{credentials.example_token}}" } },
          },
        },
        {
          id: "c",
          request: {
            method: "PUT",
            url: `${base}/tags`,
            body: {
              type: "raw",
              value: "{{credentials.example_token}}",
              contentType: "text/plain",
            },
          },
        },
        {
          id: "d",
          request: {
            method: "GET",
            url: `${base}/people`,
            auth: { type: "api_key", credential: "example_token", in: "query", name: "api_key" },
          },
        },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((p) => p.path)).toEqual([
      "steps[0].request.url",
      "steps[0].request.url",
      "steps[0].request.query.token",
      "steps[0].request.body.value.nested[0].v",
      "steps[1].request.body.value.t",
      "steps[2].request.body.value",
      "steps[3].request.auth",
    ]);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
  });

  it("an edit that moves the credential into the body is refused too", async () => {
    const created = await createAsMember({
      steps: [
        {
          id: "s",
          request: {
            method: "POST",
            url: `http://${target.host}/v1/tags`,
            headers: { "X-Token": "{{credentials.example_token}}" },
          },
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await client.json<Failure>(
      `/v1/workspaces/${team.workspaceId}/connectors/${created.body.id}`,
      {
        method: "PATCH",
        token: team.member.token,
        body: {
          definition: {
            steps: [
              {
                id: "s",
                request: {
                  method: "POST",
                  url: `http://${target.host}/v1/tags`,
                  body: { type: "json", value: { echo: "{{credentials.example_token}}" } },
                },
              },
            ],
          },
        },
      },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: "steps[0].request.body.value.echo", message: expect.stringMatching(/"body"/) },
    ]);
  });

  it("installing a template that puts the credential in a query parameter says what to set", async () => {
    const own = await createTeam();
    await client.json(`/v1/workspaces/${own.workspaceId}/credentials/search_key`, {
      method: "PUT",
      token: own.owner.token,
      body: { value: TOKEN, allowedHosts: [target.host] },
    });
    const templateId = await insertTemplateRow({
      definition: {
        steps: [
          {
            id: "search",
            request: {
              method: "GET",
              url: `http://${target.host}/v1/people?api_key={{credentials.vendor_key}}`,
            },
          },
        ],
      },
      requiredCredentials: [
        {
          name: "vendor_key",
          authType: "api_key",
          allowedHosts: [target.host],
          helpText: "A key.",
          queryParam: "api_key",
        },
      ],
    });
    const install = (body: unknown) =>
      client.json<Failure & { id: string }>(
        `/v1/workspaces/${own.workspaceId}/templates/${templateId}/install`,
        { method: "POST", token: own.member.token, body },
      );
    const refused = await install({ credentials: { vendor_key: "search_key" } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.details).toEqual([
      {
        path: "credentials.vendor_key",
        message: expect.stringMatching(/query parameter "api_key".*queryParam "api_key"/),
      },
    ]);

    await client.json(`/v1/workspaces/${own.workspaceId}/credentials/search_key`, {
      method: "PUT",
      token: own.owner.token,
      body: { value: TOKEN, allowedHosts: [target.host], queryParam: "api_key" },
    });
    const installed = await install({ credentials: { vendor_key: "search_key" } });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  });
});

describe("an upgrade cannot move a bound credential where its owner did not allow it", () => {
  it("a new template version that puts the credential in the body is a 422; the connector stays", async () => {
    const own = await createTeam();
    await client.json(`/v1/workspaces/${own.workspaceId}/credentials/people_api`, {
      method: "PUT",
      token: own.owner.token,
      body: { value: TOKEN, allowedHosts: [target.host] },
    });
    const step = (body?: { type: "json"; value: Record<string, string> }) => ({
      id: "tag",
      request: {
        method: "POST",
        url: `http://${target.host}/v1/people/p_1/tags`,
        auth: { type: "bearer", credential: "example_token" },
        ...(body ? { body } : {}),
      },
    });
    const templateId = await insertTemplateRow({ definition: { steps: [step()] } });
    const installed = await client.json<Connector>(
      `/v1/workspaces/${own.workspaceId}/templates/${templateId}/install`,
      {
        method: "POST",
        token: own.member.token,
        body: { credentials: { example_token: "people_api" } },
      },
    );
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const v2 = {
      steps: [step({ type: "json", value: { echo: "{{credentials.example_token}}" } })],
    };
    await adminSql()`update connectors.connector_templates
      set definition = ${adminSql().json(v2)}, version = 2 where id = ${templateId}`;
    const url = `/v1/workspaces/${own.workspaceId}/connectors/${installed.body.id}`;
    const res = await client.json<Failure>(`${url}/upgrade`, {
      method: "POST",
      token: own.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details).toEqual([
      {
        path: "credentials.example_token",
        message: expect.stringMatching(
          /"people_api" in the request body.*placements \["body","header"\]/,
        ),
      },
    ]);
    const after = await client.json<Connector>(url, { token: own.member.token });
    expect(after.body).toMatchObject({ templateVersion: 1 });
  });
});

describe("a binding edited at the database fails decryption: credential_error, nothing sent", () => {
  const edits: [string, (ws: string) => Promise<unknown>][] = [
    [
      "allowed_hosts widened",
      (ws) => adminSql()`
        update connectors.workspace_api_credentials
        set allowed_hosts = allowed_hosts || '{attacker.example}'::text[]
        where workspace_id = ${ws} and name = 'example_token'`,
    ],
    [
      "placements widened",
      (ws) => adminSql()`
        update connectors.workspace_api_credentials set placements = '{header,query,path,body}'
        where workspace_id = ${ws} and name = 'example_token'`,
    ],
    [
      "a query parameter pinned",
      (ws) => adminSql()`
        update connectors.workspace_api_credentials set query_param = 'email'
        where workspace_id = ${ws} and name = 'example_token'`,
    ],
    [
      "the ciphertext swapped for a legacy-format one",
      async (ws) => {
        const key = await parseKeyring(DEV_CREDENTIALS_KEYS).key(1);
        const nonce = crypto.getRandomValues(new Uint8Array(12));
        const aad = new TextEncoder().encode(
          JSON.stringify(["connectors.credential.v1", ws, "example_token", 1]),
        );
        const sealed = new Uint8Array(
          await crypto.subtle.encrypt(
            { name: "AES-GCM", iv: nonce, additionalData: aad },
            key,
            new TextEncoder().encode(TOKEN),
          ),
        );
        const legacy = btoa(String.fromCharCode(...nonce, ...sealed));
        return adminSql()`
          update connectors.workspace_api_credentials set ciphertext = ${legacy}, key_version = 1
          where workspace_id = ${ws} and name = 'example_token'`;
      },
    ],
  ];

  for (const [what, edit] of edits) {
    it(`${what}: the execution and the dry run fail before any request`, async () => {
      const { team: victim, connectorId } = await arrangeConnector(client, target.host, TOKEN);
      await edit(victim.workspaceId);
      const before = target.received.length;

      const dry = await client.json<{
        status: string;
        steps: unknown[];
        error: { kind: string; message: string };
      }>(`/v1/workspaces/${victim.workspaceId}/connectors/${connectorId}/test`, {
        method: "POST",
        token: victim.member.token,
        body: { input: { email: "ada@lovelace.test" } },
      });
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(dry.body).toMatchObject({ status: "failed", steps: [] });
      expect(dry.body.error.kind).toBe("credential_error");
      expect(JSON.stringify(dry.body)).not.toContain(TOKEN);

      const started = await client.json<{ id: string }>(
        `/v1/workspaces/${victim.workspaceId}/connectors/${connectorId}/executions`,
        {
          method: "POST",
          token: victim.member.token,
          body: { input: { email: "ada@lovelace.test" } },
        },
      );
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      await client.settle();
      const row = await waitForStatus(started.body.id, ["succeeded", "failed"]);
      expect(row.status).toBe("failed");
      expect(row.error).toMatchObject({ kind: "credential_error" });
      expect(JSON.stringify(row)).not.toContain(TOKEN);
      expect(target.received.length).toBe(before);
    });
  }
});
