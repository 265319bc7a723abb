import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StepError } from "./errors.ts";
import {
  type InterpolationContext,
  parseInterpolation,
  renderForm,
  renderHeaderValue,
  renderJsonValue,
  renderString,
  renderValue,
  renderXml,
  tryParseInterpolation,
} from "./interpolate.ts";
import { renderUrl } from "./interpolate-url.ts";

const ctx: InterpolationContext = {
  input: {
    email: "ada@example.com",
    score: 42,
    vip: true,
    tags: ["a", "b"],
    nested: { deep: { value: "x" } },
    shop: "acme-store",
    nothing: null,
  },
  credentials: { example_token: "s3cr3t-token" },
  steps: { find: { status: 200, personId: "p_123", company: "Acme" } },
  contact: { email: "c@example.com", custom_fields: { tier: "gold" } },
  execution: { id: "exec-1" },
};

function stepError(fn: () => unknown): StepError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StepError) return error;
    throw error;
  }
  throw new Error("expected a StepError");
}

describe("parseInterpolation", () => {
  it("splits literals and placeholders, tolerating whitespace inside the braces", () => {
    expect(parseInterpolation("a {{ input.email }} b{{steps.find.personId}}")).toEqual([
      { kind: "literal", text: "a " },
      { kind: "placeholder", root: "input", path: ["email"], source: "input.email" },
      { kind: "literal", text: " b" },
      {
        kind: "placeholder",
        root: "steps",
        path: ["find", "personId"],
        source: "steps.find.personId",
      },
    ]);
  });

  it("treats workspace as an alias of credentials", () => {
    expect(parseInterpolation("{{workspace.example_token}}")[0]).toMatchObject({
      root: "credentials",
      path: ["example_token"],
    });
  });

  it.each([
    ["{{input.email", /unterminated/],
    ["{{ }}", /empty placeholder/],
    ["{{input.a b}}", /dotted path/],
    ["{{input['a']}}", /dotted path/],
    ["{{input..a}}", /dotted path/],
    ["{{secrets.x}}", /unknown template root "secrets"/],
    ["{{execution.started}}", /only execution.id/],
    ["{{credentials}}", /credentials.<name>/],
    ["{{credentials.Bad-Name}}", /credentials.<name>/],
    ["{{steps.find}}", /steps.<stepId>/],
  ])("refuses %s", (text, message) => {
    const result = tryParseInterpolation(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("keeps text without placeholders as one literal", () => {
    expect(parseInterpolation("plain } { text")).toEqual([
      { kind: "literal", text: "plain } { text" },
    ]);
  });
});

describe("renderJsonValue", () => {
  it("keeps a whole-value placeholder's JSON type and renders embedded ones as text", () => {
    const value = renderJsonValue(
      {
        score: "{{input.score}}",
        vip: "{{ input.vip }}",
        tags: "{{input.tags}}",
        missing: "{{input.nope}}",
        nothing: "{{input.nothing}}",
        text: "score={{input.score}}",
        list: ["{{steps.find.personId}}", 1],
      },
      ctx,
    );
    expect(value).toEqual({
      score: 42,
      vip: true,
      tags: ["a", "b"],
      missing: null,
      nothing: null,
      text: "score=42",
      list: ["p_123", 1],
    });
  });

  it("keeps a literal __proto__ key as data", () => {
    const body = JSON.parse('{"__proto__": {"polluted": "{{input.email}}"}}');
    const value = renderJsonValue(body, ctx) as Record<string, unknown>;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses output over the size limit", () => {
    const error = stepError(() =>
      renderJsonValue({ a: "{{input.email}}{{input.email}}" }, ctx, { maxOutputBytes: 10 }),
    );
    expect(error.kind).toBe("template_error");
  });
});

describe("resolution", () => {
  it("renders nested paths, array indexes, contact and execution.id", () => {
    expect(
      renderString(
        "{{input.nested.deep.value}}|{{input.tags.1}}|{{contact.custom_fields.tier}}|{{execution.id}}",
        ctx,
      ),
    ).toBe("x|b|gold|exec-1");
  });

  it("renders a missing value as an empty string outside whole JSON values", () => {
    expect(renderString("[{{input.nope}}][{{steps.later.x}}][{{input.nothing}}]", ctx)).toBe(
      "[][][]",
    );
  });

  it("never resolves prototype keys", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      expect(renderValue(`{{input.${key}}}`, ctx)).toBeNull();
      expect(renderValue(`{{input.email.${key}}}`, ctx)).toBeNull();
      expect(renderValue(`{{input.tags.${key}}}`, ctx)).toBeNull();
    }
    expect(renderValue("{{input.tags.length}}", ctx)).toBeNull();
    expect(renderValue("{{input.email.length}}", ctx)).toBeNull();
  });

  it("fails with credential_error for a credential the run does not have", () => {
    expect(stepError(() => renderString("{{credentials.other}}", ctx)).kind).toBe(
      "credential_error",
    );
  });

  it("renders objects as JSON inside strings", () => {
    expect(renderString("{{input.tags}}", ctx)).toBe('["a","b"]');
  });
});

describe("renderUrl", () => {
  it("percent-encodes path and query values", () => {
    const url = renderUrl("https://api.example.com/v1/people/{{input.id}}?email={{input.email}}", {
      ...ctx,
      input: { id: "../../admin?x=1#frag", email: "a+b@example.com&admin=1" },
    });
    expect(url.host).toBe("api.example.com");
    expect(url.pathname).toBe("/v1/people/..%2F..%2Fadmin%3Fx%3D1%23frag");
    expect(url.searchParams.get("email")).toBe("a+b@example.com&admin=1");
    expect(url.hash).toBe("");
  });

  it("refuses a value that would form a dot segment", () => {
    for (const id of [".", ".."]) {
      const error = stepError(() =>
        renderUrl("https://api.example.com/v1/{{input.id}}/x", { ...ctx, input: { id } }),
      );
      expect(error.kind).toBe("template_error");
    }
    expect(
      renderUrl("https://api.example.com/v1/{{input.id}}", { ...ctx, input: { id: "a.." } })
        .pathname,
    ).toBe("/v1/a..");
  });

  it("allows one leading host label placeholder matching [a-z0-9-]{1,63}", () => {
    expect(renderUrl("https://{{input.shop}}.myshopify.com/admin", ctx).host).toBe(
      "acme-store.myshopify.com",
    );
    for (const shop of ["evil.com/", "a.b", "UPPER", "", "x".repeat(64), "a@b", "a:1"]) {
      const error = stepError(() =>
        renderUrl("https://{{input.shop}}.myshopify.com/admin", { ...ctx, input: { shop } }),
      );
      expect(error.kind).toBe("template_error");
    }
  });

  it.each([
    "https://{{input.host}}/x",
    "https://api.example.com{{input.path}}",
    "https://api.example.com:{{input.port}}/x",
    "https://{{input.a}}.{{input.b}}.example.com/",
    "https://x{{input.shop}}.example.com/",
    "{{input.url}}",
    "api.example.com/x",
  ])("refuses the templated host %s", (template) => {
    expect(stepError(() => renderUrl(template, ctx)).kind).toBe("template_error");
  });

  it.each(["file:///etc/passwd", "gopher://x.test/", "ftp://x.test/"])(
    "refuses the scheme of %s as blocked",
    (template) => {
      expect(stepError(() => renderUrl(template, ctx)).kind).toBe("blocked");
    },
  );

  it("property: no value changes the URL's host", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string(), (a, b) => {
        const local = { ...ctx, input: { a, b } };
        let url: URL;
        try {
          url = renderUrl("https://api.example.com/v1/{{input.a}}/x?q={{input.b}}&z=1", local);
        } catch (error) {
          expect(error).toBeInstanceOf(StepError);
          return;
        }
        expect(url.host).toBe("api.example.com");
        expect(url.pathname.startsWith("/v1/")).toBe(true);
        expect(url.pathname.endsWith("/x")).toBe(true);
        expect(url.searchParams.get("q")).toBe(b.replace(/[\ud800-\udfff]/g, "\ufffd"));
        expect(url.searchParams.get("z")).toBe("1");
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe("renderHeaderValue", () => {
  it.each(["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"])("refuses %j", (value) => {
    const error = stepError(() =>
      renderHeaderValue("x {{input.v}}", { ...ctx, input: { v: value } }),
    );
    expect(error.kind).toBe("template_error");
  });

  it("property: a value never injects a header line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        let rendered: string;
        try {
          rendered = renderHeaderValue("Bearer {{input.v}}", { ...ctx, input: { v: value } });
        } catch (error) {
          expect(error).toBeInstanceOf(StepError);
          return;
        }
        expect(rendered).not.toMatch(/[\r\n\0]/);
        const headers = new Headers();
        headers.set("X-Test", rendered);
        expect([...headers.keys()]).toEqual(["x-test"]);
      }),
      { numRuns: 500 },
    );
  });
});

describe("renderXml and renderForm", () => {
  it("XML-escapes placeholder values but not the literal markup", () => {
    expect(
      renderXml("<name>{{input.v}}</name>", { ...ctx, input: { v: `<a href="x">&'</a>` } }),
    ).toBe("<name>&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;</name>");
  });

  it("refuses characters XML cannot carry", () => {
    expect(
      stepError(() => renderXml("<a>{{input.v}}</a>", { ...ctx, input: { v: "\u0001" } })).kind,
    ).toBe("template_error");
  });

  it("form-encodes values so they cannot add fields", () => {
    const body = renderForm(
      { email: "{{input.v}}", fixed: "1" },
      { ...ctx, input: { v: "a&fixed=2 b" } },
    );
    expect(body).toBe("email=a%26fixed%3D2+b&fixed=1");
    expect(new URLSearchParams(body).getAll("fixed")).toEqual(["1"]);
  });
});
