import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition, Step, StepAuth, StepBody } from "./definition.ts";
import { StepError } from "./errors.ts";
import type { InterpolationContext } from "./interpolate.ts";
import {
  checkCredentialPlacements,
  credentialUses,
  PLACEMENTS,
  type Placement,
  type PlacementRules,
  requiredRules,
} from "./placements.ts";
import { buildRequest } from "./request.ts";

const HEADER_ONLY: PlacementRules = { placements: ["header"], queryParam: null };
const rulesFor = (rules: PlacementRules) => ({ vendor_token: rules });
const one = (request: Step["request"]): ConnectorDefinition => ({
  steps: [{ id: "s", request }],
});
const paths = (definition: ConnectorDefinition, rules: PlacementRules = HEADER_ONLY) =>
  checkCredentialPlacements(definition, rulesFor(rules)).map((p) => p.path);

describe("checkCredentialPlacements", () => {
  it("refuses the issue's member step: a credential in a query value under a name it does not pin", () => {
    const definition = one({
      method: "GET",
      url: "http://127.0.0.1:8788/v1/people?email=x@{{credentials.example_token}}",
    });
    const problems = checkCredentialPlacements(definition, {
      example_token: HEADER_ONLY,
    });
    expect(problems).toEqual([
      {
        path: "steps[0].request.url",
        message: expect.stringMatching(
          /\{\{credentials\.example_token\}\} puts credential "example_token" in a query parameter.*allow the "query" placement/,
        ),
      },
    ]);
    expect(
      checkCredentialPlacements(definition, {
        example_token: { placements: ["header", "query"], queryParam: null },
      }),
    ).toEqual([]);
    // Pinning "email" is not enough: the value is not the credential alone.
    expect(
      checkCredentialPlacements(definition, {
        example_token: { placements: ["header"], queryParam: "email" },
      }),
    ).toHaveLength(1);
  });

  it("always allows auth blocks and, by default, header values", () => {
    for (const auth of [
      { type: "bearer", credential: "vendor_token" },
      { type: "basic", username: "api", credential: "vendor_token" },
      { type: "api_key", credential: "vendor_token", in: "header", name: "X-Api-Key" },
    ] satisfies StepAuth[]) {
      expect(paths(one({ method: "GET", url: "https://api.vendor.example/v1", auth }))).toEqual([]);
      expect(
        paths(one({ method: "GET", url: "https://api.vendor.example/v1", auth }), {
          placements: ["body"],
          queryParam: null,
        }),
      ).toEqual([]);
    }
    const header = one({
      method: "GET",
      url: "https://api.vendor.example/v1",
      headers: { "X-Token": "Token {{workspace.vendor_token}}" },
    });
    expect(paths(header)).toEqual([]);
    expect(paths(header, { placements: ["body"], queryParam: null })).toEqual([
      'steps[0].request.headers["X-Token"]',
    ]);
  });

  it("allows an api_key in the query, or the credential as a query value, only under the pinned name", () => {
    const viaAuth = one({
      method: "GET",
      url: "https://api.vendor.example/v1",
      auth: { type: "api_key", credential: "vendor_token", in: "query", name: "api_key" },
    });
    expect(paths(viaAuth)).toEqual(["steps[0].request.auth"]);
    expect(paths(viaAuth, { placements: ["header"], queryParam: "api_key" })).toEqual([]);
    expect(paths(viaAuth, { placements: ["header"], queryParam: "key" })).toEqual([
      "steps[0].request.auth",
    ]);
    expect(paths(viaAuth, { placements: ["query"], queryParam: null })).toEqual([]);

    const pinned = { placements: ["header"], queryParam: "key" } satisfies PlacementRules;
    for (const [url, query, ok] of [
      ["https://api.vendor.example/v1?key={{credentials.vendor_token}}", undefined, true],
      ["https://api.vendor.example/v1?a=1&key={{ credentials.vendor_token }}&b=2", undefined, true],
      ["https://api.vendor.example/v1?key={{credentials.vendor_token}}#top", undefined, true],
      ["https://api.vendor.example/v1", { key: "{{workspace.vendor_token}}" }, true],
      ["https://api.vendor.example/v1?key=x{{credentials.vendor_token}}", undefined, false],
      ["https://api.vendor.example/v1?key={{credentials.vendor_token}}x", undefined, false],
      [
        "https://api.vendor.example/v1?key={{credentials.vendor_token}}{{input.a}}",
        undefined,
        false,
      ],
      ["https://api.vendor.example/v1?kEy={{credentials.vendor_token}}", undefined, false],
      ["https://api.vendor.example/v1?{{credentials.vendor_token}}=key", undefined, false],
      [
        "https://api.vendor.example/v1?{{input.a}}key={{credentials.vendor_token}}",
        undefined,
        false,
      ],
      [
        "https://api.vendor.example/v1?k{{input.a}}ey={{credentials.vendor_token}}",
        undefined,
        false,
      ],
      ["https://api.vendor.example/v1?key=1&token={{credentials.vendor_token}}", undefined, false],
      ["https://api.vendor.example/v1", { key: "k-{{credentials.vendor_token}}" }, false],
      ["https://api.vendor.example/v1", { token: "{{credentials.vendor_token}}" }, false],
    ] as const) {
      const definition = one({ method: "GET", url, ...(query ? { query } : {}) });
      expect(paths(definition, pinned), `${url} ${JSON.stringify(query)}`).toHaveLength(ok ? 0 : 1);
    }
  });

  it("refuses the URL path, a fragment and every body type unless the owner allows them", () => {
    const bodies: StepBody[] = [
      { type: "json", value: { a: [{ b: "{{credentials.vendor_token}}" }] } },
      { type: "form", value: { a: "x{{credentials.vendor_token}}" } },
      { type: "xml", value: "<a>{{credentials.vendor_token}}</a>" },
      { type: "raw", value: "{{credentials.vendor_token}}", contentType: "text/plain" },
    ];
    for (const body of bodies) {
      const definition = one({ method: "POST", url: "https://api.vendor.example/v1", body });
      const [problem] = checkCredentialPlacements(definition, rulesFor(HEADER_ONLY));
      expect(problem?.path, body.type).toMatch(/^steps\[0\]\.request\.body\.value/);
      expect(problem?.message).toMatch(/in the request body.*allow the "body" placement/);
      expect(paths(definition, { placements: ["body"], queryParam: null })).toEqual([]);
    }
    for (const url of [
      "https://api.vendor.example/v1/{{credentials.vendor_token}}/people",
      "https://api.vendor.example/v1/people#{{credentials.vendor_token}}",
    ]) {
      const definition = one({ method: "GET", url });
      expect(paths(definition)).toEqual(["steps[0].request.url"]);
      expect(paths(definition, { placements: ["path"], queryParam: "key" })).toEqual([]);
      expect(paths(definition, { placements: ["query", "body"], queryParam: null })).toEqual([
        "steps[0].request.url",
      ]);
    }
  });

  it("reports one problem per offending placeholder and leaves unknown credentials alone", () => {
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "a",
          request: {
            method: "POST",
            url: "https://api.vendor.example/{{credentials.vendor_token}}?q={{credentials.vendor_token}}",
            body: {
              type: "json",
              value: { k: "{{credentials.vendor_token}}", u: "{{credentials.nope}}" },
            },
          },
        },
        {
          id: "b",
          request: {
            method: "GET",
            url: "https://api.vendor.example/",
            query: { q: "{{credentials.vendor_token}}" },
          },
        },
      ],
    };
    expect(paths(definition)).toEqual([
      "steps[0].request.url",
      "steps[0].request.url",
      "steps[0].request.body.value.k",
      "steps[1].request.query.q",
    ]);
  });

  it("derives the least rules a set of uses needs", () => {
    const uses = (request: Step["request"]) => credentialUses(one(request));
    expect(
      requiredRules(
        uses({
          method: "GET",
          url: "https://a.example/?key={{credentials.vendor_token}}",
          auth: { type: "bearer", credential: "vendor_token" },
        }),
      ),
    ).toEqual({ placements: [], queryParam: "key" });
    expect(
      requiredRules(
        uses({
          method: "GET",
          url: "https://a.example/?key={{credentials.vendor_token}}&k2={{credentials.vendor_token}}",
        }),
      ),
    ).toEqual({ placements: ["query"], queryParam: null });
    expect(
      requiredRules(
        uses({
          method: "POST",
          url: "https://a.example/{{credentials.vendor_token}}",
          headers: { "X-A": "{{credentials.vendor_token}}" },
          body: { type: "raw", value: "{{credentials.vendor_token}}", contentType: "text/plain" },
        }),
      ),
    ).toEqual({ placements: ["body", "header", "path"], queryParam: null });
  });
});

// Property: whatever the definition, when the check finds no problem, every place the built
// request carries the credential is one its rules allow — judged on the request that
// buildRequest actually produces, not on the definition's text.
const MARKER = "Zq7markerValue42";
const cred = fc.constantFrom(
  "{{credentials.vendor_token}}",
  "{{workspace.vendor_token}}",
  "{{ credentials.vendor_token }}",
);
const names = fc.constantFrom("key", "api_key", "email", "token", "q");
const around = fc.constantFrom("", "x@", "pre-");
const after = fc.constantFrom("", "-post");
const interpolatedValue = fc.oneof(
  fc.tuple(around, cred, after).map(([a, c, b]) => `${a}${c}${b}`),
  fc.constant("{{input.q}}"),
  fc.constant("plain"),
);
const urlArb = fc
  .record({
    path: fc.oneof(
      fc.constant("/v1/people"),
      cred.map((c) => `/v1/${c}/people`),
      fc.tuple(around, cred).map(([a, c]) => `/v1/${a}${c}`),
    ),
    query: fc.array(fc.tuple(names, interpolatedValue), { maxLength: 3 }),
    credentialName: fc.boolean(),
    fragment: fc.oneof(
      fc.constant(""),
      cred.map((c) => `#${c}`),
    ),
  })
  .map(({ path, query, credentialName, fragment }) => {
    const pairs = query.map(([n, v]) => `${n}=${v}`);
    if (credentialName) pairs.push("{{credentials.vendor_token}}=1");
    return `https://api.vendor.example${path}${pairs.length ? `?${pairs.join("&")}` : ""}${fragment}`;
  });
const authArb: fc.Arbitrary<StepAuth | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ type: "bearer", credential: "vendor_token" } as const),
  fc
    .tuple(fc.constantFrom("api", "{{credentials.vendor_token}}"))
    .map(([username]) => ({ type: "basic", username, credential: "vendor_token" }) as const),
  fc.constant({
    type: "api_key",
    credential: "vendor_token",
    in: "header",
    name: "X-Api-Key",
  } as const),
  names.map(
    (name) => ({ type: "api_key", credential: "vendor_token", in: "query", name }) as const,
  ),
);
const bodyArb: fc.Arbitrary<StepBody | undefined> = fc.oneof(
  fc.constant(undefined),
  interpolatedValue.map((v): StepBody => ({ type: "json", value: { a: { b: [v] } } })),
  interpolatedValue.map((v): StepBody => ({ type: "form", value: { f: v } })),
  interpolatedValue.map((v): StepBody => ({ type: "xml", value: `<a>${v}</a>` })),
  interpolatedValue.map((v): StepBody => ({ type: "raw", value: v, contentType: "text/plain" })),
);
const rulesArb: fc.Arbitrary<PlacementRules> = fc.record({
  placements: fc.uniqueArray(fc.constantFrom(...PLACEMENTS), { minLength: 1, maxLength: 4 }),
  queryParam: fc.option(names, { nil: null }),
});
const stepArb = fc
  .record({
    url: urlArb,
    query: fc.dictionary(names, interpolatedValue, { maxKeys: 2 }),
    headers: fc.dictionary(fc.constantFrom("X-One", "X-Two"), interpolatedValue, { maxKeys: 2 }),
    auth: authArb,
    body: bodyArb,
  })
  .map(({ url, query, headers, auth, body }): Step => {
    const request: Step["request"] = { method: body ? "POST" : "GET", url, query, headers };
    if (auth) request.auth = auth;
    if (body) request.body = body;
    return { id: "s", request };
  });

const CONTEXT: InterpolationContext = {
  input: { q: "v" },
  credentials: { vendor_token: MARKER, other_token: "other" },
  steps: {},
  contact: null,
  execution: null,
};

function carriedAt(step: Step): { place: Placement | "auth"; pinned: string | null }[] {
  const ctx = CONTEXT;
  // Everything allowed here: this asks where the value lands, not whether it may.
  const everywhere = { placements: PLACEMENTS, queryParam: null };
  const built = buildRequest(step, ctx, undefined, {
    rules: new Map([
      ["vendor_token", everywhere],
      ["other_token", everywhere],
    ]),
  });
  const found: { place: Placement | "auth"; pinned: string | null }[] = [];
  const auth = step.request.auth;
  if (built.url.pathname.includes(MARKER) || built.url.hash.includes(MARKER)) {
    found.push({ place: "path", pinned: null });
  }
  for (const [name, value] of built.url.searchParams) {
    if (name.includes(MARKER)) found.push({ place: "query", pinned: null });
    if (!value.includes(MARKER)) continue;
    // Pinned only when the parameter's whole value is the credential (an api_key auth block
    // writes exactly that); "pre-<secret>" under the same name is another query placement.
    found.push({ place: "query", pinned: value === MARKER ? name : null });
  }
  for (const [name, raw] of built.headers) {
    const value = raw.startsWith("Basic ") ? atob(raw.slice(6)) : raw;
    if (!value.includes(MARKER)) continue;
    const byAuth =
      (name === "authorization" && (auth?.type === "bearer" || auth?.type === "basic")) ||
      (auth?.type === "api_key" && auth.in === "header" && auth.name.toLowerCase() === name);
    // A Basic username carrying the credential is a header placement like any other header.
    const usernameCarries =
      auth?.type === "basic" && /(credentials|workspace)\./.test(auth.username);
    found.push({ place: byAuth && !usernameCarries ? "auth" : "header", pinned: null });
  }
  if (built.body?.includes(MARKER)) found.push({ place: "body", pinned: null });
  return found;
}

// One credential occurrence per step, everything else plain: the check's verdict must then
// match the built request's exactly, so a rule that is too lax or too strict shows at once.
const filler = fc.constantFrom("{{input.q}}", "plain");
const wrapped = fc.tuple(around, cred, after).map(([a, c, b]) => `${a}${c}${b}`);
const singleUseArb: fc.Arbitrary<Step> = fc
  .record({
    slot: fc.constantFrom(
      "path",
      "fragment",
      "urlQuery",
      "urlQueryName",
      "urlQueryInterpolatedName",
      "query",
      "header",
      "basicUsername",
      "apiKeyQuery",
      "apiKeyHeader",
      "bearer",
      "json",
      "form",
      "xml",
      "raw",
    ),
    value: wrapped,
    name: names,
    otherName: names,
    other: filler,
  })
  .map(({ slot, value, name, otherName, other }): Step => {
    const request: Step["request"] = {
      method: "GET",
      url: `https://api.vendor.example/v1/${other}?${otherName}=${other}`,
      headers: { "X-Other": other },
    };
    const base = "https://api.vendor.example";
    if (slot === "path") request.url = `${base}/v1/${value}?${otherName}=${other}`;
    if (slot === "fragment") request.url = `${base}/v1?${otherName}=${other}#${value}`;
    if (slot === "urlQuery") request.url = `${base}/v1?${otherName}=${other}&${name}=${value}`;
    if (slot === "urlQueryName") request.url = `${base}/v1?${value}=${other}`;
    if (slot === "urlQueryInterpolatedName") request.url = `${base}/v1?{{input.q}}${name}=${value}`;
    if (slot === "query") request.query = { [name]: value };
    if (slot === "header") request.headers = { "X-Other": value };
    if (slot === "basicUsername") {
      request.auth = { type: "basic", username: value, credential: "other_token" };
    }
    if (slot === "apiKeyQuery") {
      request.auth = { type: "api_key", credential: "vendor_token", in: "query", name };
    }
    if (slot === "apiKeyHeader") {
      request.auth = { type: "api_key", credential: "vendor_token", in: "header", name: "X-Key" };
    }
    if (slot === "bearer") request.auth = { type: "bearer", credential: "vendor_token" };
    const bodies: Record<string, StepBody> = {
      json: { type: "json", value: { a: [value, other] } },
      form: { type: "form", value: { f: value, g: other } },
      xml: { type: "xml", value: `<a>${value}</a>` },
      raw: { type: "raw", value, contentType: "text/plain" },
    };
    const body = bodies[slot];
    if (body) {
      request.method = "POST";
      request.body = body;
    }
    return { id: "s", request };
  });

describe("placement property", () => {
  it("for a single use, the check refuses exactly what the built request would carry where forbidden", () => {
    fc.assert(
      fc.property(singleUseArb, rulesArb, (step, rules) => {
        const problems = checkCredentialPlacements({ steps: [step] }, rulesFor(rules));
        const forbidden = carriedAt(step).filter(
          ({ place, pinned }) =>
            place !== "auth" &&
            !(place === "query" && pinned !== null && pinned === rules.queryParam) &&
            !rules.placements.includes(place),
        );
        expect(problems.length > 0, JSON.stringify({ step, rules, forbidden })).toBe(
          forbidden.length > 0,
        );
      }),
      { numRuns: 800 },
    );
  });

  it("save time and run time agree: the check refuses exactly what buildRequest blocks", () => {
    fc.assert(
      fc.property(singleUseArb, rulesArb, (step, rules) => {
        const problems = checkCredentialPlacements({ steps: [step] }, rulesFor(rules));
        let blocked = false;
        try {
          buildRequest(step, CONTEXT, undefined, {
            rules: new Map([
              ["vendor_token", rules],
              ["other_token", { placements: PLACEMENTS, queryParam: null }],
            ]),
          });
        } catch (error) {
          if (!(error instanceof StepError) || error.kind !== "blocked") throw error;
          blocked = true;
        }
        expect(blocked, JSON.stringify({ step, rules, problems })).toBe(problems.length > 0);
      }),
      { numRuns: 800 },
    );
  });

  it("a definition the check accepts never carries the credential where its rules forbid", () => {
    fc.assert(
      fc.property(stepArb, rulesArb, (step, rules) => {
        const problems = checkCredentialPlacements({ steps: [step] }, rulesFor(rules));
        const carried = carriedAt(step);
        const forbidden = carried.filter(
          ({ place, pinned }) =>
            place !== "auth" &&
            !(place === "query" && pinned !== null && pinned === rules.queryParam) &&
            !rules.placements.includes(place),
        );
        if (problems.length === 0) expect(forbidden).toEqual([]);
        // And the other way round: a refusal always has a forbidden place behind it.
        if (forbidden.length === 0) expect(problems).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
