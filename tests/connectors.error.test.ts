import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition, specExample } from "./harness/definitions.ts";
import { adminSql, createTeam, insertCredentialRow } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Problems = { error: { code: string; details: { path: string; message: string }[] } };
let team: Team;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });
const base = () => `/v1/workspaces/${team.workspaceId}/connectors`;

beforeAll(async () => {
  team = await createTeam();
  await insertCredentialRow(team.workspaceId, "example_token", ["127.0.0.1:8788"]);
  await insertCredentialRow(team.workspaceId, "narrow_token", ["api.narrow.test"]);
});

function step(id: string, request: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id, request: { method: "GET", ...request }, ...extra };
}

const url = (path = "/x") => `https://api.example.com${path}`;

/** One bad definition per 422 case of the Management API issue, with the path it must name. */
const invalid: [string, unknown, string][] = [
  [
    "an unknown template root",
    { steps: [step("a", { url: url("/{{secrets.x}}") })] },
    "steps[0].request.url",
  ],
  [
    "a step referencing itself",
    { steps: [step("a", { url: url("/{{steps.a.id}}") }, { extract: { id: "$.id" } })] },
    "steps[0].request.url",
  ],
  [
    "a step referencing a later step",
    {
      steps: [
        step("a", { url: url("/{{steps.b.id}}") }),
        step("b", { url: url() }, { extract: { id: "$.id" } }),
      ],
    },
    "steps[0].request.url",
  ],
  [
    "an extracted name no earlier step defines",
    {
      steps: [
        step("a", { url: url() }, { extract: { id: "$.id" } }),
        step("b", { url: url("/{{steps.a.nope}}") }),
      ],
    },
    "steps[1].request.url",
  ],
  [
    "a credential the workspace does not have",
    { steps: [step("a", { url: url(), auth: { type: "bearer", credential: "missing_token" } })] },
    "steps[0].request.auth.credential",
  ],
  [
    "a malformed JSONPath",
    { steps: [step("a", { url: url() }, { extract: { id: "$.[[broken" } })] },
    "steps[0].extract.id",
  ],
  [
    "a body on a GET",
    { steps: [step("a", { url: url(), body: { type: "json", value: { a: 1 } } })] },
    "steps[0].request.body",
  ],
  [
    "an unknown method",
    { steps: [step("a", { url: url(), method: "TRACE" })] },
    "steps[0].request.method",
  ],
  [
    "duplicate step ids",
    { steps: [step("a", { url: url() }), step("a", { url: url() })] },
    "steps[1].id",
  ],
  [
    "more than 20 steps",
    { steps: Array.from({ length: 21 }, (_, i) => step(`s${i}`, { url: url() })) },
    "steps",
  ],
  [
    "an invalid JSON Schema for input",
    { input: { type: "objectt" }, steps: [step("a", { url: url() })] },
    "input.type",
  ],
  [
    "a templated host beyond one leading label",
    { steps: [step("a", { url: "https://{{input.host}}/x" })] },
    "steps[0].request.url",
  ],
  [
    "a templated host label with more than one label",
    { steps: [step("a", { url: "https://{{input.a}}.{{input.b}}.example.com/x" })] },
    "steps[0].request.url",
  ],
  [
    "a URL outside the credential's allowed hosts",
    { steps: [step("a", { url: url(), auth: { type: "bearer", credential: "narrow_token" } })] },
    "steps[0].request.url",
  ],
  [
    "a URL to the cloud metadata address",
    { steps: [step("a", { url: "http://169.254.169.254/latest/meta-data" })] },
    "steps[0].request.url",
  ],
  ["no steps at all", { steps: [] }, "steps"],
  [
    "a step without a URL",
    { steps: [{ id: "a", request: { method: "GET" } }] },
    "steps[0].request.url",
  ],
];

describe("definition validation answers 422 with the offending path", () => {
  for (const [name, definition, path] of invalid) {
    it(`refuses ${name} (${path})`, async () => {
      const res = await client.json<Problems>(base(), {
        method: "POST",
        token: team.member.token,
        body: { name: "Bad", definition },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject(envelope("invalid_definition"));
      const paths = res.body.error.details.map((problem) => problem.path);
      expect(paths, JSON.stringify(res.body.error.details)).toContain(path);
    });
  }

  it("checks a new definition on PATCH the same way, leaving the stored one untouched", async () => {
    const created = await client.json<{ id: string }>(base(), {
      method: "POST",
      token: team.member.token,
      body: { name: "Good", definition: specExample() },
    });
    expect(created.status).toBe(201);
    const res = await client.json<Problems>(`${base()}/${created.body.id}`, {
      method: "PATCH",
      token: team.member.token,
      body: { definition: { steps: [step("a", { url: url("/{{nope.x}}") })] } },
    });
    expect(res.status).toBe(422);
    const [row] = await adminSql()<{ definition: unknown }[]>`
      select definition from connectors.connectors where id = ${created.body.id}`;
    expect(row?.definition).toEqual(specExample());
  });
});

describe("malformed requests", () => {
  it("answers malformed JSON with 400", async () => {
    const res = await client.json(base(), {
      method: "POST",
      token: team.member.token,
      headers: { "content-type": "application/json" },
      body: '{"name": "x", "definition": ',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("answers a 300 KiB body with 413", async () => {
    const res = await client.json(base(), {
      method: "POST",
      token: team.member.token,
      body: { name: "Big", description: "x".repeat(300 * 1024), definition: simpleDefinition() },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject(envelope("payload_too_large"));
  });

  it("refuses ids, workspace, counters and timestamps in the body (no mass assignment)", async () => {
    for (const extra of [
      { id: crypto.randomUUID() },
      { workspaceId: team.otherWorkspaceId },
      { executionCount: 1000 },
      { createdAt: "2020-01-01T00:00:00Z" },
      { templateId: crypto.randomUUID() },
    ]) {
      const res = await client.json(base(), {
        method: "POST",
        token: team.member.token,
        body: { name: "Sneaky", definition: simpleDefinition(), ...extra },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      const patch = await client.json(`${base()}/${crypto.randomUUID()}`, {
        method: "PATCH",
        token: team.member.token,
        body: extra,
      });
      expect(patch.status).toBe(400);
    }
  });

  it("answers 400 with zod issues for a missing name or a definition that is not an object", async () => {
    const res = await client.json<{ error: { details: { path: string }[] } }>(base(), {
      method: "POST",
      token: team.member.token,
      body: { definition: "steps" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(["name", "definition"]),
    );
  });

  it("answers limit outside 1–100 and a forged cursor with 400", async () => {
    for (const query of [
      "?limit=0",
      "?limit=101",
      "?limit=abc",
      "?cursor=not-a-cursor",
      "?status=gone",
    ]) {
      const res = await client.json(`${base()}${query}`, { token: team.member.token });
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(400);
    }
  });

  it("answers 404 for an unknown or non-UUID connector id", async () => {
    for (const id of [crypto.randomUUID(), "not-a-uuid", "1;drop table connectors"]) {
      const res = await client.json(`${base()}/${encodeURIComponent(id)}`, {
        token: team.member.token,
      });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });
});
