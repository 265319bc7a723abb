import fc from "fast-check";
import { query } from "jsonpath-rfc9535";
import { describe, expect, it } from "vitest";
import { StepError } from "./errors.ts";
import type { JsonValue } from "./json.ts";
import { compileJsonPath, evaluateJsonPath, type JsonPathBudget } from "./jsonpath.ts";

const key = fc.constantFrom("a", "b", "c", "0", "x y");
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom("", "a", "b", "ab", "é", "😀"),
  fc.boolean(),
  fc.constant(null),
);
const tree: fc.Arbitrary<JsonValue> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  ),
})).node as fc.Arbitrary<JsonValue>;

const name = key.map((k) => `'${k}'`);
const literal = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map(String),
  fc.constantFrom("'a'", "'b'", "''", "true", "false", "null"),
);
const singular = fc
  .array(
    fc.oneof(
      name.map((n) => `[${n}]`),
      fc.integer({ min: -2, max: 2 }).map((i) => `[${i}]`),
    ),
    {
      maxLength: 2,
    },
  )
  .chain((steps) => fc.constantFrom("@", "$").map((root) => `${root}${steps.join("")}`));

/** Queries over the whole accepted grammar: segments, selectors, filters, functions. */
const pathArb: fc.Arbitrary<string> = fc
  .letrec((tie) => ({
    selector: fc.oneof(
      name,
      fc.integer({ min: -3, max: 3 }).map(String),
      fc.constant("*"),
      // Slice bounds below -1 are left out: the library normalises them twice (see below).
      fc
        .tuple(
          fc.option(fc.integer({ min: -1, max: 3 })),
          fc.option(fc.integer({ min: -1, max: 3 })),
          fc.option(fc.integer({ min: -2, max: 2 })),
        )
        .map(([a, b, c]) => `${a ?? ""}:${b ?? ""}${c === null ? "" : `:${c}`}`),
      tie("filter").map((f) => `?${f}`),
    ),
    segment: fc.oneof(
      fc.array(tie("selector"), { minLength: 1, maxLength: 2 }).map((s) => `[${s.join(",")}]`),
      fc.constantFrom(".*", ".a", ".b"),
      fc.array(tie("selector"), { minLength: 1, maxLength: 2 }).map((s) => `..[${s.join(",")}]`),
      fc.constantFrom("..*", "..a"),
    ),
    relative: fc
      .array(tie("segment"), { maxLength: 2 })
      .chain((segments) => fc.constantFrom("@", "$").map((root) => `${root}${segments.join("")}`)),
    comparable: fc.oneof(
      literal,
      singular,
      singular.map((q) => `length(${q})`),
      tie("relative").map((q) => `count(${q})`),
      tie("relative").map((q) => `value(${q})`),
    ),
    filter: fc.oneof(
      { depthSize: "small" },
      tie("relative"),
      fc
        .tuple(
          tie("comparable"),
          fc.constantFrom("==", "!=", "<", "<=", ">", ">="),
          tie("comparable"),
        )
        .map(([l, op, r]) => `${l} ${op} ${r}`),
      fc.tuple(tie("filter"), tie("filter")).map(([l, r]) => `(${l} && ${r})`),
      fc.tuple(tie("filter"), tie("filter")).map(([l, r]) => `(${l} || ${r})`),
      tie("filter").map((f) => `!(${f})`),
    ),
  }))
  .relative.map((q) => `$${q.slice(1)}`) as fc.Arbitrary<string>;

function limitOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof StepError) return error.kind;
    throw error;
  }
}

/** `[[[…[0]…]]]` nested `depth` levels. */
function nestedArray(depth: number): JsonValue {
  let value: JsonValue = 0;
  for (let i = 1; i < depth; i++) value = [value];
  return [value];
}

describe("bounded JSONPath evaluation", () => {
  it("property: agrees with jsonpath-rfc9535 (values and order) on small documents", () => {
    fc.assert(
      fc.property(tree, pathArb, (document, path) => {
        const compiled = compileJsonPath(path);
        if (!compiled.ok) return;
        const expected = query(document, path) as JsonValue[];
        const actual = evaluateJsonPath(compiled.path, document);
        if (compiled.path.singular) expect(actual).toEqual(expected[0] ?? null);
        else expect(actual).toEqual(expected.length === 0 ? null : expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("property: a query either answers as the library does or stops with limit_exceeded under a small budget", () => {
    const budget: JsonPathBudget = { maxNodes: 200, maxValues: 20, maxBytes: 400 };
    fc.assert(
      fc.property(tree, pathArb, (document, path) => {
        const compiled = compileJsonPath(path);
        if (!compiled.ok) return;
        let actual: JsonValue;
        try {
          actual = evaluateJsonPath(compiled.path, document, budget);
        } catch (error) {
          expect(error).toBeInstanceOf(StepError);
          expect((error as StepError).kind).toBe("limit_exceeded");
          return;
        }
        const expected = query(document, path) as JsonValue[];
        if (compiled.path.singular) expect(actual).toEqual(expected[0] ?? null);
        else expect(actual).toEqual(expected.length === 0 ? null : expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("slices as RFC 9535 says where the library normalises a negative bound twice", () => {
    const compiled = compileJsonPath("$[:-3]");
    if (!compiled.ok) throw new Error(compiled.message);
    expect(evaluateJsonPath(compiled.path, [1, 2])).toBeNull();
    expect(query([1, 2], "$[:-3]")).toEqual([1]);
  });

  it("stops $..*..*..* on a 64-deep array with limit_exceeded (the library returns ~45,000 values)", () => {
    const compiled = compileJsonPath("$..*..*..*");
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(limitOf(() => evaluateJsonPath(compiled.path, nestedArray(64)))).toBe("limit_exceeded");
  });

  it("stops five descendant segments within the node budget (the library never ends)", () => {
    const compiled = compileJsonPath("$..*..*..*..*..*");
    if (!compiled.ok) throw new Error(compiled.message);
    expect(limitOf(() => evaluateJsonPath(compiled.path, nestedArray(64)))).toBe("limit_exceeded");
    // The node budget, not the value cap, is what ends it.
    const budget = { maxNodes: 50_000, maxValues: Number.MAX_SAFE_INTEGER, maxBytes: 1e12 };
    let error: unknown = null;
    try {
      evaluateJsonPath(compiled.path, nestedArray(64), budget);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).message).toMatch(/visited more nodes/);
  });

  it("charges the work of filters, whose sub-queries return nothing to the caller", () => {
    const compiled = compileJsonPath("$..[?@..*..*..*]");
    if (!compiled.ok) throw new Error(compiled.message);
    expect(limitOf(() => evaluateJsonPath(compiled.path, nestedArray(64)))).toBe("limit_exceeded");
    const equality = compileJsonPath("$..[?@ == $]");
    if (!equality.ok) throw new Error(equality.message);
    const wide: JsonValue = Array.from({ length: 2000 }, () =>
      Array.from({ length: 500 }, () => 1),
    );
    expect(limitOf(() => evaluateJsonPath(equality.path, wide))).toBe("limit_exceeded");
  });

  it("returns at most 10,000 values per extracted name, on every evaluation path", () => {
    const items = Array.from({ length: 10_001 }, (_, i) => ({ id: i }));
    for (const path of [
      "$.items[*].id",
      "$.items[*]",
      "$.items[*].*",
      "$.items[?@.id >= 0].id",
      "$..id",
    ]) {
      const compiled = compileJsonPath(path);
      if (!compiled.ok) throw new Error(compiled.message);
      expect(
        limitOf(() => evaluateJsonPath(compiled.path, { items })),
        path,
      ).toBe("limit_exceeded");
      expect(evaluateJsonPath(compiled.path, { items: items.slice(0, 10_000) }), path).toHaveLength(
        10_000,
      );
    }
  });

  it("returns at most 256 KiB (serialised) per extracted name, singular or not", () => {
    const big = "é".repeat(70 * 1024); // 140 KiB of UTF-8 each
    const document: JsonValue = { one: { text: big }, two: [big, big] };
    for (const path of ["$.one", "$.one.text", "$.two[*]", "$.two[0:2]", "$..text"]) {
      const compiled = compileJsonPath(path);
      if (!compiled.ok) throw new Error(compiled.message);
      const expected = path === "$.two[*]" || path === "$.two[0:2]" ? "limit_exceeded" : null;
      expect(
        limitOf(() => evaluateJsonPath(compiled.path, document)),
        path,
      ).toBe(expected);
    }
    const whole = compileJsonPath("$");
    if (!whole.ok) throw new Error(whole.message);
    expect(limitOf(() => evaluateJsonPath(whole.path, document))).toBe("limit_exceeded");
  });
});
