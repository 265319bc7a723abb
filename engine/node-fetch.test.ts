import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { StepError } from "./errors.ts";
import { createNodeFetch, type Resolver } from "./node-fetch.ts";
import { EMPTY_POLICY, parseAllowList } from "./outbound.ts";
import { runSteps } from "./run.ts";
import { json, localServers } from "./test-helpers.ts";

const server = localServers();

function init(extra: Partial<Parameters<ReturnType<typeof createNodeFetch>>[1]> = {}) {
  return {
    method: "GET",
    headers: new Headers(),
    redirect: "manual" as const,
    signal: new AbortController().signal,
    ...extra,
  };
}

function fixedResolver(map: Record<string, string[]>, calls: string[] = []): Resolver {
  return async (hostname) => {
    calls.push(hostname);
    return (map[hostname] ?? []).map((address) => ({
      address,
      family: address.includes(":") ? 6 : 4,
    }));
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("createNodeFetch", () => {
  it("refuses a public-looking name that resolves to 127.0.0.1, without connecting", async () => {
    const target = await server((_, res) => json(res, 200, {}));
    const nodeFetch = createNodeFetch({
      policy: EMPTY_POLICY,
      resolve: fixedResolver({ "totally-public.example": ["127.0.0.1"] }),
    });
    const error = await rejection(
      nodeFetch(`http://totally-public.example:${target.port}/`, init()),
    );
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).kind).toBe("blocked");
    expect(target.requests).toHaveLength(0);
  });

  it("refuses when any one of the resolved addresses is forbidden", async () => {
    const nodeFetch = createNodeFetch({
      policy: EMPTY_POLICY,
      resolve: fixedResolver({ "mixed.example": ["93.184.216.34", "169.254.169.254"] }),
    });
    const error = await rejection(nodeFetch("http://mixed.example/", init()));
    expect((error as StepError).kind).toBe("blocked");
  });

  it("checks IP literals before resolving anything", async () => {
    const calls: string[] = [];
    const nodeFetch = createNodeFetch({ policy: EMPTY_POLICY, resolve: fixedResolver({}, calls) });
    for (const url of ["http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://10.0.0.1/"]) {
      const error = await rejection(nodeFetch(url, init()));
      expect((error as StepError).kind, url).toBe("blocked");
    }
    expect(calls).toEqual([]);
  });

  it("connects to the address it checked, resolving once", async () => {
    const target = await server((req, res) => json(res, 200, { host: req.headers.host }));
    const calls: string[] = [];
    const nodeFetch = createNodeFetch({
      policy: parseAllowList(`127.0.0.1:${target.port}`),
      resolve: fixedResolver({ "api.vendor.example": ["127.0.0.1"] }, calls),
    });
    const response = await nodeFetch(`http://api.vendor.example:${target.port}/x`, init());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ host: `api.vendor.example:${target.port}` });
    expect(calls).toEqual(["api.vendor.example"]);
  });

  it("still refuses the checked address on another port than the allow list names", async () => {
    const target = await server((_, res) => json(res, 200, {}));
    const nodeFetch = createNodeFetch({
      policy: parseAllowList("127.0.0.1:1"),
      resolve: fixedResolver({ "api.vendor.example": ["127.0.0.1"] }),
    });
    const error = await rejection(nodeFetch(`http://api.vendor.example:${target.port}/`, init()));
    expect((error as StepError).kind).toBe("blocked");
    expect(target.requests).toHaveLength(0);
  });

  it("sends method, headers and body, and decodes gzip", async () => {
    const target = await server((req, res) => {
      res.writeHead(201, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(
        zlib.gzipSync(
          JSON.stringify({ method: req.method, body: req.body, x: req.headers["x-a"] }),
        ),
      );
    });
    const nodeFetch = createNodeFetch({ policy: parseAllowList(`127.0.0.1:${target.port}`) });
    const response = await nodeFetch(
      `${target.origin}/p`,
      init({ method: "POST", headers: new Headers({ "X-A": "1" }), body: "héllo" }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.json()).toEqual({ method: "POST", body: "héllo", x: "1" });
  });

  it("does not follow redirects", async () => {
    const target = await server((_, res) => {
      res.writeHead(302, { location: "http://169.254.169.254/" });
      res.end();
    });
    const nodeFetch = createNodeFetch({ policy: parseAllowList(`127.0.0.1:${target.port}`) });
    const response = await nodeFetch(`${target.origin}/`, init());
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://169.254.169.254/");
  });

  it("turns a refused connection into a network error", async () => {
    const target = await server(() => {});
    await target.close();
    const nodeFetch = createNodeFetch({ policy: parseAllowList(`127.0.0.1:${target.port}`) });
    const error = await rejection(nodeFetch(`${target.origin}/`, init()));
    expect(error).toBeInstanceOf(TypeError);
  });

  it("runs a connector end to end, a rebinding name ending as blocked", async () => {
    const target = await server((_, res) => json(res, 200, { id: "x1" }));
    const nodeFetch = createNodeFetch({
      policy: parseAllowList(`127.0.0.1:${target.port}`),
      resolve: fixedResolver({ "rebind.example": ["127.0.0.1"] }),
    });
    const result = await runSteps(
      {
        steps: [
          {
            id: "ok",
            request: { method: "GET", url: `${target.origin}/a` },
            extract: { id: "$.id" },
          },
          { id: "evil", request: { method: "GET", url: "http://rebind.example/b" } },
        ],
      },
      { input: {}, credentials: {} },
      { fetch: nodeFetch, policy: parseAllowList(`127.0.0.1:${target.port}`) },
    );
    expect(result.output).toEqual({ ok: { id: "x1" } });
    expect(result.error).toMatchObject({ kind: "blocked", stepId: "evil" });
    expect(target.requests).toHaveLength(1);
  });

  it("times out through the abort signal", async () => {
    const target = await server(() => {});
    const nodeFetch = createNodeFetch({ policy: parseAllowList(`127.0.0.1:${target.port}`) });
    const result = await runSteps(
      {
        steps: [{ id: "s", request: { method: "POST", url: `${target.origin}/`, timeoutMs: 150 } }],
      },
      { input: {}, credentials: {} },
      { fetch: nodeFetch, policy: parseAllowList(`127.0.0.1:${target.port}`) },
    );
    expect(result.error?.kind).toBe("timeout");
  });

  it("stops reading a 5 MiB (decompressed) body at the cap", async () => {
    const target = await server((_, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end(zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024)));
    });
    const nodeFetch = createNodeFetch({ policy: parseAllowList(`127.0.0.1:${target.port}`) });
    const result = await runSteps(
      { steps: [{ id: "s", request: { method: "GET", url: `${target.origin}/` } }] },
      { input: {}, credentials: {} },
      { fetch: nodeFetch, policy: parseAllowList(`127.0.0.1:${target.port}`) },
    );
    expect(result.error?.kind).toBe("response_too_large");
  });
});
