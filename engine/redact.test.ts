import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  base64Encode,
  basicAuthVariants,
  REDACTED,
  Redactor,
  secretVariants,
  truncateUtf8,
} from "./redact.ts";

describe("Redactor", () => {
  const secret = "sk_live/abc+def=ghi&x y";

  it("redacts the raw, URL-encoded, form-encoded, base64 and JSON-escaped spellings", () => {
    const redactor = new Redactor([secret]);
    const spellings = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret)
        .toLowerCase()
        .replace(/sk_live/, "sk_live"),
      new URLSearchParams({ k: secret }).toString().slice(2),
      base64Encode(secret),
      base64Encode(secret).replace(/=+$/, ""),
    ];
    for (const spelling of spellings) {
      const out = redactor.redactString(`before ${spelling} after`);
      expect(out, spelling).toBe(`before ${REDACTED} after`);
    }
    const quoted = JSON.stringify({ token: 'a"b\\c' });
    expect(new Redactor(['a"b\\c']).redactString(quoted)).toBe(`{"token":"${REDACTED}"}`);
  });

  it("redacts Basic auth's combined form", () => {
    const redactor = new Redactor(["pw"]);
    redactor.addExact(basicAuthVariants("user", "pw"));
    const header = `Basic ${base64Encode("user:pw")}`;
    expect(redactor.redactString(header)).toBe(`Basic ${REDACTED}`);
  });

  it("redacts short secrets too", () => {
    expect(new Redactor(["ab"]).redactString("xabx")).toBe(`x${REDACTED}x`);
  });

  it("ignores empty secrets", () => {
    expect(new Redactor([""]).redactString("text")).toBe("text");
  });

  it("redacts deep in JSON values, keys included", () => {
    const redactor = new Redactor(["tok"]);
    expect(redactor.redactJson({ a: ["x tok", { tok: "tok", n: 1, b: true, z: null }] })).toEqual({
      a: [`x ${REDACTED}`, { [REDACTED]: REDACTED, n: 1, b: true, z: null }],
    });
  });

  it("prefers the longest spelling so no fragment of an encoded form survives", () => {
    const redactor = new Redactor(["a b", "a"]);
    expect(redactor.redactString("a%20b")).toBe(REDACTED);
  });
});

describe("truncateUtf8", () => {
  it("cuts at a byte limit without splitting a character", () => {
    expect(truncateUtf8("abc", 16)).toEqual({ text: "abc", truncated: false });
    expect(truncateUtf8("aé€😀", 4)).toEqual({ text: "aé", truncated: true });
    expect(truncateUtf8("x".repeat(20_000), 16 * 1024).text).toHaveLength(16 * 1024);
  });

  it("property: the form-encoded spelling is exactly what URLSearchParams writes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (text) => {
        const form = new URLSearchParams({ v: text }).toString().slice(2);
        expect(secretVariants(text)).toContain(form);
      }),
    );
  });

  it("property: a string with no secret in it comes back unchanged, one with it never keeps it", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (secret, a, b) => {
        const redactor = new Redactor([secret]);
        const clean = a.split(secret).join("");
        if (!secretVariants(secret).some((v) => clean.includes(v))) {
          expect(redactor.redactString(clean)).toBe(clean);
        }
        expect(redactor.redactString(`${a}${secret}${b}`)).toContain(REDACTED);
      }),
    );
  });
});

describe("redactJson copy-on-write", () => {
  it("returns the same object when nothing holds a secret, and a redacted copy otherwise", () => {
    const redactor = new Redactor(["s3cr3t-value"]);
    const clean = { a: [1, "two", { three: null }], b: { c: "d" } };
    expect(redactor.redactJson(clean)).toBe(clean);
    const dirty = { a: [1, "x s3cr3t-value y"], b: { c: "d" }, "s3cr3t-value": true };
    const out = redactor.redactJson(dirty);
    expect(out).toEqual({ a: [1, "x [REDACTED] y"], b: { c: "d" }, "[REDACTED]": true });
    expect(out.b).toBe(dirty.b);
    expect(dirty.a[1]).toBe("x s3cr3t-value y");
  });
});
