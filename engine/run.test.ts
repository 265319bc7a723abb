import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import type { OutboundPolicy } from "./outbound.ts";
import { base64Encode } from "./redact.ts";
import { type RunDeps, type RunResult, runSteps, type StepResult } from "./run.ts";
import type { FetchLike } from "./send.ts";
import {
  FORBIDDEN_URLS,
  json,
  localServers,
  policyFor,
  recordingSleep,
  specExample,
  type TestServer,
} from "./test-helpers.ts";

const TOKEN = "tok_live_9f8e7d6c5b4a";
const server = localServers();
afterEach(() => {
  vi.restoreAllMocks();
});

function deps(policy: OutboundPolicy, extra: Partial<RunDeps> = {}): RunDeps {
  return {
    fetch,
    policy,
    sleep: recordingSleep().sleep,
    random: () => 0,
    ...extra,
  };
}

function credentials(target: TestServer, value = TOKEN) {
  return { example_token: { value, allowedHosts: [`127.0.0.1:${target.port}`] } };
}

/** The example connector's vendor: people lookup and tagging. */
async function vendor(): Promise<TestServer> {
  return server((req, res) => {
    if (req.method === "GET" && req.url.startsWith("/v1/people?")) {
      json(res, 200, { results: [{ id: "p_123", company: { name: "Acme" } }] });
    } else if (req.method === "POST" && /^\/v1\/people\/[^/]+\/tags$/.test(req.url)) {
      json(res, 201, { ok: true });
    } else json(res, 404, { error: "not found" });
  });
}

describe("runSteps with the example connector", () => {
  it("lets the runtime wrap every step (a tracing span), in order, around its request", async () => {
    const target = await vendor();
    const events: string[] = [];
    const result = await runSteps(
      specExample(target.origin),
      { input: { email: "ada@example.com", score: 1 }, credentials: credentials(target) },
      deps(policyFor(target), {
        traceStep: async (id, index, fn) => {
          events.push(`start ${id} ${index} requests=${target.requests.length}`);
          await fn();
          events.push(`end ${id} requests=${target.requests.length}`);
        },
      }),
    );
    expect(result.status).toBe("succeeded");
    expect(events).toEqual([
      "start find 0 requests=0",
      "end find requests=1",
      "start tag 1 requests=1",
      "end tag requests=2",
    ]);
  });

  it("feeds step 1's extraction into step 2, keeps score a number and previews the mapping", async () => {
    const target = await vendor();
    const seen: StepResult[] = [];
    const result = await runSteps(
      specExample(target.origin),
      { input: { email: "ada@example.com", score: 42 }, credentials: credentials(target) },
      deps(policyFor(target), { onStepResult: (r) => void seen.push(r) }),
    );
    expect(result.status, JSON.stringify(result.error)).toBe("succeeded");
    const [find, tag] = target.requests;
    expect(find?.url).toBe("/v1/people?email=ada%40example.com");
    expect(find?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(tag?.url).toBe("/v1/people/p_123/tags");
    expect(JSON.parse(tag?.body ?? "")).toStrictEqual({ tag: "crm", score: 42 });
    expect(result.output).toEqual({ find: { personId: "p_123", company: "Acme" }, tag: {} });
    expect(result.mapping).toEqual({ company: "Acme", "custom_fields.external_id": "p_123" });
    expect(seen.map((s) => [s.id, s.outcome, s.status])).toEqual([
      ["find", "succeeded", 200],
      ["tag", "succeeded", 201],
    ]);
    expect(result.steps[0]).toMatchObject({
      method: "GET",
      url: `${target.origin}/v1/people?email=ada%40example.com`,
      attempts: 1,
      requestHeaders: { accept: "application/json" },
      responseHeaders: { "content-type": "application/json" },
      extracted: { personId: "p_123", company: "Acme" },
    });
    expect(result.steps[0]?.requestHeaders.authorization).toBeUndefined();
  });

  it("skips mapping entries whose value is null", async () => {
    const target = await server((_, res) => json(res, 200, { results: [] }));
    const definition = specExample(target.origin);
    definition.steps = definition.steps.slice(0, 1);
    const result = await runSteps(
      definition,
      { input: { email: "x@example.com" }, credentials: credentials(target) },
      deps(policyFor(target)),
    );
    expect(result.status).toBe("succeeded");
    expect(result.output).toEqual({ find: { personId: null, company: null } });
    expect(result.mapping).toEqual({});
  });
});

describe("secrets never leak", () => {
  async function echoRun(definition: ConnectorDefinition, target: TestServer): Promise<RunResult> {
    return runSteps(
      definition,
      {
        input: { email: "a@example.com" },
        credentials: {
          example_token: {
            ...credentials(target).example_token,
            placements: ["header", "query", "body"],
          },
        },
      },
      deps(policyFor(target)),
    );
  }

  function assertNoSecret(result: RunResult, logs: string, forms: string[]) {
    const text = JSON.stringify(result);
    for (const form of forms) {
      expect(text).not.toContain(form);
      expect(logs).not.toContain(form);
    }
    expect(text).toContain("[REDACTED]");
  }

  function captureConsole(): () => string {
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    return () => lines.join("\n");
  }

  it("redacts a Bearer token a target echoes back, in bodies, headers, output and errors", async () => {
    const logs = captureConsole();
    const target = await server((req, res) => {
      const auth = String(req.headers.authorization);
      res.writeHead(req.url.startsWith("/fail") ? 400 : 200, {
        "content-type": "application/json",
        "x-request-id": auth,
        location: `/x?t=${encodeURIComponent(TOKEN)}`,
      });
      res.end(JSON.stringify({ youSent: auth, token: TOKEN, b64: base64Encode(TOKEN) }));
    });
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "echo",
          request: {
            method: "POST",
            url: `${target.origin}/echo?key={{credentials.example_token}}`,
            headers: { "X-Token": "{{credentials.example_token}}" },
            auth: { type: "bearer", credential: "example_token" },
            body: { type: "json", value: { t: "{{credentials.example_token}}" } },
          },
          extract: { echoed: "$.youSent", token: "$.token", all: "$.*" },
        },
        {
          id: "fail",
          request: {
            method: "GET",
            url: `${target.origin}/fail?echo={{steps.echo.token}}`,
            auth: { type: "bearer", credential: "example_token" },
          },
        },
      ],
      fieldMapping: { notes: "{{steps.echo.echoed}}" },
    };
    const result = await echoRun(definition, target);
    expect(result.status).toBe("failed");
    expect(result.error?.kind).toBe("http_error");
    // The echoed secret was not forwarded: step 2 got the redacted text, not the token.
    expect(target.requests[1]?.url).toBe("/fail?echo=%5BREDACTED%5D");
    assertNoSecret(result, logs(), [TOKEN, encodeURIComponent(TOKEN), base64Encode(TOKEN)]);
  });

  it("redacts Basic auth's combined form a target echoes back", async () => {
    const logs = captureConsole();
    const target = await server((req, res) =>
      json(res, 200, { header: req.headers.authorization }),
    );
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "basic",
          request: {
            method: "GET",
            url: `${target.origin}/me`,
            auth: { type: "basic", username: "api-user", credential: "example_token" },
          },
          extract: { header: "$.header" },
        },
      ],
    };
    const result = await echoRun(definition, target);
    expect(result.status).toBe("succeeded");
    const combined = base64Encode(`api-user:${TOKEN}`);
    expect(target.requests[0]?.headers.authorization).toBe(`Basic ${combined}`);
    expect(result.output).toEqual({ basic: { header: "Basic [REDACTED]" } });
    assertNoSecret(result, logs(), [TOKEN, combined]);
  });

  it("keeps secrets out of error messages", async () => {
    const logs = captureConsole();
    const target = await server((_, res) => json(res, 200, {}));
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "s",
          request: {
            method: "GET",
            url: `http://127.0.0.1:1/{{credentials.example_token}}`,
            auth: { type: "bearer", credential: "example_token" },
          },
        },
      ],
    };
    const result = await runSteps(
      definition,
      { input: {}, credentials: credentials(target) },
      deps(policyFor(target)),
    );
    expect(result.error?.kind).toBe("blocked");
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(logs()).not.toContain(TOKEN);
  });
});

describe("step failures", () => {
  it("fails with parse_error when a step that extracts gets invalid JSON", async () => {
    const target = await server((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    const result = await runSteps(
      {
        steps: [
          { id: "s", request: { method: "GET", url: `${target.origin}/` }, extract: { a: "$.a" } },
        ],
      },
      { input: {}, credentials: {} },
      deps(policyFor(target)),
    );
    expect(result.status).toBe("failed");
    expect(result.error).toEqual({ kind: "parse_error", message: expect.any(String), stepId: "s" });
    expect(result.steps[0]?.responseBody).toBe("{not json");
  });

  it("records a failure and runs on with onError: continue, then succeeds", async () => {
    const target = await server((req, res) => json(res, req.url === "/bad" ? 404 : 200, { v: 1 }));
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "a",
          request: { method: "GET", url: `${target.origin}/bad` },
          onError: "continue",
          extract: { v: "$.v" },
        },
        {
          id: "b",
          request: {
            method: "GET",
            url: `${target.origin}/ok?prev={{steps.a.status}}&v={{steps.a.v}}`,
          },
          extract: { v: "$.v" },
        },
      ],
      fieldMapping: { x: "{{steps.a.v}}", y: "{{steps.b.v}}" },
    };
    const result = await runSteps(
      definition,
      { input: {}, credentials: {} },
      deps(policyFor(target)),
    );
    expect(result.status).toBe("succeeded");
    expect(result.steps.map((s) => [s.outcome, s.error?.kind])).toEqual([
      ["failed", "http_error"],
      ["succeeded", undefined],
    ]);
    expect(target.requests[1]?.url).toBe("/ok?prev=404&v=");
    expect(result.output).toEqual({ b: { v: 1 } });
    expect(result.mapping).toEqual({ y: 1 });
  });

  it("stops at the first failing step by default", async () => {
    const target = await server((_, res) => json(res, 404, {}));
    const definition: ConnectorDefinition = {
      steps: [
        { id: "a", request: { method: "GET", url: `${target.origin}/a` } },
        { id: "b", request: { method: "GET", url: `${target.origin}/b` } },
      ],
      fieldMapping: { x: "{{input.x}}" },
    };
    const result = await runSteps(
      definition,
      { input: { x: 1 }, credentials: {} },
      deps(policyFor(target)),
    );
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ kind: "http_error", stepId: "a" });
    expect(result.steps).toHaveLength(1);
    expect(target.requests).toHaveLength(1);
    expect(result.mapping).toEqual({});
  });

  it("fails with credential_error when a credential is not provided", async () => {
    const target = await server((_, res) => json(res, 200, {}));
    const result = await runSteps(
      specExample(target.origin),
      { input: { email: "a@example.com" }, credentials: {} },
      deps(policyFor(target)),
    );
    expect(result.error).toMatchObject({ kind: "credential_error", stepId: "find" });
    expect(target.requests).toHaveLength(0);
  });

  it("fails with template_error for an invalid stored definition", async () => {
    const result = await runSteps(
      { steps: [] },
      { input: {}, credentials: {} },
      deps({ allow: [] }),
    );
    expect(result).toMatchObject({
      status: "failed",
      error: { kind: "template_error", stepId: null },
    });
  });

  it("ends as cancelled when aborted mid-step, running no further step", async () => {
    const controller = new AbortController();
    const target = await server(() => controller.abort());
    const definition: ConnectorDefinition = {
      steps: [
        { id: "a", request: { method: "GET", url: `${target.origin}/a` }, onError: "continue" },
        { id: "b", request: { method: "GET", url: `${target.origin}/b` } },
      ],
    };
    const result = await runSteps(
      definition,
      { input: {}, credentials: {} },
      deps(policyFor(target), { signal: controller.signal }),
    );
    expect(result.status).toBe("cancelled");
    expect(result.error).toMatchObject({ kind: "cancelled", stepId: "a" });
    expect(target.requests).toHaveLength(1);
  });

  it("stops when the execution budget runs out", async () => {
    let clock = 0;
    const target = await server((_, res) => {
      clock += 10_000;
      json(res, 200, {});
    });
    const definition: ConnectorDefinition = {
      steps: ["a", "b", "c"].map((id) => ({
        id,
        request: { method: "GET" as const, url: `${target.origin}/${id}` },
      })),
    };
    const result = await runSteps(
      definition,
      { input: {}, credentials: {} },
      deps(policyFor(target), { now: () => clock, limits: { executionBudgetMs: 15_000 } }),
    );
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ kind: "timeout", stepId: "c" });
    expect(target.requests).toHaveLength(2);
  });

  it("keeps only 16 KiB of a body in the trace", async () => {
    const target = await server((_, res) => json(res, 200, { big: "x".repeat(40_000) }));
    const result = await runSteps(
      { steps: [{ id: "s", request: { method: "GET", url: `${target.origin}/` } }] },
      { input: {}, credentials: {} },
      deps(policyFor(target)),
    );
    expect(result.steps[0]?.responseBody).toHaveLength(16 * 1024);
    expect(result.steps[0]?.responseBodyTruncated).toBe(true);
  });
});

describe("outbound guard through runSteps", () => {
  it.each(FORBIDDEN_URLS)("refuses %s with kind blocked and never calls fetch", async (url) => {
    let calls = 0;
    const fakeFetch: FetchLike = async () => {
      calls++;
      return new Response("{}");
    };
    const result = await runSteps(
      { steps: [{ id: "s", request: { method: "GET", url } }] },
      { input: {}, credentials: {} },
      { fetch: fakeFetch, policy: { allow: [] } },
    );
    expect(result.error?.kind, url).toBe("blocked");
    expect(calls).toBe(0);
  });
});
