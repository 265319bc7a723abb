import { describe, expect, it } from "vitest";
import type { Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import type { InterpolationContext } from "./interpolate.ts";
import { buildRequest } from "./request.ts";

const ctx: InterpolationContext = {
  input: { email: "a b@example.com", n: 3, shop: "acme" },
  credentials: { token: "tok_123", pw: "p@ss:word", crlf: "x\r\nInjected: 1" },
  steps: {},
  execution: { id: "exec-9" },
};

function step(request: Partial<Step["request"]>): Step {
  return { id: "s", request: { method: "GET", url: "https://api.example.com/v1", ...request } };
}

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof StepError) return error.kind;
    throw error;
  }
  return "none";
}

describe("buildRequest auth", () => {
  it("puts a bearer credential in Authorization", () => {
    const built = buildRequest(step({ auth: { type: "bearer", credential: "token" } }), ctx);
    expect(built.headers.get("authorization")).toBe("Bearer tok_123");
    expect(built.credentialHeaders).toEqual(new Set(["authorization"]));
    expect(built.credentials).toEqual(["token"]);
  });

  it("puts an api_key in the named header", () => {
    const built = buildRequest(
      step({ auth: { type: "api_key", credential: "token", in: "header", name: "X-Api-Key" } }),
      ctx,
    );
    expect(built.headers.get("x-api-key")).toBe("tok_123");
    expect(built.credentialHeaders.has("x-api-key")).toBe(true);
  });

  it("puts an api_key in the query, after the template's own query", () => {
    const built = buildRequest(
      step({
        url: "https://api.example.com/v1?email={{input.email}}",
        query: { n: "{{input.n}}" },
        auth: { type: "api_key", credential: "token", in: "query", name: "api_key" },
      }),
      ctx,
      undefined,
      { rules: new Map([["token", { queryParam: "api_key" }]]) },
    );
    expect(built.url.href).toBe(
      "https://api.example.com/v1?email=a%20b%40example.com&n=3&api_key=tok_123",
    );
    expect(built.credentialQueryParams).toEqual(new Set(["api_key"]));
  });

  it("builds Basic auth from username and credential and records its combined form", () => {
    const built = buildRequest(
      step({ auth: { type: "basic", username: "user-{{execution.id}}", credential: "pw" } }),
      ctx,
    );
    const expected = btoa("user-exec-9:p@ss:word");
    expect(built.headers.get("authorization")).toBe(`Basic ${expected}`);
    expect(built.redactions).toContain(expected);
  });

  it("sends no credential with auth none", () => {
    const built = buildRequest(step({ auth: { type: "none" } }), ctx);
    expect(built.headers.has("authorization")).toBe(false);
    expect(built.credentials).toEqual([]);
  });

  it("fails with credential_error for a missing credential or one a header cannot carry", () => {
    expect(
      kindOf(() => buildRequest(step({ auth: { type: "bearer", credential: "nope" } }), ctx)),
    ).toBe("credential_error");
    expect(
      kindOf(() => buildRequest(step({ auth: { type: "bearer", credential: "crlf" } }), ctx)),
    ).toBe("credential_error");
  });

  it("refuses a Basic username containing a colon", () => {
    expect(
      kindOf(() =>
        buildRequest(step({ auth: { type: "basic", username: "a:b", credential: "pw" } }), ctx),
      ),
    ).toBe("template_error");
  });

  it("marks headers that carry a credential through a placeholder", () => {
    const built = buildRequest(step({ headers: { "X-Sig": "k={{credentials.token}}" } }), ctx);
    expect(built.headers.get("x-sig")).toBe("k=tok_123");
    expect(built.credentialHeaders.has("x-sig")).toBe(true);
    expect(built.credentials).toEqual(["token"]);
  });
});

describe("buildRequest bodies", () => {
  it("sends JSON with its content type, keeping value types", () => {
    const built = buildRequest(
      step({
        method: "POST",
        body: { type: "json", value: { n: "{{input.n}}", e: "{{input.email}}" } },
      }),
      ctx,
    );
    expect(built.body).toBe('{"n":3,"e":"a b@example.com"}');
    expect(built.headers.get("content-type")).toBe("application/json");
  });

  it("form-encodes form bodies", () => {
    const built = buildRequest(
      step({ method: "POST", body: { type: "form", value: { email: "{{input.email}}" } } }),
      ctx,
    );
    expect(built.body).toBe("email=a+b%40example.com");
    expect(built.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
  });

  it("XML-escapes XML bodies", () => {
    const built = buildRequest(
      step({ method: "PUT", body: { type: "xml", value: "<e>{{input.email}}</e>" } }),
      { ...ctx, input: { email: "<x>" } },
    );
    expect(built.body).toBe("<e>&lt;x&gt;</e>");
    expect(built.headers.get("content-type")).toBe("application/xml");
  });

  it("sends raw bodies with their content type, which a user header may override", () => {
    const built = buildRequest(
      step({
        method: "PATCH",
        headers: { "Content-Type": "text/csv; charset=utf-8" },
        body: { type: "raw", value: "n,{{input.n}}", contentType: "text/plain" },
      }),
      ctx,
    );
    expect(built.body).toBe("n,3");
    expect(built.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  });

  it("refuses a body on GET and HEAD, and transport headers", () => {
    expect(kindOf(() => buildRequest(step({ body: { type: "json", value: 1 } }), ctx))).toBe(
      "template_error",
    );
    for (const name of [
      "Host",
      "Content-Length",
      "Transfer-Encoding",
      "Connection",
      "Proxy-Authorization",
      "TE",
      "Upgrade",
      "Keep-Alive",
      "Trailer",
    ]) {
      expect(
        kindOf(() => buildRequest(step({ headers: { [name]: "x" } }), ctx)),
        name,
      ).toBe("template_error");
    }
  });

  it("supports every method a step may use", () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const) {
      expect(buildRequest(step({ method }), ctx).method).toBe(method);
    }
  });
});
