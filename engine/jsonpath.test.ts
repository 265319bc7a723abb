import fc from "fast-check";
import { query } from "jsonpath-rfc9535";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "./json.ts";
import {
  type CompiledJsonPath,
  compileJsonPath,
  evaluateJsonPath,
  extractJsonPath,
} from "./jsonpath.ts";

const doc: JsonValue = {
  results: [
    { id: "p_1", company: { name: "Acme" }, score: 3 },
    { id: "p_2", company: { name: "Globex" }, score: 9 },
  ],
  empty: [],
  count: 0,
  flag: false,
  nothing: null,
};

/** Small JSON documents whose object keys are a few names, one of them an index-like "0". */
const key = fc.constantFrom("a", "b", "c", "0");
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    fc.string(),
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(key, tie("node"), { maxKeys: 3 }),
  ),
})).node;

/** The path a list of steps spells, compiled (it must compile). */
function compiledFrom(steps: string[]): { path: string; compiled: CompiledJsonPath } {
  const path = `$${steps.join("")}`;
  const result = compileJsonPath(path);
  expect(result.ok).toBe(true);
  if (!result.ok) throw new Error(`${path} did not compile`);
  return { path, compiled: result.path };
}

describe("JSONPath extraction", () => {
  it("yields a singular query's value, keeping its type", () => {
    expect(extractJsonPath("$.results[0].id", doc)).toBe("p_1");
    expect(extractJsonPath("$.results[-1].company.name", doc)).toBe("Globex");
    expect(extractJsonPath("$['results'][1]['score']", doc)).toBe(9);
    expect(extractJsonPath("$.count", doc)).toBe(0);
    expect(extractJsonPath("$.flag", doc)).toBe(false);
    expect(extractJsonPath("$.results[0].company", doc)).toEqual({ name: "Acme" });
  });

  it("yields null for a path that matches nothing", () => {
    expect(extractJsonPath("$.results[5].id", doc)).toBeNull();
    expect(extractJsonPath("$.nope.deeper", doc)).toBeNull();
    expect(extractJsonPath("$.results.id", doc)).toBeNull();
    expect(extractJsonPath("$.empty[*]", doc)).toBeNull();
  });

  it("yields an array for [*], slices, filters and descendants", () => {
    expect(extractJsonPath("$.results[*].id", doc)).toEqual(["p_1", "p_2"]);
    expect(extractJsonPath("$.results[0:1].id", doc)).toEqual(["p_1"]);
    expect(extractJsonPath("$.results[?@.score > 5].id", doc)).toEqual(["p_2"]);
    expect(extractJsonPath("$..name", doc)).toEqual(["Acme", "Globex"]);
  });

  it("never resolves prototype keys", () => {
    const hostile = JSON.parse('{"__proto__": {"x": 1}, "a": {"constructor": 2}}') as JsonValue;
    expect(extractJsonPath("$.__proto__", hostile)).toBeNull();
    expect(extractJsonPath("$.a.constructor", hostile)).toBeNull();
    expect(extractJsonPath("$['prototype']", hostile)).toBeNull();
    expect(extractJsonPath("$.a.constructor", doc)).toBeNull();
    expect(extractJsonPath("$.results.length", doc)).toBeNull();
    expect(extractJsonPath("$.results[0].id.length", doc)).toBeNull();
  });

  it.each([
    "results[0]",
    "$.",
    "$[",
    "$.results[?@.score = 1]",
    "$.a[?nope(@)]",
    "$..",
    "$.a[01]",
    "$.x[?length(@) == 1 == 2]",
  ])("refuses the malformed path %s", (path) => {
    expect(compileJsonPath(path).ok).toBe(false);
  });

  it("refuses overlong paths", () => {
    expect(compileJsonPath(`$${".a".repeat(600)}`).ok).toBe(false);
  });

  it("property: the singular fast path agrees with the library", () => {
    const step = fc.oneof(
      key.map((k) => `['${k}']`),
      fc.integer({ min: -3, max: 3 }).map((i) => `[${i}]`),
    );
    fc.assert(
      fc.property(tree, fc.array(step, { maxLength: 4 }), (document, steps) => {
        const { path, compiled } = compiledFrom(steps);
        const expected = query(document as JsonValue, path);
        expect(evaluateJsonPath(compiled, document as JsonValue)).toEqual(expected[0] ?? null);
      }),
    );
  });

  it("property: the wildcard fast path agrees with the library, in document order", () => {
    const step = fc.oneof(
      key.map((k) => `['${k}']`),
      key.filter((k) => k !== "0").map((k) => `.${k}`),
      fc.integer({ min: -3, max: 3 }).map((i) => `[${i}]`),
      fc.constantFrom("[*]", ".*"),
    );
    fc.assert(
      fc.property(tree, fc.array(step, { maxLength: 4 }), (document, steps) => {
        const { path, compiled } = compiledFrom(steps);
        expect(compiled.steps).not.toBeNull();
        const expected = query(document as JsonValue, path);
        const actual = evaluateJsonPath(compiled, document as JsonValue);
        if (compiled.singular) expect(actual).toEqual(expected[0] ?? null);
        else expect(actual).toEqual(expected.length === 0 ? null : expected);
      }),
    );
  });

  it("returns the same frozen compilation for the same expression", () => {
    const first = compileJsonPath("$.results[*].id");
    expect(compileJsonPath("$.results[*].id")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
