// The docs page and every other answer carry browser-side protections: a Content-Security-Policy
// that admits only the worker's own assets and the page's nonce-tagged inline code, no framing,
// no MIME sniffing.
import { describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import { createUser } from "./harness/fixtures.ts";

const client = testClient();

function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe("/docs", () => {
  it("sends a CSP that admits only this origin and the page's nonce, and forbids framing", async () => {
    const res = await client.request("/docs");
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get("content-security-policy"));
    const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(
      (csp.get("script-src") ?? []).find((s) => s.startsWith("'nonce-")) ?? "",
    )?.[1];
    expect(nonce).toBeDefined();
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    // No CDN, no wildcard, no script inline or evaluated without the nonce (styles may be
    // inline: Scalar sets them at run time).
    for (const [name, sources] of csp) {
      const allowed = ["'self'", "'none'", "data:", `'nonce-${nonce}'`];
      if (name === "style-src") allowed.push("'unsafe-inline'");
      for (const source of sources) expect(allowed, `${name} ${source}`).toContain(source);
    }
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");

    // Every script on the page is this origin's or carries the nonce.
    const html = await res.text();
    const tags = [...html.matchAll(/<(script)\b([^>]*)>/gi)];
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const [tag, , attributes = ""] of tags) {
      const src = /\b(?:src|href)="([^"]*)"/.exec(attributes)?.[1];
      if (src !== undefined) expect(src, tag).toMatch(/^\/(?!\/)/);
      else expect(attributes, tag).toContain(`nonce="${nonce}"`);
    }
    expect(html).toContain('src="/docs/assets/scalar.js"');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it("uses a fresh nonce on every request", async () => {
    const policies = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await client.request("/docs");
      await res.arrayBuffer();
      policies.add(res.headers.get("content-security-policy") ?? "");
    }
    expect(policies.size).toBe(5);
  });
});

describe("every other answer", () => {
  it("is never framed or sniffed, and its CSP lets a page load nothing", async () => {
    const user = await createUser("headers");
    const answers = [
      await client.request("/health"),
      await client.request("/v1/openapi.json"),
      await client.request("/v1/me"),
      await client.request("/v1/me", { token: user.token }),
      await client.request("/no/such/route"),
      await client.request("/v1/workspaces/not-a-uuid/connectors", { token: user.token }),
      await client.request("/v1/me", {
        method: "OPTIONS",
        headers: { origin: "http://dashboard.test", "access-control-request-method": "GET" },
      }),
    ];
    for (const res of answers) {
      await res.arrayBuffer();
      expect(res.headers.get("x-frame-options"), String(res.status)).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("default-src")).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    }
  });
});
