import { type Schema, Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInputSchema, validateInput } from "./input-schema.ts";
import type { JsonValue } from "./json.ts";
import {
  MAX_UNIQUE_ITEMS,
  MAX_VALIDATION_WORK,
  schemaExpansion,
  validationWork,
} from "./schema-budget.ts";

/** The review's reproduction: `levels` of anyOf, each branch a $ref to the next level. */
function fanOut(levels: number, branches = 4): Record<string, unknown> {
  const defs: Record<string, unknown> = { [`l${levels}`]: { type: "string" } };
  for (let level = levels - 1; level >= 0; level--) {
    defs[`l${level}`] = {
      anyOf: Array.from({ length: branches }, () => ({ $ref: `#/$defs/l${level + 1}` })),
    };
  }
  return { type: "object", properties: { x: { $ref: "#/$defs/l0" } }, $defs: defs };
}

/** Wraps every schema object so the validator's evaluations can be counted. */
function counted(schema: unknown, counter: { evaluations: number }): unknown {
  if (Array.isArray(schema)) return schema.map((item) => counted(item, counter));
  if (typeof schema !== "object" || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = ["enum", "const", "default"].includes(key) ? value : counted(value, counter);
  }
  return new Proxy(copy, {
    get(target, key, receiver) {
      // The validator reads every keyword once per evaluation, present or not.
      if (key === "maxContains") counter.evaluations++;
      return Reflect.get(target, key, receiver);
    },
  });
}

function validatorEvaluations(schema: Record<string, unknown>, input: unknown): number {
  const counter = { evaluations: 0 };
  const validator = new Validator(counted(schema, counter) as Schema, "2020-12", false);
  counter.evaluations = 0;
  validator.validate(input);
  return counter.evaluations;
}

describe("schema fan-out budget at save", () => {
  it("refuses 10 levels of anyOf × 4 $ref at once, naming the path (the validator took 1.8 s)", () => {
    const problems = checkInputSchema(fanOut(10));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/fans out .* beyond the budget/);
    expect(problems[0]?.path).toMatch(/^input\.properties\.x/);
  });

  it("accepts a modest fan-out", () => {
    expect(checkInputSchema(fanOut(3))).toEqual([]);
    expect(schemaExpansion(fanOut(3), ["input"])).toMatchObject({ ok: true });
  });

  it("refuses a $ref that returns to itself in place, and allows recursion through a child", () => {
    const loop = {
      type: "object",
      $defs: { a: { anyOf: [{ $ref: "#/$defs/a" }] } },
      allOf: [{ $ref: "#/$defs/a" }],
    };
    expect(checkInputSchema(loop)[0]?.message).toMatch(/refers back to itself/);
    expect(checkInputSchema({ type: "object", $ref: "#" })[0]?.message).toMatch(/refers back/);
    const tree = {
      type: "object",
      properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#" } } },
    };
    expect(checkInputSchema(tree)).toEqual([]);
    const input = { name: "a", children: [{ name: "b", children: [{ name: "c" }] }] };
    expect(validateInput(tree as JsonValue, input)).toEqual({ ok: true });
  });
});

describe("validation work per input", () => {
  it("applies uniqueItems only to arrays of at most 1,000 items (the validator took 7 s on 20,000)", () => {
    const schema = {
      type: "object",
      properties: { tags: { type: "array", uniqueItems: true } },
    } as const;
    const fine = Array.from({ length: MAX_UNIQUE_ITEMS }, (_, i) => i);
    expect(validateInput(schema, { tags: fine })).toEqual({ ok: true });
    expect(validateInput(schema, { tags: [...fine, 1] })).toMatchObject({ ok: false });
    const long = Array.from({ length: 20_000 }, (_, i) => i);
    expect(validateInput(schema, { tags: long })).toEqual({
      ok: false,
      errors: [
        { path: "input.tags", message: "uniqueItems applies to arrays of at most 1000 items" },
      ],
    });
  });

  it("answers a large input against an accepted schema with an error, not seconds of CPU", () => {
    const schema = {
      type: "object",
      properties: {
        rows: {
          type: "array",
          items: {
            anyOf: [{ type: "string" }, { type: "boolean" }, { type: "null" }, { type: "number" }],
          },
        },
      },
    };
    expect(checkInputSchema(schema)).toEqual([]);
    // 120,000 numbers fit 256 KiB; the validator needed ~2 s for them.
    const rows = Array.from({ length: 120_000 }, () => 0);
    const result = validateInput(schema as JsonValue, { rows });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.path).toMatch(/^input\.rows\[\d+\]$/);
    expect(result.errors[0]?.message).toMatch(/more than 20000 schema evaluations/);
  });

  it("property: the count is an upper bound on the validator's evaluations, and accepted inputs stay under the budget", () => {
    const leaf = fc.constantFrom<Record<string, unknown>>(
      { type: "string" },
      { type: "number" },
      { type: "object" },
      { type: "array" },
      { pattern: "^a" },
      { enum: [1, "a"] },
      {},
    );
    const ref = fc.constantFrom({ $ref: "#/$defs/d0" }, { $ref: "#/$defs/d1" }, { $ref: "#" });
    const schemaArb = fc.letrec((tie) => ({
      schema: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        ref,
        fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
        fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
        fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ oneOf })),
        tie("schema").map((items) => ({ items })),
        tie("schema").map((not) => ({ not })),
        fc.tuple(tie("schema"), tie("schema")).map(([a, b]) => ({ properties: { a, b } })),
        tie("schema").map((s) => ({ patternProperties: { "^b": s } })),
        tie("schema").map((s) => ({ additionalProperties: s })),
        fc.tuple(tie("schema"), tie("schema")).map(([i, t]) =>
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords.
          ({ if: i, then: t }),
        ),
      ),
    })).schema as fc.Arbitrary<Record<string, unknown>>;
    const root = fc
      .tuple(schemaArb, schemaArb, schemaArb)
      .map(([body, d0, d1]) => ({ ...body, $defs: { d0, d1 } }));
    const value: fc.Arbitrary<JsonValue> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom<JsonValue>(0, "a", "ab", true, null),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom("a", "b", "ba"), tie("node"), { maxKeys: 3 }),
      ),
    })).node as fc.Arbitrary<JsonValue>;
    // Inputs wide enough to meet the budget now and then.
    const input = fc.oneof(
      value,
      fc.tuple(value, fc.integer({ min: 0, max: 3000 })).map(([item, n]) => ({
        a: Array.from({ length: n }, () => item),
        b: Object.fromEntries(Array.from({ length: Math.min(n, 300) }, (_, i) => [`b${i}`, item])),
      })),
    );
    let accepted = 0;
    fc.assert(
      fc.property(root, input, (schema, data) => {
        if (checkInputSchema(schema).length > 0) return;
        const work = validationWork(schema, data);
        if (!work.ok) return;
        accepted++;
        expect(work.work).toBeLessThanOrEqual(MAX_VALIDATION_WORK);
        expect(validatorEvaluations(schema, data)).toBeLessThanOrEqual(work.work);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
