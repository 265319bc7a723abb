// docs/SECURITY.md "Bounded work on hostile responses": a vendor's answer cannot make a run parse,
// redact, walk or serialise without bound.
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import { jsonTextTooDeep, jsonValueTooDeep, parseJsonBounded } from "./json.ts";
import { EMPTY_POLICY } from "./outbound.ts";
import { type RunResult, runSteps } from "./run.ts";
import type { FetchLike } from "./send.ts";

function respondWith(body: string): FetchLike {
  return async () =>
    new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}

function definition(extract: Record<string, string>): ConnectorDefinition {
  return {
    steps: [
      { id: "read", request: { method: "GET", url: "https://api.example.com/v1/x" }, extract },
    ],
  };
}

async function run(body: string, extract: Record<string, string>): Promise<RunResult> {
  return runSteps(
    definition(extract),
    { input: {}, credentials: { key: { value: "sk_live_abcdef123456", allowedHosts: [] } } },
    { fetch: respondWith(body), policy: EMPTY_POLICY, sleep: async () => {} },
  );
}

describe("bounded work on hostile responses", () => {
  it("refuses the 601-byte, 300-deep array with $..*..*..* as parse_error, not 4.4 M results", async () => {
    const body = `${"[".repeat(300)}1${"]".repeat(300)}`;
    expect(body).toHaveLength(601);
    const result = await run(body, { all: "$..*..*..*" });
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ kind: "parse_error", stepId: "read" });
    expect(result.error?.message).toMatch(/deeper than 64/);
    expect(result.output).toEqual({});
  });

  it("answers 5,000-deep JSON with parse_error and a serialisable result", async () => {
    for (const open of ["[", '{"a":']) {
      const close = open === "[" ? "]" : "}";
      const body = `${open.repeat(5000)}null${close.repeat(5000)}`;
      const result = await run(body, { a: "$.a" });
      expect(result.error?.kind).toBe("parse_error");
      expect(() => JSON.stringify(result)).not.toThrow();
      expect(result.steps[0]?.responseBody?.length).toBeLessThanOrEqual(16 * 1024);
    }
  });

  it("accepts a document exactly 64 levels deep", async () => {
    const body = `${"[".repeat(64)}7${"]".repeat(64)}`;
    const result = await run(body, { deepest: `$${"[0]".repeat(64)}` });
    expect(result.status).toBe("succeeded");
    expect(result.output).toEqual({ read: { deepest: 7 } });
  });

  it("stops five descendant segments over a 64-deep array with limit_exceeded, naming the extraction", async () => {
    const body = `${"[".repeat(64)}1${"]".repeat(64)}`;
    const result = await run(body, { ok: "$[0]", all: "$..*..*..*..*..*" });
    expect(result.status).toBe("failed");
    expect(result.error?.kind).toBe("limit_exceeded");
    expect(result.error?.message).toMatch(/^extract\.all: /);
  });

  it("stops an extraction of more than 10,000 values with limit_exceeded", async () => {
    const body = JSON.stringify({ items: Array.from({ length: 10_001 }, (_, id) => ({ id })) });
    const result = await run(body, { ids: "$.items[*].id" });
    expect(result.error).toMatchObject({ kind: "limit_exceeded", stepId: "read" });
    expect(result.error?.message).toMatch(/more than 10000 values/);
  });

  it("stops an extraction larger than 256 KiB with limit_exceeded", async () => {
    const body = JSON.stringify({ blob: "x".repeat(300 * 1024) });
    const result = await run(body, { blob: "$.blob" });
    expect(result.error?.kind).toBe("limit_exceeded");
    expect(result.error?.message).toMatch(/256 KiB/);
  });

  it("honours the caps as configurable limits", async () => {
    const body = JSON.stringify({ items: [1, 2, 3] });
    const result = await runSteps(
      definition({ items: "$.items[*]" }),
      { input: {}, credentials: {} },
      {
        fetch: respondWith(body),
        policy: EMPTY_POLICY,
        sleep: async () => {},
        limits: { maxExtractValues: 2 },
      },
    );
    expect(result.error?.kind).toBe("limit_exceeded");
  });
});

describe("depth measurement", () => {
  it("skips brackets inside strings, escaped quotes included", () => {
    expect(jsonTextTooDeep(JSON.stringify({ a: "[[[[[[", b: '\\"[[[[' }), 2)).toBe(false);
    expect(jsonTextTooDeep("[[[]]]", 2)).toBe(true);
    expect(jsonTextTooDeep("[[[]]]", 3)).toBe(false);
    expect(parseJsonBounded("[[[]]]", 2)).toEqual({ ok: false, reason: "depth" });
    expect(parseJsonBounded("[[", 2)).toEqual({ ok: false, reason: "syntax" });
    expect(parseJsonBounded('{"a":[1]}', 2)).toEqual({ ok: true, value: { a: [1] } });
  });

  it("measures parsed values iteratively, even 100,000 deep", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonValueTooDeep(deep, 64)).toBe(true);
    expect(jsonValueTooDeep({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonValueTooDeep({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(jsonValueTooDeep("text", 0)).toBe(false);
  });
});
