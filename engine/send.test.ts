import { describe, expect, it } from "vitest";
import type { Step } from "./definition.ts";
import type { InterpolationContext } from "./interpolate.ts";
import type { OutboundPolicy } from "./outbound.ts";
import { buildRequest } from "./request.ts";
import { type FetchLike, parseRetryAfter, type SendDeps, send } from "./send.ts";
import { json, localServers, policyFor, recordingSleep } from "./test-helpers.ts";

const SECRET = "tok_s3cr3t_value";
const ctx: InterpolationContext = {
  input: {},
  credentials: { token: SECRET },
  steps: {},
};

const server = localServers();

function request(url: string, extra: Partial<Step["request"]> = {}) {
  return buildRequest({ id: "s", request: { method: "GET", url, ...extra } }, ctx);
}

function deps(policy: OutboundPolicy, extra: Partial<SendDeps> = {}) {
  const recorder = recordingSleep();
  const d: SendDeps = {
    fetch,
    policy,
    credentialHosts: new Map([["token", ["127.0.0.1"]]]),
    sleep: recorder.sleep,
    random: () => 0,
    ...extra,
  };
  return { deps: d, waits: recorder.waits };
}

const opts = { timeoutMs: 2000, retry: true };

describe("retries", () => {
  it("succeeds on attempt 3 after two 503s, backing off with jitter", async () => {
    let calls = 0;
    const target = await server((_, res) => {
      calls++;
      if (calls <= 2) json(res, 503, { error: "busy" });
      else json(res, 200, { ok: true });
    });
    const { deps: d, waits } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error).toBeNull();
    expect(outcome.attempts).toBe(3);
    expect(outcome.response?.status).toBe(200);
    expect(waits).toEqual([250, 500]);
  });

  it("waits Retry-After seconds on 429 before retrying", async () => {
    let calls = 0;
    const target = await server((_, res) => {
      calls++;
      if (calls === 1) json(res, 429, {}, { "retry-after": "1" });
      else json(res, 200, {});
    });
    const { deps: d, waits } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.attempts).toBe(2);
    expect(waits).toEqual([1000]);
  });

  it("caps Retry-After at 60 s", async () => {
    let calls = 0;
    const target = await server((_, res) => {
      calls++;
      if (calls === 1) json(res, 503, {}, { "retry-after": "3600" });
      else json(res, 200, {});
    });
    const { deps: d, waits } = deps(policyFor(target));
    await send(request(`${target.origin}/x`), opts, d);
    expect(waits).toEqual([60_000]);
  });

  it("reads Retry-After as an HTTP date against the injected clock", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 01 Jan 2024 00:00:05 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
  });

  it("does not retry a POST that gets 500, but retries a PUT", async () => {
    const target = await server((_, res) => json(res, 500, { error: "boom" }));
    const { deps: d } = deps(policyFor(target));
    const post = await send(request(`${target.origin}/x`, { method: "POST" }), opts, d);
    expect(post.attempts).toBe(1);
    expect(post.error?.kind).toBe("http_error");
    expect(post.error?.message).toMatch(/HTTP 500/);
    expect(target.requests).toHaveLength(1);
    const put = await send(request(`${target.origin}/x`, { method: "PUT" }), opts, d);
    expect(put.attempts).toBe(3);
    expect(target.requests).toHaveLength(4);
  });

  it("retries a POST on 503 (every method)", async () => {
    const target = await server((_, res) => json(res, 503, {}));
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`, { method: "POST" }), opts, d);
    expect(outcome.attempts).toBe(3);
    expect(outcome.error?.kind).toBe("http_error");
  });

  it("does not retry when the step sets retry: false, nor on a 404", async () => {
    const target = await server((req, res) => json(res, req.url === "/404" ? 404 : 503, {}));
    const { deps: d } = deps(policyFor(target));
    expect((await send(request(`${target.origin}/x`), { ...opts, retry: false }, d)).attempts).toBe(
      1,
    );
    expect((await send(request(`${target.origin}/404`), opts, d)).attempts).toBe(1);
  });

  it("retries a GET whose connection was reset", async () => {
    let calls = 0;
    const target = await server((_, res, raw) => {
      calls++;
      if (calls === 1) raw.socket.destroy();
      else json(res, 200, { ok: 1 });
    });
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error).toBeNull();
    expect(outcome.attempts).toBe(2);
  });

  it("reports network_error when nothing listens", async () => {
    const target = await server(() => {});
    const { deps: d } = deps(policyFor(target));
    await target.close();
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error?.kind).toBe("network_error");
    expect(outcome.attempts).toBe(3);
  });

  it("gives up instead of waiting past the execution budget", async () => {
    const target = await server((_, res) => json(res, 503, {}, { "retry-after": "30" }));
    const { deps: d, waits } = deps(policyFor(target), { now: () => 1000, deadline: 20_000 });
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.attempts).toBe(1);
    expect(waits).toEqual([]);
    const late = await send(request(`${target.origin}/x`), opts, { ...d, deadline: 500 });
    expect(late.error?.kind).toBe("timeout");
    expect(late.attempts).toBe(0);
  });
});

describe("timeouts, size and cancellation", () => {
  it("times out a hung target, retrying GET but not POST", async () => {
    const target = await server(() => {});
    const { deps: d } = deps(policyFor(target));
    const post = await send(
      request(`${target.origin}/x`, { method: "POST" }),
      { timeoutMs: 150, retry: true },
      d,
    );
    expect(post.error?.kind).toBe("timeout");
    expect(post.attempts).toBe(1);
    const get = await send(request(`${target.origin}/x`), { timeoutMs: 100, retry: true }, d);
    expect(get.error?.kind).toBe("timeout");
    expect(get.attempts).toBe(3);
  });

  it("times out a body that stalls mid-stream", async () => {
    const target = await server((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
    });
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), { timeoutMs: 150, retry: false }, d);
    expect(outcome.error?.kind).toBe("timeout");
  });

  it("fails a 5 MiB body with response_too_large, declared or streamed", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, "a");
    const target = await server((req, res) => {
      if (req.url === "/declared") {
        res.writeHead(200, { "content-length": String(big.length) });
        res.end(big);
      } else {
        res.writeHead(200, { "transfer-encoding": "chunked" });
        for (let i = 0; i < 5; i++) res.write(big.subarray(i * 1048576, (i + 1) * 1048576));
        res.end();
      }
    });
    const { deps: d } = deps(policyFor(target));
    for (const path of ["/declared", "/streamed"]) {
      const outcome = await send(request(`${target.origin}${path}`), opts, d);
      expect(outcome.error?.kind, path).toBe("response_too_large");
      expect(outcome.attempts).toBe(1);
    }
  });

  it("ends as cancelled when the execution is aborted mid-step", async () => {
    const controller = new AbortController();
    const target = await server(() => {
      controller.abort();
    });
    const { deps: d } = deps(policyFor(target), { signal: controller.signal });
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error?.kind).toBe("cancelled");
    expect(outcome.attempts).toBe(1);
  });
});

describe("redirects", () => {
  it("refuses a redirect to a forbidden port, which receives zero requests", async () => {
    const forbidden = await server((_, res) => json(res, 200, {}));
    const target = await server((_, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${forbidden.port}/steal` });
      res.end();
    });
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error?.kind).toBe("blocked");
    expect(forbidden.requests).toHaveLength(0);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:127.0.0.1]/",
    "file:///etc/passwd",
    "http://localhost./",
  ])("refuses a redirect to %s", async (location) => {
    const target = await server((_, res) => {
      res.writeHead(307, { location });
      res.end();
    });
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error?.kind).toBe("blocked");
  });

  it("drops every credential-bearing header and query parameter on a cross-origin redirect", async () => {
    const other = await server((_, res) => json(res, 200, { ok: true }));
    const target = await server((_, res) => {
      res.writeHead(302, { location: `${other.origin}/landing?api_key=${SECRET}&keep=1` });
      res.end();
    });
    const built = buildRequest(
      {
        id: "s",
        request: {
          method: "GET",
          url: `${target.origin}/x`,
          headers: { "X-Sig": "sig {{credentials.token}}", "X-Trace": "t-1" },
          auth: { type: "api_key", credential: "token", in: "query", name: "api_key" },
        },
      },
      ctx,
      undefined,
      { rules: new Map([["token", { queryParam: "api_key" }]]) },
    );
    built.headers.set("Authorization", `Bearer ${SECRET}`);
    const { deps: d } = deps(policyFor(target, other), {
      containsSecret: (text) => text.includes(SECRET),
    });
    const outcome = await send(built, opts, d);
    expect(outcome.error).toBeNull();
    expect(target.requests[0]?.headers["x-sig"]).toBe(`sig ${SECRET}`);
    const landed = other.requests[0];
    expect(landed?.headers.authorization).toBeUndefined();
    expect(landed?.headers["x-sig"]).toBeUndefined();
    expect(landed?.headers["x-trace"]).toBe("t-1");
    expect(landed?.url).toBe("/landing?keep=1");
    expect(JSON.stringify(landed)).not.toContain(SECRET);
  });

  it("keeps credentials on a same-origin redirect", async () => {
    const target = await server((req, res) => {
      if (req.url === "/x") {
        res.writeHead(301, { location: "/y" });
        res.end();
      } else json(res, 200, {});
    });
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(
      request(`${target.origin}/x`, { auth: { type: "bearer", credential: "token" } }),
      opts,
      d,
    );
    expect(outcome.error).toBeNull();
    expect(target.requests[1]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("never sends a credential outside its binding, directly or by redirect", async () => {
    const outside = await server((_, res) => json(res, 200, {}));
    const inside = await server((_, res) => {
      res.writeHead(302, { location: `${outside.origin}/collect` });
      res.end();
    });
    const policy = policyFor(inside, outside);
    const bound = new Map([["token", [`127.0.0.1:${inside.port}`]]]);
    const { deps: d } = deps(policy, { credentialHosts: bound });
    const auth = { type: "bearer" as const, credential: "token" };

    const direct = await send(request(`${outside.origin}/collect`, { auth }), opts, d);
    expect(direct.error?.kind).toBe("blocked");
    expect(direct.error?.message).toMatch(/may not be sent/);

    const redirected = await send(request(`${inside.origin}/start`, { auth }), opts, d);
    expect(redirected.error?.kind).toBe("blocked");
    expect(inside.requests).toHaveLength(1);
    expect(outside.requests).toHaveLength(0);

    const unbound = await send(request(`${inside.origin}/start`, { auth }), opts, {
      ...d,
      credentialHosts: new Map(),
    });
    expect(unbound.error?.kind).toBe("blocked");
    expect(inside.requests).toHaveLength(1);
  });

  it("follows at most 5 redirects", async () => {
    const target = await server((req, res) => {
      res.writeHead(302, { location: `/r${req.url}` });
      res.end();
    });
    const { deps: d } = deps(policyFor(target));
    const outcome = await send(request(`${target.origin}/x`), opts, d);
    expect(outcome.error?.kind).toBe("http_error");
    expect(outcome.error?.message).toMatch(/more than 5 redirects/);
    expect(target.requests).toHaveLength(6);
  });

  it("turns a POST into a GET without body on 303, and keeps it on 307", async () => {
    const target = await server((req, res) => {
      if (req.url === "/303") {
        res.writeHead(303, { location: "/done" });
        res.end();
      } else if (req.url === "/307") {
        res.writeHead(307, { location: "/done" });
        res.end();
      } else json(res, 200, {});
    });
    const { deps: d } = deps(policyFor(target));
    const body = { type: "json" as const, value: { a: 1 } };
    await send(request(`${target.origin}/303`, { method: "POST", body }), opts, d);
    expect(target.requests[1]).toMatchObject({ method: "GET", body: "" });
    await send(request(`${target.origin}/307`, { method: "POST", body }), opts, d);
    expect(target.requests[3]).toMatchObject({ method: "POST", body: '{"a":1}' });
  });
});

describe("outbound guard", () => {
  it("refuses a literal forbidden address without calling fetch", async () => {
    let called = false;
    const fakeFetch: FetchLike = async () => {
      called = true;
      return new Response("");
    };
    const { deps: d } = deps({ allow: [] }, { fetch: fakeFetch });
    const outcome = await send(request("http://0x7f.1/"), opts, d);
    expect(outcome.error?.kind).toBe("blocked");
    expect(called).toBe(false);
  });
});
