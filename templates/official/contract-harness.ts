// Test-only (imported by contracts/*.test.ts): runs an official template with the real engine
// against a local server that stands in for the vendor. The template's vendor URLs stay as they
// are: the engine checks them (outbound guard, credential host binding) and only the transport
// below it is pointed at 127.0.0.1, which the node fetch reaches through an allow list. The
// stand-in answers like the vendor documents when the request is exactly the documented one, and
// 400 with the differences otherwise. Every suite also breaks the template's request in many ways
// (path, method, auth placement, each header, query parameter and body field) and requires the
// stand-in to notice each one.
import { Buffer } from "node:buffer";
import type http from "node:http";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ConnectorDefinition, HttpMethod } from "../../engine/definition.ts";
import type { StepErrorKind } from "../../engine/errors.ts";
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { createNodeFetch } from "../../engine/node-fetch.ts";
import { parseAllowList } from "../../engine/outbound.ts";
import { DEFAULT_PLACEMENTS } from "../../engine/placements.ts";
import { type RunResult, runSteps } from "../../engine/run.ts";
import type { FetchLike } from "../../engine/send.ts";
import { type RecordedRequest, startServer, type TestServer } from "../../engine/test-helpers.ts";
import { requestMutations } from "./contract-mutations.ts";
import { findOfficialTemplate, type OfficialTemplate } from "./index.ts";

/** Set by the transport shim: the scheme, host and port the engine meant to reach. */
const ORIGIN_HEADER = "x-contract-origin";

export type ExpectedAuth =
  | { bearer: string }
  | { basic: { username: string; password: string } }
  | { header: { name: string; value: string } }
  | { query: { name: string; value: string } };

export type ExpectedRequest = {
  method: HttpMethod;
  /** The full vendor URL as the vendor documents it; query parameters are compared as a set. */
  url: string;
  auth: ExpectedAuth;
  /** Headers that must be present with exactly these values (names are case-insensitive). */
  headers?: Record<string, string>;
  /** Exact Content-Type; by default the body kind decides (application/json, form-encoded). */
  contentType?: string;
  /** The exact body; none means the request has no body and no Content-Type. */
  body?: { json: JsonValue } | { form: Record<string, string> };
};

export type VendorResponse = {
  status: number;
  /** A JSON body shaped like the vendor's documented response; none sends an empty body. */
  json?: JsonValue;
  headers?: Record<string, string>;
};

export type Exchange = { expect: ExpectedRequest; respond: VendorResponse };

/**
 * A documented vendor refusal: the exchanges up to the refusing answer and how the run ends —
 * `failed` at a step with an error kind, or (vendors such as Slack answer refusals with 200)
 * `succeeded` with the refusal in the output.
 */
export type VendorError = {
  name: string;
  exchanges: Exchange[];
  status: "failed" | "succeeded";
  failedStep?: { id: string; kind: StepErrorKind };
  /** Text of the vendor's error body that the failed step's stored trace must show. */
  traceShows?: string;
  output?: Record<string, Record<string, JsonValue>>;
};

export type Contract = {
  slug: string;
  input: JsonValue;
  /** Credential values by the template's credential names (their allowedHosts come from it). */
  credentials: Record<string, string>;
  exchanges: Exchange[];
  output: Record<string, Record<string, JsonValue>>;
  mapping: Record<string, JsonValue>;
  executionId?: string;
  /** Other documented runs (e.g. a list of three or more pages) that must succeed as stated. */
  runs?: { name: string; input?: JsonValue; exchanges: Exchange[]; output: Contract["output"] }[];
  vendorErrors?: VendorError[];
};

type Outcome = { result: RunResult; problems: string[]; requests: number };

function sortedPairs(params: URLSearchParams): [string, string][] {
  return [...params].sort(([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv));
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

function expectedAuthorization(auth: ExpectedAuth): string | null {
  if ("bearer" in auth) return `Bearer ${auth.bearer}`;
  if ("basic" in auth) {
    const { username, password } = auth.basic;
    return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  return null;
}

/** Every way the recorded request differs from the expected one (empty when it matches). */
export function requestDifferences(request: RecordedRequest, expected: ExpectedRequest): string[] {
  const problems: string[] = [];
  const want = new URL(expected.url);
  const got = new URL(request.url, "http://stand-in.invalid");
  const origin = header(request, ORIGIN_HEADER);
  if (origin !== want.origin) problems.push(`sent to ${origin}, expected ${want.origin}`);
  if (request.method !== expected.method) {
    problems.push(`method ${request.method}, expected ${expected.method}`);
  }
  if (got.pathname !== want.pathname) {
    problems.push(`path ${got.pathname}, expected ${want.pathname}`);
  }

  const wantQuery = new URLSearchParams(want.search);
  if ("query" in expected.auth)
    wantQuery.append(expected.auth.query.name, expected.auth.query.value);
  const gotPairs = sortedPairs(got.searchParams);
  const wantPairs = sortedPairs(wantQuery);
  if (!isDeepStrictEqual(gotPairs, wantPairs)) {
    problems.push(`query ${JSON.stringify(gotPairs)}, expected ${JSON.stringify(wantPairs)}`);
  }

  const authorization = expectedAuthorization(expected.auth);
  if (authorization !== null && header(request, "authorization") !== authorization) {
    problems.push(`Authorization is ${header(request, "authorization") ?? "missing"}`);
  }
  if ("header" in expected.auth) {
    const { name, value } = expected.auth.header;
    if (header(request, name) !== value)
      problems.push(`${name} is ${header(request, name) ?? "missing"}`);
  }
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (header(request, name) !== value) {
      problems.push(`header ${name} is ${header(request, name) ?? "missing"}, expected ${value}`);
    }
  }

  const contentType = header(request, "content-type");
  const body = expected.body;
  if (!body) {
    if (request.body !== "") problems.push(`unexpected body ${request.body}`);
    if (contentType !== undefined) problems.push(`unexpected Content-Type ${contentType}`);
    return problems;
  }
  const wantType =
    expected.contentType ??
    ("json" in body ? "application/json" : "application/x-www-form-urlencoded");
  if (contentType !== wantType) problems.push(`Content-Type ${contentType}, expected ${wantType}`);
  if ("json" in body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      problems.push(`body is not JSON: ${request.body}`);
      return problems;
    }
    if (!isDeepStrictEqual(parsed, body.json)) {
      problems.push(`body ${request.body}, expected ${JSON.stringify(body.json)}`);
    }
  } else {
    const gotForm = sortedPairs(new URLSearchParams(request.body));
    const wantForm = sortedPairs(new URLSearchParams(body.form));
    if (!isDeepStrictEqual(gotForm, wantForm)) {
      problems.push(`form ${JSON.stringify(gotForm)}, expected ${JSON.stringify(wantForm)}`);
    }
  }
  return problems;
}

function answer(res: http.ServerResponse, response: VendorResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.json === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  res.writeHead(response.status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(response.json));
}

/** Sends every request to `server`, keeping path and query; the vendor origin rides in a header. */
function towards(server: TestServer, inner: FetchLike): FetchLike {
  return (url, init) => {
    const original = new URL(url);
    const headers = new Headers(init.headers);
    headers.set(ORIGIN_HEADER, original.origin);
    return inner(`${server.origin}${original.pathname}${original.search}`, { ...init, headers });
  };
}

function templateFor(slug: string): OfficialTemplate {
  const template = findOfficialTemplate(slug);
  if (!template) throw new Error(`no official template "${slug}"`);
  return template;
}

/** Registers the contract's tests: the documented exchange, then every broken variant. */
export function contractSuite(contract: Contract): void {
  const template = templateFor(contract.slug);
  const state = { index: 0, problems: [] as string[], exchanges: contract.exchanges };
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer((request, res) => {
      const index = state.index++;
      const exchange = state.exchanges[index];
      if (!exchange) {
        state.problems.push(`unexpected request ${index + 1}: ${request.method} ${request.url}`);
        answer(res, { status: 404, json: { error: "unexpected request" } });
        return;
      }
      const problems = requestDifferences(request, exchange.expect);
      if (problems.length > 0) {
        state.problems.push(...problems.map((p) => `request ${index + 1}: ${p}`));
        answer(res, { status: 400, json: { error: "contract_mismatch", problems } });
        return;
      }
      answer(res, exchange.respond);
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function run(
    definition: ConnectorDefinition,
    exchanges: Exchange[] = contract.exchanges,
    input: JsonValue = contract.input,
  ): Promise<Outcome> {
    state.index = 0;
    state.problems = [];
    state.exchanges = exchanges;
    const policy = parseAllowList(`127.0.0.1:${server.port}`);
    const nodeFetch = createNodeFetch({
      policy,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    const credentials = Object.fromEntries(
      template.requiredCredentials.map((c) => [
        c.name,
        {
          value: contract.credentials[c.name] ?? "",
          allowedHosts: c.allowedHosts,
          // Stored as the template tells an owner to store it.
          placements: c.placements ?? DEFAULT_PLACEMENTS,
          queryParam: c.queryParam ?? null,
        },
      ]),
    );
    const result = await runSteps(
      definition,
      { input, credentials, executionId: contract.executionId ?? null },
      { fetch: towards(server, nodeFetch), policy, sleep: async () => {} },
    );
    return { result, problems: [...state.problems], requests: state.index };
  }

  describe(`${template.name} (${template.slug})`, () => {
    test("the example input satisfies the template's input schema", () => {
      expect(validateInput(template.definition.input, contract.input)).toEqual({ ok: true });
    });

    test("the contract checks every header the template sets", () => {
      // A paginated step makes several exchanges, so a step's headers are looked up among the
      // exchanges with its method rather than by position.
      template.definition.steps.forEach((step, index) => {
        const checked = contract.exchanges
          .filter((exchange) => exchange.expect.method === step.request.method)
          .flatMap((exchange) => Object.keys(exchange.expect.headers ?? {}))
          .map((h) => h.toLowerCase());
        for (const name of Object.keys(step.request.headers ?? {})) {
          expect(checked, `steps[${index}] header ${name}`).toContain(name.toLowerCase());
        }
      });
    });

    test("sends the documented request and maps the documented response", async () => {
      const { result, problems, requests } = await run(template.definition);
      expect(problems, problems.join("\n")).toEqual([]);
      expect(result.status, JSON.stringify(result.error)).toBe("succeeded");
      expect(requests).toBe(contract.exchanges.length);
      expect(result.output).toEqual(contract.output);
      expect(result.mapping).toEqual(contract.mapping);
      const trace = JSON.stringify(result);
      for (const secret of Object.values(contract.credentials)) expect(trace).not.toContain(secret);
    });

    for (const other of contract.runs ?? []) {
      test(`runs ${other.name}`, async () => {
        const input = other.input ?? contract.input;
        expect(validateInput(template.definition.input, input)).toEqual({ ok: true });
        const { result, problems, requests } = await run(
          template.definition,
          other.exchanges,
          input,
        );
        expect(problems, problems.join("\n")).toEqual([]);
        expect(result.status, JSON.stringify(result.error)).toBe("succeeded");
        expect(requests).toBe(other.exchanges.length);
        expect(result.output).toEqual(other.output);
      });
    }

    for (const refusal of contract.vendorErrors ?? []) {
      test(`reports the vendor's refusal: ${refusal.name}`, async () => {
        const { result, problems, requests } = await run(template.definition, refusal.exchanges);
        expect(problems, problems.join("\n")).toEqual([]);
        expect(requests).toBe(refusal.exchanges.length);
        expect(result.status, JSON.stringify(result.steps)).toBe(refusal.status);
        if (refusal.failedStep) {
          const step = result.steps.find((s) => s.id === refusal.failedStep?.id);
          expect(step?.error?.kind, JSON.stringify(step)).toBe(refusal.failedStep.kind);
          if (refusal.traceShows) expect(step?.responseBody ?? "").toContain(refusal.traceShows);
        }
        for (const [stepId, values] of Object.entries(refusal.output ?? {})) {
          expect(result.output[stepId], stepId).toMatchObject(values);
        }
        const trace = JSON.stringify(result);
        for (const secret of Object.values(contract.credentials))
          expect(trace).not.toContain(secret);
      });
    }

    const mutations = requestMutations(template.definition);
    const cases = mutations.map((m): [string, ConnectorDefinition] => [m.name, m.definition]);
    test.each(cases)("fails the contract when %s", async (_name, definition) => {
      const { result, problems } = await run(definition);
      // A credential moved where its owner did not allow is refused by the engine before sending.
      const refused = result.steps.some((s) => s.error?.kind === "blocked");
      expect(
        problems.length > 0 || refused,
        `the stand-in accepted it: ${JSON.stringify(result.steps)}`,
      ).toBe(true);
      expect(result.status).toBe("failed");
    });
  });
}
