// Security review: attacks on credential values and the outbound guard through the engine.
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import { StepError } from "./errors.ts";
import { createNodeFetch, type Resolver } from "./node-fetch.ts";
import { checkUrl, EMPTY_POLICY, parseAllowList } from "./outbound.ts";
import { type RunResult, runSteps } from "./run.ts";
import { json, policyFor, recordingSleep, startServer, type TestServer } from "./test-helpers.ts";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const started = await startServer(handler);
  servers.push(started);
  return started;
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
        tok: { value: secret, allowedHosts: [`127.0.0.1:${vendor.port}`], queryParam: "key" },
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
        {
          id: "probe",
          request: {
            method: "GET",
            url: `${vendor.origin}/v1/echo`,
            query: { key: "{{credentials.tok}}" },
          },
          extract: {
            below_m: "$.args[?@ < 'm']",
            exact: "$[?@.key == 'aaaaaaaaaaaaaaaaaaaa']",
            length20: "$[?length(@.key) == 20]",
            starts_a: "$.nested[?@ >= 'a' && @ < 'b']",
            bearer: "$[?@.auth == 'Bearer aaaaaaaaaaaaaaaaaaaa']",
          },
        },
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
      {
        steps: [
          {
            id: "deep",
            request: { method: "GET", url: `${vendor.origin}/` },
            extract: { a: "$[0]" },
          },
        ],
      },
      "deep-secret",
      vendor,
    );
    expect(result.status).toBe("failed");
    expect(result.steps[0]?.error?.kind).toBe("parse_error");
  });

  it("a member cannot forward an echoed credential to another host in a later step", async () => {
    const vendor = await echo();
    const sink = await server((_, res) => json(res, 200, {}));
    const secret = "sk_live_Forward_Me_123";
    const result = await run(
      {
        steps: [
          {
            id: "probe",
            request: {
              method: "GET",
              url: `${vendor.origin}/v1/echo`,
              query: { key: "{{credentials.tok}}" },
            },
            extract: { key: "$.args.key", all: "$", auth: "$.args" },
          },
          {
            id: "leak",
            request: {
              method: "POST",
              url: `${sink.origin}/collect?k={{steps.probe.key}}`,
              headers: { "X-All": "{{steps.probe.auth}}" },
              body: {
                type: "json",
                value: { all: "{{steps.probe.all}}", k: "x{{steps.probe.key}}" },
              },
            },
          },
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
    const sink = await server((_, res) => json(res, 200, {}));
    const result = await runSteps(
      {
        steps: [
          {
            id: "s",
            request: {
              method: "GET",
              url: `${sink.origin}/`,
              auth: { type: "basic", username: "{{credentials.other}}", credential: "free" },
            },
          },
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
    const sink = await server((_, res) => json(res, 200, {}));
    const vendor = await server((_, res) => {
      res.writeHead(302, { location: `${sink.origin}/steal?x=1` });
      res.end();
    });
    const result = await run(
      {
        steps: [
          {
            id: "s",
            request: {
              method: "GET",
              url: `${vendor.origin}/`,
              auth: { type: "bearer", credential: "tok" },
            },
          },
        ],
      },
      "redirected-secret",
      vendor,
      sink,
    );
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
    const nodeFetch = createNodeFetch({ policy, resolve });
    const error = await nodeFetch("http://rebind.example:5432/", {
      method: "GET",
      headers: new Headers(),
      redirect: "manual",
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).kind).toBe("blocked");
  });

  it("a name resolving to an IPv4-mapped metadata address is refused in the Node path", async () => {
    const resolve: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "::ffff:169.254.169.254", family: 6 },
    ];
    const nodeFetch = createNodeFetch({ policy: EMPTY_POLICY, resolve });
    const error = await nodeFetch("http://mixed.example/", {
      method: "GET",
      headers: new Headers(),
      redirect: "manual",
      signal: new AbortController().signal,
    }).catch((e: unknown) => e);
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
