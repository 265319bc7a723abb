// docs/SECURITY.md: a credential never reaches a host outside its allowedHosts, and never appears
// in a run result, whatever spelling a vendor echoes it in and whatever path the value takes
// afterwards.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import type { Placement } from "./placements-types.ts";
import { type RunContext, type RunResult, runSteps } from "./run.ts";
import { json, policyFor, recordingSleep, startServer, type TestServer } from "./test-helpers.ts";
import type { TokenSource } from "./tokens.ts";

// An oracle independent of engine/spellings.ts: undo the usual encodings and compare.
function safe(fn: () => string): string {
  try {
    return fn();
  } catch {
    return "";
  }
}

function unescapeAll(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/\\(["\\/])/g, "$1")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d: string) => String.fromCodePoint(Number.parseInt(d, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function readings(text: string): string[] {
  const out = new Set([text, unescapeAll(text)]);
  for (const t of [...out]) {
    out.add(safe(() => decodeURIComponent(t)));
    out.add(safe(() => decodeURIComponent(t.replace(/\+/g, " "))));
  }
  for (const t of [...out]) out.add(unescapeAll(t));
  const b64 = /[A-Za-z0-9+/_-]{8,}={0,2}/g;
  for (const match of text.match(b64) ?? []) {
    out.add(
      safe(() => new TextDecoder().decode(Uint8Array.from(atob(match), (c) => c.charCodeAt(0)))),
    );
  }
  return [...out];
}

function leaks(text: string, secret: string): boolean {
  const long = secret.length >= 8;
  const needle = long ? secret.toLowerCase() : secret;
  return readings(text).some((r) => (long ? r.toLowerCase() : r).includes(needle));
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" || typeof value === "boolean") out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      strings(item, out);
    }
  }
  return out;
}

function resultLeaks(result: RunResult, secret: string): string | null {
  for (const text of strings(result)) if (leaks(text, secret)) return text;
  return null;
}

// Each escaping a vendor might echo the secret in, as JSON text for the value of "v".
type Spelling = { name: string; json: (s: string) => string | null; text: (s: string) => string };
const jsonString = (s: string) => JSON.stringify(s);
const SPELLINGS: Spelling[] = [
  { name: "raw", json: jsonString, text: (s) => s },
  {
    name: "php",
    json: (s) => jsonString(s).replace(/\//g, "\\/"),
    text: (s) => jsonString(s).slice(1, -1).replace(/\//g, "\\/"),
  },
  {
    name: "go",
    json: (s) =>
      jsonString(s).replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e"),
    text: (s) => s.replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e"),
  },
  {
    name: "dotnet",
    json: (s) => jsonString(s).replace(/\+/g, "\\u002B").replace(/'/g, "\\u0027"),
    text: (s) => s.replace(/\+/g, "\\u002B"),
  },
  {
    name: "all-u",
    json: (s) => {
      let out = '"';
      for (let i = 0; i < s.length; i++)
        out += `\\u${s.charCodeAt(i).toString(16).padStart(4, "0")}`;
      return `${out}"`;
    },
    text: (s) => [...s].map((c) => `&#${c.codePointAt(0)};`).join(""),
  },
  {
    name: "percent",
    json: (s) => jsonString(encodeURIComponent(s)),
    text: (s) => new URL(`https://x.example/?${s}`).search.slice(1),
  },
  {
    name: "upper",
    json: (s) => (s.length >= 8 ? jsonString(s.toUpperCase()) : null),
    text: (s) => (s.length >= 8 ? s.toUpperCase() : s),
  },
  {
    name: "number",
    json: (s) => (/^[1-9][0-9]*$/.test(s) ? s : null),
    text: (s) => `quantity=${s}`,
  },
];

type Route = "url" | "query" | "header" | "body" | "redirect";
const ROUTES: Route[] = ["url", "query", "header", "body", "redirect"];

let vendor: TestServer;
let sink: TestServer;
// What the vendor echoes next: set per property run (runs are sequential).
let echo: { secret: string; spelling: Spelling; asText: boolean } = {
  secret: "",
  spelling: SPELLINGS[0] as Spelling,
  asText: false,
};

beforeAll(async () => {
  sink = await startServer((_, res) => json(res, 200, { ok: true }));
  vendor = await startServer((req, res) => {
    if (req.url.startsWith("/redirect")) {
      res.writeHead(307, { location: `${sink.origin}/landing` });
      res.end();
      return;
    }
    const { secret, spelling, asText } = echo;
    const body = spelling.json(secret);
    if (asText || body === null) {
      res.writeHead(200, { "content-type": "text/plain", "x-echo": encodeURIComponent(secret) });
      res.end(`you sent ${spelling.text(secret)}; {"v": "${spelling.text(secret)}"}`);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(`{"v": ${body}, "list": [${body}], "again": {"v": ${body}}}`);
  });
});

afterAll(async () => {
  await Promise.all([vendor.close(), sink.close()]);
});

/** The run's credential `key`, allowed in every position, bound to `target`'s host. */
function anywhereOn(target: TestServer, secret: string): RunContext {
  const placements: Placement[] = ["header", "query", "path", "body"];
  const key = { value: secret, allowedHosts: [`127.0.0.1:${target.port}`], placements };
  return { input: {}, credentials: { key } };
}

function definitionFor(route: Route, placement: "auth" | Placement): ConnectorDefinition {
  const find: ConnectorDefinition["steps"][number] = {
    id: "find",
    request:
      placement === "auth"
        ? { method: "GET", url: `${vendor.origin}/v1`, auth: { type: "bearer", credential: "key" } }
        : placement === "body"
          ? {
              method: "POST",
              url: `${vendor.origin}/v1`,
              body: { type: "json", value: { k: "{{credentials.key}}" } },
            }
          : placement === "path"
            ? { method: "GET", url: `${vendor.origin}/v1/{{credentials.key}}` }
            : placement === "query"
              ? { method: "GET", url: `${vendor.origin}/v1`, query: { q: "{{credentials.key}}" } }
              : {
                  method: "GET",
                  url: `${vendor.origin}/v1`,
                  headers: { "X-K": "{{credentials.key}}" },
                },
    extract: { v: "$.v", all: "$", list: "$.list" },
    onError: "continue",
  };
  const value = "{{steps.find.v}}";
  const send: ConnectorDefinition["steps"][number] =
    route === "redirect"
      ? {
          id: "send",
          request: {
            method: "POST",
            url: `${vendor.origin}/redirect`,
            auth: { type: "bearer", credential: "key" },
            body: {
              type: "raw",
              value: `x=${value}&all={{steps.find.all}}`,
              contentType: "text/plain",
            },
          },
        }
      : {
          id: "send",
          request: {
            method: route === "body" ? "POST" : "GET",
            url:
              route === "url"
                ? `${sink.origin}/c/${value}/{{steps.find.list}}`
                : `${sink.origin}/c`,
            ...(route === "query" ? { query: { a: `x${value}`, b: "{{steps.find.all}}" } } : {}),
            ...(route === "header"
              ? { headers: { "X-A": value, "X-B": "pre {{steps.find.list}}" } }
              : {}),
            ...(route === "body"
              ? {
                  body: {
                    type: "json",
                    value: { a: value, b: "{{steps.find.all}}", c: `x${value}` },
                  },
                }
              : {}),
          },
        };
  return {
    steps: [find, send],
    fieldMapping: { notes: value, "custom_fields.all": "{{steps.find.all}}" },
  };
}

const secretArb = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{7,19}$/),
  fc.stringMatching(/^[A-Za-z0-9+/]{10,32}={0,2}$/),
  fc.stringMatching(/^[A-Za-z0-9'"<>&/+ %\\]{8,24}$/),
  fc.string({ minLength: 8, maxLength: 14, unit: "grapheme" }).filter((s) => s.trim().length >= 4),
);

describe("secrets: property over spellings, placements and paths", () => {
  it("a credential never reaches a host outside its binding and never appears in the run result", async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.constantFrom(...SPELLINGS),
        fc.boolean(),
        fc.constantFrom(...ROUTES),
        fc.constantFrom<"auth" | Placement>("auth", "header", "query", "path", "body"),
        async (secret, spelling, asText, route, placement) => {
          // Headers carry Latin-1 only: such a secret fails closed (credential_error) there.
          echo = { secret, spelling, asText };
          sink.requests.length = 0;
          const result = await runSteps(
            definitionFor(route, placement),
            anywhereOn(vendor, secret),
            { fetch, policy: policyFor(vendor, sink), sleep: recordingSleep().sleep },
          );
          for (const request of sink.requests) {
            const seen = [request.url, request.body, ...Object.values(request.headers).flat()];
            for (const text of seen) {
              if (typeof text === "string") expect(leaks(text, secret), text).toBe(false);
            }
          }
          const leaked = resultLeaks(result, secret);
          expect(leaked, `${spelling.name}/${route}/${placement}`).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe("secrets: a transforming vendor (taint)", () => {
  const transforms: [string, (s: string) => string][] = [
    ["title-case", (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()],
    ["reversed", (s) => [...s].reverse().join("")],
    [
      "hex",
      (s) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join(""),
    ],
    ["base64", (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s)))],
  ];
  let transform: (s: string) => string = (s) => s;
  let shop: TestServer;
  let drain: TestServer;

  beforeAll(async () => {
    drain = await startServer((_, res) => json(res, 200, { ok: true }));
    shop = await startServer((req, res) => {
      const url = new URL(req.url, "http://x");
      const sent =
        url.searchParams.get("q") ??
        (url.pathname.startsWith("/v1/") ? decodeURIComponent(url.pathname.slice(4)) : null) ??
        "";
      const fromBody = req.body ? ((JSON.parse(req.body) as { k?: string }).k ?? "") : "";
      const value = transform(sent || fromBody);
      json(res, 200, { v: `${value} Ltd`, nested: { list: [value] } });
    });
  });
  afterAll(async () => {
    await Promise.all([shop.close(), drain.close()]);
  });

  it("values derived from a credential placed in a query, path or body reach only its hosts and never the result", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9_-]{10,24}$/),
        fc.constantFrom(...transforms),
        fc.constantFrom<Placement>("query", "path", "body"),
        fc.constantFrom<Route>("url", "query", "header", "body"),
        async (secret, [name, f], placement, route) => {
          transform = f;
          drain.requests.length = 0;
          const find: ConnectorDefinition["steps"][number] = {
            id: "find",
            request:
              placement === "body"
                ? {
                    method: "POST",
                    url: `${shop.origin}/v1`,
                    body: { type: "json", value: { k: "{{credentials.key}}" } },
                  }
                : placement === "path"
                  ? { method: "GET", url: `${shop.origin}/v1/{{credentials.key}}` }
                  : {
                      method: "GET",
                      url: `${shop.origin}/v1`,
                      query: { q: "{{credentials.key}}" },
                    },
            extract: { v: "$.v", all: "$" },
          };
          const value = "{{steps.find.v}}";
          const send: ConnectorDefinition["steps"][number] = {
            id: "send",
            onError: "continue",
            request: {
              method: route === "body" ? "POST" : "GET",
              url: route === "url" ? `${drain.origin}/c/${value}` : `${drain.origin}/c`,
              ...(route === "query" ? { query: { a: `x${value}` } } : {}),
              ...(route === "header" ? { headers: { "X-A": "{{steps.find.all}}" } } : {}),
              ...(route === "body"
                ? { body: { type: "json", value: { a: value, b: "{{steps.find.all}}" } } }
                : {}),
            },
          };
          const result = await runSteps(
            { steps: [find, send], fieldMapping: { notes: value } },
            anywhereOn(shop, secret),
            { fetch, policy: policyFor(shop, drain), sleep: recordingSleep().sleep },
          );
          const derived = f(secret);
          expect(drain.requests, name).toHaveLength(0);
          expect(result.steps[1]?.error?.kind).toBe("blocked");
          expect(resultLeaks(result, derived), name).toBeNull();
          expect(resultLeaks(result, secret), name).toBeNull();
          expect(result.mappingSkipped?.map((m) => m.field)).toEqual(["notes"]);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe("secrets: OAuth 2.0 access token, client secret and refresh token", () => {
  const OLD_ACCESS = "old-access-token-4f1c9a";
  const OLD_REFRESH = "old-refresh-token-77b2e0";
  // The token endpoint lives elsewhere: the client secret and refresh token may go only there.
  const TOKEN_HOST = "tokens.vendor.example";
  const distinct = (values: string[]) =>
    values.every((a, i) =>
      values.every((b, j) => i === j || !a.toLowerCase().includes(b.toLowerCase())),
    );

  it("a refreshed access token goes only to allowedHosts, the client secret and refresh token nowhere else, and none appears in the result", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(secretArb, secretArb, secretArb).filter(distinct),
        fc.constantFrom<"access" | "client" | "refresh">("access", "client", "refresh"),
        fc.constantFrom(...SPELLINGS),
        fc.boolean(),
        fc.constantFrom(...ROUTES),
        async ([access, clientSecret, refresh], echoed, spelling, asText, route) => {
          const pick = { access, client: clientSecret, refresh }[echoed];
          echo = { secret: pick, spelling, asText };
          sink.requests.length = 0;
          vendor.requests.length = 0;
          const tokens: TokenSource = {
            accessToken: async () => ({
              value: access,
              tokenEndpointSecrets: [clientSecret, refresh],
            }),
          };
          const definition = JSON.parse(
            JSON.stringify(definitionFor(route, "auth")).replaceAll(
              '"type":"bearer"',
              '"type":"oauth2"',
            ),
          ) as ConnectorDefinition;
          const key = {
            value: OLD_ACCESS,
            allowedHosts: [`127.0.0.1:${vendor.port}`],
            oauth: { tokenHosts: [TOKEN_HOST], secrets: [clientSecret, OLD_REFRESH] },
          };
          const result = await runSteps(
            definition,
            { input: {}, credentials: { key } },
            { fetch, policy: policyFor(vendor, sink), sleep: recordingSleep().sleep, tokens },
          );
          // The token source's token is what the vendor got, never the stale one.
          const auth = vendor.requests.map((r) => r.headers.authorization);
          // (A token a header cannot carry fails closed, with no request at all.)
          if (/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(access)) {
            expect(auth).toContain(`Bearer ${access}`);
          }
          expect(auth).not.toContain(`Bearer ${OLD_ACCESS}`);
          for (const request of [...sink.requests, ...vendor.requests]) {
            const toSink = sink.requests.includes(request);
            const seen = [request.url, request.body, ...Object.values(request.headers).flat()];
            for (const text of seen) {
              if (typeof text !== "string") continue;
              for (const secret of [clientSecret, refresh, OLD_REFRESH]) {
                expect(leaks(text, secret), text).toBe(false);
              }
              if (toSink) expect(leaks(text, access), text).toBe(false);
            }
          }
          for (const secret of [access, clientSecret, refresh, OLD_ACCESS, OLD_REFRESH]) {
            expect(resultLeaks(result, secret), `${echoed}/${spelling.name}/${route}`).toBeNull();
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);
});
