import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonical, fold, REDACTED, SecretMatcher } from "./spellings.ts";

function matcher(...secrets: string[]): SecretMatcher {
  const m = new SecretMatcher();
  for (const [i, s] of secrets.entries()) m.add(s, `c${i}`);
  return m;
}

/** Escapes every character of `text` as JSON `\uXXXX`. */
function uEscapeAll(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    out += `\\u${text.charCodeAt(i).toString(16).padStart(4, "0")}`;
  }
  return out;
}

describe("spellings: vendor escapings", () => {
  const secret = "a/b&c<d>e+f'g\"h";
  const m = matcher(secret);

  it.each([
    ["PHP's escaped slash", secret.replace(/\//g, "\\/").replace(/"/g, '\\"')],
    [
      "Go's \\u0026 \\u003c \\u003e",
      JSON.stringify(secret)
        .slice(1, -1)
        .replace(/&/g, "\\u0026")
        .replace(/</g, "\\u003c")
        .replace(/>/g, "\\u003e"),
    ],
    [
      ".NET's \\u002B",
      JSON.stringify(secret).slice(1, -1).replace(/\+/g, "\\u002B").replace(/'/g, "\\u0027"),
    ],
    ["every character \\u-escaped", uEscapeAll(secret)],
    ["decimal HTML entities", [...secret].map((c) => `&#${c.codePointAt(0)};`).join("")],
    ["hex HTML entities", [...secret].map((c) => `&#x${c.codePointAt(0)?.toString(16)};`).join("")],
    [
      "named HTML entities",
      secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;"),
    ],
    ["encodeURIComponent", encodeURIComponent(secret)],
    ["lower-case percent hex", encodeURIComponent(secret).toLowerCase()],
    [
      "the URL serialiser's query (' is %27)",
      new URL(`https://x.example/?${secret}`).search.slice(1),
    ],
    ["the URL serialiser's path", new URL(`https://x.example/${secret}`).pathname.slice(1)],
    ["form encoding", new URLSearchParams([["k", secret]]).toString().slice(2)],
    ["percent-encoding inside JSON", JSON.stringify(encodeURIComponent(secret)).slice(1, -1)],
    ["upper case (a long secret)", secret.toUpperCase()],
  ])("finds and redacts %s", (_, spelled) => {
    const text = `before ${spelled} after`;
    expect(m.contains(text)).toBe(true);
    expect(m.tagsIn(text)).toEqual(new Set(["c0"]));
    const redacted = m.redact(text);
    expect(redacted).toBe(`before ${REDACTED} after`);
  });

  it("a partial escape that leaves the secret's own backslashes bare is still found", () => {
    const secret = "\\+'&++%+\\&";
    const m = matcher(secret);
    const spelled = secret.replace(/\+/g, "\\u002B");
    expect(m.redact(`x ${spelled} y`)).toBe(`x ${REDACTED} y`);
  });

  it("a short secret matches case-sensitively only", () => {
    const short = matcher("AbC1");
    expect(short.contains("xx AbC1 xx")).toBe(true);
    expect(short.contains("xx abc1 xx")).toBe(false);
  });

  it("a digits-only key is found inside a JSON number", () => {
    const m = matcher("12345678901234567890");
    expect(m.redact('{"quantity":12345678901234567890}')).toBe(`{"quantity":${REDACTED}}`);
  });

  it("leaves text holding no secret untouched (the same string)", () => {
    const m = matcher("sk_live_abcdef");
    const text = 'plain {"a":"b\\/c"} %41 &amp; + text';
    expect(m.redact(text)).toBe(text);
  });

  it("decodes layered and partial escapes", () => {
    expect(canonical("%2527")).toBe("'");
    expect(canonical("a\\u0026b&#38;c%26d")).toBe("a&b&c&d");
    expect(fold("ΑΣ")).toBe(fold("ασ"));
  });
});

describe("spellings: properties", () => {
  const secretArb = fc.oneof(
    fc.stringMatching(/^[0-9]{8,20}$/),
    fc.stringMatching(/^[A-Za-z0-9+/]{8,32}={0,2}$/),
    fc.stringMatching(/^[A-Za-z0-9'"<>&/+ %\\]{8,24}$/),
    fc.string({ minLength: 8, maxLength: 16, unit: "grapheme" }),
  );
  const spell: fc.Arbitrary<(s: string) => string> = fc.constantFrom(
    (s: string) => s,
    (s: string) => JSON.stringify(s).slice(1, -1),
    (s: string) => uEscapeAll(s),
    (s: string) => encodeURIComponent(s),
    (s: string) => new URLSearchParams([["k", s]]).toString().slice(2),
    (s: string) => [...s].map((c) => `&#${c.codePointAt(0)};`).join(""),
    (s: string) => s.toUpperCase(),
    (s: string) => s.toLowerCase(),
  );

  // Neighbours that try to merge with the spelling: escape starts and hex digits.
  const noise = fc.oneof(fc.string(), fc.stringMatching(/^[\\%&#;+u0-9a-fA-Fx"]{0,6}$/));

  it("any spelling of any secret, anywhere in a text, is found and redacted", () => {
    fc.assert(
      fc.property(secretArb, spell, noise, noise, (secret, f, pre, post) => {
        fc.pre(secret.trim() !== "");
        // Case matching lower-cases per code point: case maps that do not round-trip or change
        // length (ϐ → Β → β, ᾀ → ἈΙ, İ → i̇) are out of its reach.
        const spelled = f(secret);
        const caseMapped = spelled === secret.toUpperCase() || spelled === secret.toLowerCase();
        fc.pre(!caseMapped || fold(spelled) === fold(secret));
        const m = matcher(secret);
        const text = `${pre}${f(secret)}${post}`;
        expect(m.contains(text)).toBe(true);
        expect(m.contains(m.redact(text))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
