// Hostile input against every API route (README "API at a glance"): the routes are enumerated from
// the OpenAPI document, and each gets random and boundary JSON bodies (huge numbers, deep nesting,
// unicode, NUL, lone surrogates, nulls, wrong types, prototype keys), malformed raw bodies, odd
// content types, hostile path ids and query strings. Every answer must be a 2xx or the API's error
// envelope with the status its code maps to — never a 500, never a stack trace.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../worker/lib/errors.ts";
import { type TestClient, testClient } from "./harness/app.ts";
import { arrangeConnector } from "./harness/executions.ts";
import { specExample } from "./harness/definitions.ts";
import { adminSql, makeSaasAdmin } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";

const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const RANDOM_BODIES_PER_ROUTE = 8;
const BOUNDARY_PER_ROUTE = 8;
const RAW_PER_ROUTE = 5;
const RANDOM_QUERIES_PER_ROUTE = 6;
/** No single answer may take this long (a hang, not a slow request). */
const ANSWER_BUDGET_MS = 10_000;
const TOKEN = "tok_fuzz_5e6f7a8b9c0d1e2f";

type Method = "get" | "post" | "put" | "patch" | "delete";
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  example?: unknown;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  default?: unknown;
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: SchemaNode }> };
}
interface OpenApiDoc {
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components?: { schemas?: Record<string, SchemaNode> };
}
interface Route {
  method: Method;
  path: string;
  op: Operation;
}

let target: TestTarget;
let client: TestClient;
let doc: OpenApiDoc;
let token = "";
const ids: Record<string, string> = {};
const failures: string[] = [];
const statuses = new Map<number, number>();
let requests = 0;

// --- what gets sent ----------------------------------------------------------------------------

function nested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** Boundary values that break naive handlers, drivers and databases. */
const BOUNDARY: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1.5,
  -1,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  5e-324,
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "😀".repeat(64),
  "x".repeat(70_000),
  "\u202eevil",
  "<script>alert(1)</script>",
  "' OR 1=1; --",
  "$(id)`id`",
  "../../etc/passwd",
  "{{credentials.example_token}}",
  "http://169.254.169.254/latest/meta-data/",
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "2024-02-30T25:61:61Z",
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  nested(300, "array"),
  nested(300, "object"),
  Array.from({ length: 2_000 }, (_, i) => i),
];

/** Bodies sent as raw text: not JSON, JSON a parser treats specially, and absurd nesting. */
const RAW_BODIES = [
  "",
  "{",
  "}",
  "null",
  "[]",
  '"text"',
  "1e999",
  '{"input": 1e999}',
  '{"a": -1e999, "name": 1e999}',
  '{"__proto__": {"polluted": 1}, "name": "x"}',
  '{"constructor": {"prototype": {"polluted": 1}}}',
  "\ufeff{}",
  '{"name": "a", "name": "b"}',
  `${"[".repeat(6_000)}${"]".repeat(6_000)}`,
  `${'{"a":'.repeat(4_000)}1${"}".repeat(4_000)}`,
  "\u0000",
  '{"name": "\\u0000", "value": "\\u0000"}',
  '{"name": "\\ud800", "value": "\\udc00x"}',
  "NaN",
  "undefined",
  "<xml/>",
  "name=x&value=y",
];

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/vnd.api+json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzz",
  null,
];

const HOSTILE_IDS = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "%00",
  "%2e%2e",
  "x".repeat(300),
  "%F0%9F%98%80",
  "'%20or%201=1",
  "__proto__",
];

const crafted = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Query values per parameter name; cursors are crafted to pass shape checks with bad content. */
function queryValues(name: string): string[] {
  const uuid = "00000000-0000-4000-8000-000000000000";
  const common = ["", "%00", "x".repeat(300), "😀", "[]", "{}"];
  switch (name) {
    case "limit":
      return ["0", "101", "-1", "1.5", "1e3", "abc", "9007199254740993", "100", "1", ...common];
    case "cursor":
      return [
        "garbage",
        "====",
        crafted(["2024-02-30T00:00:00Z", uuid]),
        crafted(["2024-13-45T25:61:61Z", uuid]),
        crafted(["0000-01-01T00:00:00Z", uuid]),
        crafted(["9999-12-31T23:59:59.999999Z", uuid]),
        crafted(["t1", "popular", 2 ** 53 - 1, uuid]),
        crafted(["t1", "popular", 2 ** 31, uuid]),
        crafted(["t1", "rating", "9.99", 2 ** 53 - 1, uuid]),
        crafted(["t1", "newest", "2024-02-30T00:00:00Z", uuid]),
        crafted(["t1", "newest", "0000-01-01T00:00:00Z", uuid]),
        crafted({ __proto__: 1 }),
        ...common,
      ];
    case "status":
    case "sort":
    case "review":
      return ["queued", "nope", "succeeded,failed", ...common];
    case "featured":
    case "official":
      return ["true", "false", "yes", "1", ...common];
    case "workspaceId":
      return [ids.ws ?? "", "not-a-uuid", uuid, ...common];
    default:
      return ["%", "\\", "'", "_", "a%20b", "%25%5C", "x".repeat(1_000), ...common];
  }
}

// --- building bodies from the OpenAPI document --------------------------------------------------

function resolve(node: SchemaNode | undefined): SchemaNode {
  if (!node) return {};
  if (node.$ref) {
    const name = node.$ref.split("/").pop() ?? "";
    return resolve(doc.components?.schemas?.[name]);
  }
  return node;
}

/** A valid-looking body from the schema's examples (the docs promise one on every field). */
function exampleOf(node: SchemaNode | undefined, depth = 0): unknown {
  const schema = resolve(node);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const first = variants.map(resolve).find((v) => v.type !== "null");
    return exampleOf(first, depth + 1);
  }
  if (depth > 6) return null;
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, exampleOf(value, depth + 1)]),
    );
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "array") return [exampleOf(schema.items, depth + 1)];
  if (type === "string") return "x";
  if (type === "number" || type === "integer") return 1;
  if (type === "boolean") return true;
  return {};
}

/** Swaps the docs' example ids and the demo target for this test's real ones. */
function localise(value: unknown): unknown {
  let text = JSON.stringify(value ?? null);
  const swaps: [string, string][] = [
    ["127.0.0.1:8788", target.host],
    ["5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d", ids.connector ?? ""],
    ["c0000000-0000-4000-8000-000000000001", ids.contact ?? ""],
    ["e0000000-0000-4000-8000-000000000001", ids.template ?? ""],
    ["11111111-1111-4111-8111-111111111111", ids.ws ?? ""],
  ];
  for (const [from, to] of swaps) text = text.split(from).join(to);
  return JSON.parse(text);
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (prefix.length >= 6 || value === null || typeof value !== "object") return out;
  for (const [key, child] of Object.entries(value)) {
    // An "add" mutation can give an array a named property: only index keys become numbers.
    const step = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
    pathsOf(child, [...prefix, step], out);
  }
  return out;
}

interface Mutation {
  at: number;
  kind: "replace" | "delete" | "add" | "wrap";
  value: unknown;
  key: string;
}

function mutate(example: unknown, mutations: Mutation[]): unknown {
  let body = structuredClone(example);
  for (const m of mutations) {
    const paths = pathsOf(body);
    const path = paths[m.at % paths.length] ?? [];
    if (path.length === 0) {
      body = m.kind === "wrap" ? [body] : m.kind === "replace" ? m.value : body;
      continue;
    }
    let parent = body as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    if (m.kind === "replace") parent[last] = m.value;
    else if (m.kind === "delete") delete parent[last];
    else if (m.kind === "wrap") parent[last] = { value: parent[last] };
    else if (typeof parent[last] === "object" && parent[last] !== null) {
      Object.defineProperty(parent[last], m.key, {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  }
  return body;
}

const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "id", "workspaceId", "", "\u0000"),
  fc.string({ maxLength: 8 }),
);
const anyValue = fc.oneof(fc.constantFrom(...BOUNDARY), fc.jsonValue({ maxDepth: 3 }));
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Mutation["kind"]>("replace", "replace", "delete", "add", "wrap"),
  value: anyValue,
  key: hostileKey,
});

// --- sending and judging -----------------------------------------------------------------------

function fill(path: string, overrides: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (overrides[name] !== undefined) return overrides[name];
    if (name === "ws") return ids.ws ?? "";
    if (name === "name") return "example_token";
    if (path.includes("/executions/{id}")) return ids.execution ?? "";
    if (path.includes("/contacts/{id}")) return ids.contact ?? "";
    if (path.includes("/templates/{id}")) return ids.template ?? "";
    return ids.connector ?? "";
  });
}

const STACK = /\n\s+at |node_modules|\.ts:\d+|postgres|SELECT |INSERT |UPDATE /i;

function describeBody(body: string | null): string {
  if (body === null) return "(no body)";
  return body.length > 160 ? `${body.slice(0, 160)}… (${body.length} chars)` : body;
}

async function send(
  route: Route,
  url: string,
  body: string | null,
  contentType: string | null,
): Promise<void> {
  const headers = new Headers();
  if (contentType) headers.set("content-type", contentType);
  const started = Date.now();
  const res = await client.request(url, {
    method: route.method.toUpperCase(),
    headers,
    token,
    ...(body === null ? {} : { body }),
  });
  const text = await res.text();
  requests += 1;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const where = `${route.method.toUpperCase()} ${url.slice(0, 140)} [${contentType}] ${describeBody(body)}`;
  if (Date.now() - started > ANSWER_BUDGET_MS)
    failures.push(`${where}: took ${Date.now() - started} ms`);
  if (res.status >= 200 && res.status < 300) return;
  let parsed: { error?: Record<string, unknown> } | null = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const error = parsed?.error;
  const code = typeof error?.code === "string" ? error.code : "";
  const problems: string[] = [];
  if (res.status === 500) problems.push("500");
  if (!error || !Object.hasOwn(ERROR_STATUS, code)) problems.push("no error envelope");
  else if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== res.status) {
    problems.push(`code ${code} with status ${res.status}`);
  }
  if (error && (typeof error.message !== "string" || typeof error.requestId !== "string")) {
    problems.push("envelope without message/requestId");
  }
  if (
    error &&
    Object.keys(error).some((k) => !["code", "message", "details", "requestId"].includes(k))
  ) {
    problems.push("extra envelope fields");
  }
  if (STACK.test(text)) problems.push("stack trace, SQL or internals in the body");
  if (problems.length > 0) {
    failures.push(`${where} → ${res.status} ${problems.join(", ")}: ${text.slice(0, 300)}`);
  }
}

function routes(): Route[] {
  const all: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const op = ops[method];
      if (op) all.push({ method, path, op });
    }
  }
  // Deletions last, so the other routes work on live resources.
  return all.sort((a, b) => Number(a.method === "delete") - Number(b.method === "delete"));
}

// --- setup -------------------------------------------------------------------------------------

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  client = testClient({
    OUTBOUND_ALLOW_HOSTS: target.host,
    RATE_LIMIT_USER_PER_MINUTE: "1000000",
    RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000000",
    // No run waits queued for a sweeper: started executions finish within the test.
    EXECUTION_CONCURRENCY_PER_WORKSPACE: "1000",
  });
  const arranged = await arrangeConnector(client, target.host, TOKEN);
  token = arranged.team.owner.token;
  await makeSaasAdmin(arranged.team.owner.id);
  ids.ws = arranged.team.workspaceId;
  ids.connector = arranged.connectorId;
  ids.contact = arranged.contactId;
  const template = await client.json<{ id: string }>("/v1/admin/templates", {
    method: "POST",
    token,
    body: {
      slug: `fuzz-${crypto.randomUUID().slice(0, 8)}`,
      name: "Fuzz",
      definition: specExample(target.host),
    },
  });
  expect(template.status, JSON.stringify(template.body)).toBe(201);
  ids.template = template.body.id;
  const execution = await client.json<{ id: string }>(
    `/v1/workspaces/${ids.ws}/connectors/${ids.connector}/executions`,
    { method: "POST", token, body: { input: { email: "fuzz@x.test" } } },
  );
  expect(execution.status, JSON.stringify(execution.body)).toBe(202);
  ids.execution = execution.body.id;
  const res = await client.json<OpenApiDoc>("/v1/openapi.json");
  doc = res.body;
});

afterAll(async () => {
  await client?.settle();
  // Executions the fuzz started and the per-workspace limit deferred: leave none queued for
  // another suite's sweeper.
  if (ids.ws) {
    await adminSql()`update connectors.connector_executions set status = 'cancelled'
      where workspace_id = ${ids.ws} and status in ('queued', 'running')`;
  }
  await target?.close();
});

describe("fuzz: every API route with hostile input", () => {
  it("answers a 2xx or the error envelope, never a 500 or a stack trace", async () => {
    const all = routes();
    expect(all.length).toBeGreaterThanOrEqual(30);
    let seed = SEED;
    /** A seeded subset, so each run tries different boundary values on different routes. */
    const some = <T>(items: readonly T[], n: number): T[] =>
      fc.sample(fc.shuffledSubarray([...items], { minLength: n, maxLength: n }), {
        numRuns: 1,
        seed: seed++,
      })[0] ?? [];
    for (const route of all) {
      const url = fill(route.path);
      const schema = route.op.requestBody?.content?.["application/json"]?.schema;
      const example = localise(exampleOf(schema));
      const cases: { body: string | null; type: string | null; url?: string }[] = [];
      if (schema) {
        cases.push({ body: JSON.stringify(example), type: "application/json" });
        for (const value of some(BOUNDARY, BOUNDARY_PER_ROUTE)) {
          cases.push({ body: JSON.stringify(value), type: "application/json" });
        }
        for (const raw of some(RAW_BODIES, RAW_PER_ROUTE)) {
          cases.push({ body: raw, type: "application/json" });
        }
        for (const type of some(CONTENT_TYPES, 3)) {
          cases.push({ body: JSON.stringify(example), type });
        }
        const generated = fc.sample(
          fc.oneof(
            {
              weight: 4,
              arbitrary: fc
                .array(mutation, { minLength: 1, maxLength: 3 })
                .map((m) => mutate(example, m)),
            },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
          ),
          { numRuns: RANDOM_BODIES_PER_ROUTE, seed: seed++ },
        );
        for (const body of generated) {
          cases.push({ body: JSON.stringify(body), type: "application/json" });
        }
      } else {
        // No body in the contract: send one anyway, and fuzz the query string instead.
        cases.push({ body: null, type: null });
        if (route.method !== "get") {
          cases.push({ body: JSON.stringify(BOUNDARY[35]), type: "application/json" });
          cases.push({ body: RAW_BODIES[13] ?? "", type: "application/json" });
        }
        const names = (route.op.parameters ?? [])
          .filter((p) => p.in === "query")
          .map((p) => p.name);
        if (names.length > 0) {
          const query = fc.record(
            Object.fromEntries(
              names.map((n) => [n, fc.option(fc.constantFrom(...queryValues(n)))]),
            ),
          );
          for (const picked of fc.sample(query, {
            numRuns: RANDOM_QUERIES_PER_ROUTE,
            seed: seed++,
          })) {
            const params = Object.entries(picked)
              .filter((entry): entry is [string, string] => typeof entry[1] === "string")
              .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
            cases.push({ body: null, type: null, url: `${url}?${params.join("&")}` });
          }
          // Every crafted cursor on every list: past its shape check, a cursor reaches SQL.
          if (names.includes("cursor")) {
            for (const value of queryValues("cursor").slice(0, 12)) {
              cases.push({ body: null, type: null, url: `${url}?cursor=${value}` });
            }
          }
        }
      }
      for (const param of route.path.match(/\{(\w+)\}/g) ?? []) {
        const name = param.slice(1, -1);
        for (const hostile of some(HOSTILE_IDS, 2)) {
          cases.push({
            body: schema ? JSON.stringify(example) : null,
            type: schema ? "application/json" : null,
            url: fill(route.path, { [name]: hostile }),
          });
        }
      }
      for (let i = 0; i < cases.length; i += 12) {
        await Promise.all(
          cases.slice(i, i + 12).map((c) => send(route, c.url ?? url, c.body, c.type)),
        );
      }
    }
    await client.settle();
    if (failures.length > 0) console.error(`fuzz seed ${SEED} (rerun with FUZZ_SEED=${SEED})`);
    expect(failures.slice(0, 25), `seed ${SEED}: ${failures.length} bad answers`).toEqual([]);
    // The fuzz reached the handlers: successes and validation errors both occurred.
    const count = (from: number, to: number) =>
      [...statuses].filter(([s]) => s >= from && s < to).reduce((n, [, c]) => n + c, 0);
    expect(count(200, 300)).toBeGreaterThan(30);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(requests).toBeGreaterThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(`fuzz ${requests} requests: ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 120_000);
});
