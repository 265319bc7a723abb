// docs/SECURITY.md "Bounded work on hostile inputs", through the API: deep inputs and bodies are
// 400s (never a 500 from a stack or PostgreSQL's stack depth), schemas that would make validation
// blow up are 422s at save.
import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Problems = { error: { details: { path: string; message: string }[] } };

const client = testClient();
let team: Team;
const connectors = () => `/v1/workspaces/${team.workspaceId}/connectors`;

async function createConnector(definition: unknown): Promise<string> {
  const res = await client.json<{ id: string }>(connectors(), {
    method: "POST",
    token: team.member.token,
    body: { name: "Bounds", definition },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** An object holding `[[…]]`, `levels` containers in all, as JSON text (fits 256 KiB at 60,000). */
function nestedObjectText(levels: number): string {
  return `{"a":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
}

beforeAll(async () => {
  team = await createTeam();
});

describe("execution input depth", () => {
  let plain: string;
  let withSchema: string;

  beforeAll(async () => {
    plain = await createConnector(simpleDefinition());
    withSchema = await createConnector({
      ...simpleDefinition(),
      input: { type: "object", properties: { a: { type: "object" } } },
    });
  });

  for (const levels of [65, 200, 60_000]) {
    it(`answers input nested ${levels} levels with 400 on start and dry run, for any schema`, async () => {
      for (const id of [plain, withSchema]) {
        for (const suffix of ["executions", "test"]) {
          const res = await client.json<Problems>(`${connectors()}/${id}/${suffix}`, {
            method: "POST",
            token: team.member.token,
            headers: { "content-type": "application/json" },
            body: `{"input":${nestedObjectText(levels)}}`,
          });
          expect(res.status, JSON.stringify(res.body)).toBe(400);
          expect(res.body).toMatchObject(envelope("invalid_request"));
        }
      }
    });
  }

  it("names the input and the cap when the body itself is shallow enough to read", async () => {
    const res = await client.json<Problems>(`${connectors()}/${plain}/executions`, {
      method: "POST",
      token: team.member.token,
      headers: { "content-type": "application/json" },
      body: `{"input":${nestedObjectText(65)}}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "input", message: "input may nest at most 64 levels" },
    ]);
  });

  it("accepts input nested exactly 64 levels", async () => {
    const res = await client.json(`${connectors()}/${plain}/executions`, {
      method: "POST",
      token: team.member.token,
      headers: { "content-type": "application/json" },
      body: `{"input":${nestedObjectText(64)}}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  });

  it("answers an outsider 404 before looking at a deep body", async () => {
    const other = await createTeam();
    const res = await client.json(`${connectors()}/${plain}/executions`, {
      method: "POST",
      token: other.member.token,
      headers: { "content-type": "application/json" },
      body: `{"input":${nestedObjectText(60_000)}}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
  });
});

describe("request body depth", () => {
  it("answers a 100,000-deep connector definition with 400, not a stack overflow", async () => {
    const deepValue = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const res = await client.json(connectors(), {
      method: "POST",
      token: team.member.token,
      headers: { "content-type": "application/json" },
      body: `{"name":"Deep","definition":{"steps":[{"id":"a","request":{"method":"POST","url":"https://api.example.com/x","body":{"type":"json","value":${deepValue}}}}]}}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });
});

describe("input schemas refused at save", () => {
  const refused: [string, Record<string, unknown>, string][] = [
    [
      "a nested quantifier",
      { type: "object", properties: { name: { type: "string", pattern: "^(a+)+$" } } },
      "input.properties.name.pattern",
    ],
    [
      "an ambiguous alternation",
      { type: "object", properties: { name: { type: "string", pattern: "^(a|aa)+$" } } },
      "input.properties.name.pattern",
    ],
    [
      "a catastrophic patternProperties key",
      { type: "object", patternProperties: { "^(\\w+\\s?)*$": { type: "string" } } },
      'input.patternProperties["^(\\\\w+\\\\s?)*$"]',
    ],
  ];
  for (const [name, input, path] of refused) {
    it(`answers ${name} with 422 naming ${path}`, async () => {
      const res = await client.json<Problems>(connectors(), {
        method: "POST",
        token: team.member.token,
        body: { name: "ReDoS", definition: { ...simpleDefinition(), input } },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject(envelope("invalid_definition"));
      expect(res.body.error.details.map((d) => d.path)).toContain(path);
    });
  }

  it("answers 10 levels of anyOf × 4 $ref with 422 at once (it took 1.8 s to accept)", async () => {
    const defs: Record<string, unknown> = { l10: { type: "string" } };
    for (let level = 9; level >= 0; level--) {
      defs[`l${level}`] = {
        anyOf: Array.from({ length: 4 }, () => ({ $ref: `#/$defs/l${level + 1}` })),
      };
    }
    const input = { type: "object", properties: { x: { $ref: "#/$defs/l0" } }, $defs: defs };
    const res = await client.json<Problems>(connectors(), {
      method: "POST",
      token: team.member.token,
      body: { name: "Fan-out", definition: { ...simpleDefinition(), input } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details[0]?.path).toMatch(/^input\.properties\.x/);
    expect(res.body.error.details[0]?.message).toMatch(/fans out/);
  });
});

describe("uniqueItems on long arrays", () => {
  it("answers 1,001 items under uniqueItems with 400 naming the path, and takes 1,000", async () => {
    const id = await createConnector({
      ...simpleDefinition(),
      input: { type: "object", properties: { tags: { type: "array", uniqueItems: true } } },
    });
    const start = (tags: number[]) =>
      client.json<Problems>(`${connectors()}/${id}/executions`, {
        method: "POST",
        token: team.member.token,
        body: { input: { tags } },
      });
    const long = await start(Array.from({ length: 1001 }, (_, i) => i));
    expect(long.status, JSON.stringify(long.body)).toBe(400);
    expect(long.body).toMatchObject(envelope("invalid_request"));
    expect(long.body.error.details).toEqual([
      { path: "input.tags", message: "uniqueItems applies to arrays of at most 1000 items" },
    ]);
    const fine = await start(Array.from({ length: 1000 }, (_, i) => i));
    expect(fine.status, JSON.stringify(fine.body)).toBe(202);
  });
});
