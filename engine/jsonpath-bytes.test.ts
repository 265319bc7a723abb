// The byte cap's cheap upper bound (jsonpath-eval.ts): never below the exact serialised size, so
// the cap refuses exactly the extractions that measuring every value would refuse.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "./json.ts";
import { exceedsBytes, serialisedBytes, serialisedBytesBound } from "./jsonpath-eval.ts";
import { compileJsonPath, evaluateJsonPath } from "./jsonpath.ts";

const scalar = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\u001f", '"', "\\", "\u2028", "\ud800", "é") }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

describe("the extraction byte cap's bound", () => {
  it("is never below the exact size, for scalars of every kind", () => {
    const extremes: JsonValue[] = [-1.7976931348623157e308, -0.0000012345678901234567, -5e-324];
    for (const value of extremes) {
      expect(serialisedBytesBound(value)).toBeGreaterThanOrEqual(serialisedBytes(value));
    }
    fc.assert(
      fc.property(scalar, (value) => serialisedBytesBound(value) >= serialisedBytes(value)),
      { numRuns: 300 },
    );
  });

  it("refuses exactly what measuring every value refuses", () => {
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 30 }), fc.nat(600), (values, maxBytes) => {
        let bytes = 0;
        for (const value of values) bytes += serialisedBytes(value) + 1;
        expect(exceedsBytes(values, maxBytes)).toBe(bytes > maxBytes);
        const compiled = compileJsonPath("$.items[*]");
        const filtered = compileJsonPath("$.items[?@ == @]");
        if (!compiled.ok || !filtered.ok) throw new Error("compile");
        const budget = { maxNodes: 100_000, maxValues: 1_000, maxBytes };
        for (const path of [compiled.path, filtered.path]) {
          const run = () => evaluateJsonPath(path, { items: values }, budget);
          if (bytes > maxBytes) expect(run).toThrow(/KiB serialised/);
          else expect(() => run()).not.toThrow();
        }
      }),
      { numRuns: 200 },
    );
  });
});
