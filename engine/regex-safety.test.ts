import fc from "fast-check";
import { checkSync } from "recheck";
import { describe, expect, it } from "vitest";
import { checkInputSchema } from "./input-schema.ts";
import { checkRegexSafety } from "./regex-safety.ts";

// recheck's pure-JavaScript backend: the same answer on every machine, no JVM or binary.
process.env.RECHECK_BACKEND = "pure";

function recheckSays(source: string): "safe" | "vulnerable" | "unknown" {
  return checkSync(source, "u", { checker: "automaton", timeout: 10_000 }).status;
}

const CATASTROPHIC = [
  "^(a+)+$",
  "^(a|aa)+$",
  "^(a|a)*$",
  "(a*)*b",
  "^(\\w+\\s?)*$",
  "^((a?|b?)c)*$",
  "^(a*a*)*$",
  "^\\S+@\\S+\\.\\S+$",
  "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
  "a*a*b",
  "^.*a.*a.*$",
  "\\s+$",
  "^\\s+|\\s+$",
  "x.*y.*z",
  "^([a-z0-9]+\\.?)+$",
  "^(\\d+|\\d+\\.\\d+)*$",
];

const SAFE = [
  // The official templates' patterns.
  "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
  "^app[A-Za-z0-9]{14}$",
  "^[a-z]+[0-9]+$",
  "^[A-Za-z0-9_-]+$",
  "^[A-Za-z0-9]+$",
  "^[0-9a-fA-F-]{32,36}$",
  "^AC[0-9a-fA-F]{32}$",
  // Common shapes.
  "^\\d{3}-\\d{4}$",
  "^[a-z]+(-[a-z]+)*$",
  "^\\+?[1-9]\\d{1,14}$",
  "^https?://[^\\s/$.?#].[^\\s]*$",
  "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
  "^\\d+(\\.\\d+)?$",
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
  "^(ab|a)*c$",
  "^.{0,5000}$",
  "^\\p{L}+$",
  "[a-z]+",
  "\\S",
  "abc",
];

/** Safe for the criteria, yet a greedy optional explores a bad region before giving up. */
const TRAPS = ["(?:(?:a*)*[^a]|a*)", "a(?:(?:b*)*c)?"];

describe("ReDoS check of input patterns", () => {
  it.each(CATASTROPHIC)("refuses %s, as recheck does", (source) => {
    const verdict = checkRegexSafety(source);
    expect(verdict.safe).toBe(false);
    if (!verdict.safe) expect(verdict.reason).toMatch(/backtrack catastrophically/);
    expect(recheckSays(source)).toBe("vulnerable");
  });

  it.each(SAFE)("accepts %s, as recheck does", (source) => {
    expect(checkRegexSafety(source)).toEqual({ safe: true });
    expect(recheckSays(source)).toBe("safe");
  });

  it.each(TRAPS)("refuses %s: a reachable match does not end the search early", (source) => {
    expect(checkRegexSafety(source).safe).toBe(false);
    expect(recheckSays(source)).toBe("vulnerable");
  });

  it("refuses what it cannot judge and what is not a regular expression", () => {
    expect(checkRegexSafety("^(?=a)a$")).toMatchObject({ safe: false, reason: /lookaround/ });
    expect(checkRegexSafety("^(a)\\1$")).toMatchObject({ safe: false, reason: /backreference/ });
    expect(checkRegexSafety("(")).toMatchObject({ safe: false, reason: /not a valid/ });
    expect(checkRegexSafety(`^${"(a|b)".repeat(3000)}$`)).toMatchObject({
      safe: false,
      reason: /too complex/,
    });
  });

  it("property: whatever recheck finds vulnerable is refused (and most of what it finds safe is accepted)", () => {
    // A two-letter alphabet keeps recheck's automata small (it needs seconds on larger ones);
    // these atoms mean the same with and without the `u` flag.
    const atom = fc.constantFrom("a", "b", "[ab]");
    const regex: fc.Arbitrary<string> = fc.letrec((tie) => ({
      term: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        tie("alternation").map((inner) => `(?:${inner})`),
        fc
          .tuple(tie("term"), fc.constantFrom("*", "+", "?", "{0,2}", "{1,3}", "*?"))
          .map(([t, q]) => (/[*+?}]$/.test(String(t)) ? `(?:${t})${q}` : `${t}${q}`)),
      ),
      sequence: fc
        .array(tie("term"), { minLength: 1, maxLength: 2 })
        .map((terms) => terms.join("")),
      alternation: fc
        .array(tie("sequence"), { minLength: 1, maxLength: 2 })
        .map((alternatives) => alternatives.join("|")),
    })).alternation as fc.Arbitrary<string>;
    const anchored = fc
      .tuple(fc.boolean(), regex, fc.boolean())
      .map(([start, body, end]) => `${start ? "^" : ""}(?:${body})${end ? "$" : ""}`);
    let safe = 0;
    let accepted = 0;
    fc.assert(
      fc.property(anchored, (source) => {
        const expected = checkSync(source, "", { checker: "automaton" }).status;
        const verdict = checkRegexSafety(source);
        if (expected === "vulnerable") expect(verdict.safe, source).toBe(false);
        if (expected === "safe") {
          safe++;
          if (verdict.safe) accepted++;
        }
      }),
      { numRuns: 40 },
    );
    // Conservative by design (priorities of lazy and nullable branches are not modelled).
    expect(accepted / Math.max(1, safe)).toBeGreaterThan(0.6);
  }, 180_000);
});

describe("regular expressions in input schemas", () => {
  const schemaWith = (property: Record<string, unknown>) => ({
    type: "object",
    properties: { name: property },
  });

  it("refuses a catastrophic pattern at save, naming its path (a 28-character input took 2.7 s)", () => {
    for (const pattern of ["^(a+)+$", "^(a|aa)+$"]) {
      const problems = checkInputSchema(schemaWith({ type: "string", pattern }));
      expect(problems.map((p) => p.path)).toEqual(["input.properties.name.pattern"]);
      expect(problems[0]?.message).toMatch(/backtrack catastrophically/);
    }
  });

  it("refuses catastrophic patternProperties keys and format: regex values", () => {
    const keyed = checkInputSchema({ type: "object", patternProperties: { "^(a|aa)+$": {} } });
    expect(keyed.map((p) => p.path)).toEqual(['input.patternProperties["^(a|aa)+$"]']);
    const declared = checkInputSchema(
      schemaWith({ type: "string", format: "regex", default: "(x+x+)+y", enum: ["^a$", "(a*)*b"] }),
    );
    expect(declared.map((p) => p.path)).toEqual([
      "input.properties.name.default",
      "input.properties.name.enum[1]",
    ]);
  });

  it("keeps safe patterns", () => {
    expect(checkInputSchema(schemaWith({ type: "string", pattern: "^[a-z0-9-]{1,63}$" }))).toEqual(
      [],
    );
  });
});
