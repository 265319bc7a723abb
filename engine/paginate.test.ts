// Pagination's caps and security (SPEC §10, §7) against real local HTTP servers: other origins are
// blocked, a cursor that never ends stops at the cap, `onLimit: "fail"`, 10 MiB across pages,
// every page retried and redacted on its own.
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition, Paginate } from "./definition.ts";
import type { Limits } from "./limits.ts";
import { setQueryParam } from "./paginate.ts";
import { type RunResult, runSteps } from "./run.ts";
import { json, localServers, policyFor, recordingSleep, type TestServer } from "./test-helpers.ts";

const TOKEN = "tok_caps_8b1e4f7a2c6d";
const server = localServers();

const EXTRACT = { ids: "$.items[*]", pages: "$.pages", truncated: "$.truncated", last: "$.last" };

function listing(
  target: TestServer,
  paginate: Paginate,
  extract: Record<string, string> = EXTRACT,
): ConnectorDefinition {
  return {
    steps: [
      {
        id: "list",
        request: {
          method: "GET",
          url: `${target.origin}/items`,
          auth: { type: "bearer", credential: "tok" },
        },
        paginate,
        extract,
      },
    ],
  };
}

async function run(
  definition: ConnectorDefinition,
  targets: TestServer[],
  limits: Partial<Limits> = {},
): Promise<RunResult> {
  const [first] = targets;
  return runSteps(
    definition,
    {
      input: {},
      credentials: { tok: { value: TOKEN, allowedHosts: [`127.0.0.1:${first?.port}`] } },
    },
    {
      fetch,
      policy: policyFor(...targets),
      sleep: recordingSleep().sleep,
      random: () => 0,
      limits,
    },
  );
}

const forever: Paginate = {
  type: "cursor",
  cursorPath: "$.next",
  param: "c",
  itemsPath: "$.items",
};

describe("pagination caps", () => {
  it("a provider that returns the same cursor forever stops at maxPages, truncated", async () => {
    const target = await server((_, res) => json(res, 200, { items: [1], next: "same" }));
    const result = await run(listing(target, { ...forever, maxPages: 7 }), [target]);
    expect(result.status).toBe("succeeded");
    expect(result.output.list).toMatchObject({ pages: 7, truncated: true });
    expect(target.requests).toHaveLength(7);
    expect(result.steps[0]?.pagination).toMatchObject({ pages: 7, items: 7, truncated: true });
  });

  it("without maxPages the default of 10 applies", async () => {
    const target = await server((_, res) => json(res, 200, { items: [1], next: "same" }));
    const result = await run(listing(target, forever), [target]);
    expect(target.requests).toHaveLength(10);
    expect(result.output.list?.truncated).toBe(true);
  });

  it('onLimit "fail" fails the step with limit_exceeded at a cap', async () => {
    const target = await server((_, res) => json(res, 200, { items: [1], next: "same" }));
    const result = await run(listing(target, { ...forever, maxPages: 3, onLimit: "fail" }), [
      target,
    ]);
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ kind: "limit_exceeded", stepId: "list" });
    expect(result.steps[0]?.pagination?.pages).toBe(3);
  });

  it('onLimit "fail" does not fail a list that ends before the caps', async () => {
    const target = await server((_, res) => json(res, 200, { items: [1, 2], next: null }));
    const result = await run(listing(target, { ...forever, onLimit: "fail" }), [target]);
    expect(result.status).toBe("succeeded");
    expect(result.output.list).toMatchObject({ ids: [1, 2], pages: 1, truncated: false });
  });

  it("items past maxItems are cut and the result is truncated", async () => {
    const target = await server((req, res) => {
      const c = Number(new URL(req.url, target.origin).searchParams.get("c") ?? "0");
      json(res, 200, { items: [c * 3, c * 3 + 1, c * 3 + 2], next: String(c + 1) });
    });
    const result = await run(listing(target, { ...forever, maxItems: 7 }), [target]);
    expect(result.output.list).toMatchObject({ ids: [0, 1, 2, 3, 4, 5, 6], truncated: true });
    expect(target.requests).toHaveLength(3);
  });

  it("stops reading at 10 MiB across pages and keeps only whole pages", async () => {
    const filler = "x".repeat(900 * 1024);
    const target = await server((req, res) => {
      const c = Number(new URL(req.url, target.origin).searchParams.get("c") ?? "0");
      json(res, 200, { items: [c], pad: filler, next: String(c + 1) });
    });
    // `last` (a 900 KiB page) would pass the 256 KiB budget of one extracted name (§7).
    const { last: _, ...extract } = EXTRACT;
    const result = await run(listing(target, { ...forever, maxPages: 100 }, extract), [target]);
    expect(result.status).toBe("succeeded");
    const pages = Number(result.output.list?.pages);
    // 11 pages of ~900 KiB fit in 10 MiB; the 12th would pass it and is not kept.
    expect(pages).toBe(11);
    expect(result.output.list?.ids).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(result.output.list?.truncated).toBe(true);
    expect(target.requests.length).toBeLessThanOrEqual(12);
  });

  it("the step's time budget ends the list between pages", async () => {
    let clock = 0;
    const target = await server((_, res) => {
      clock += 1_000;
      json(res, 200, { items: [1], next: "again" });
    });
    const result = await runSteps(
      listing(target, { ...forever, maxPages: 100 }),
      {
        input: {},
        credentials: { tok: { value: TOKEN, allowedHosts: [`127.0.0.1:${target.port}`] } },
      },
      {
        fetch,
        policy: policyFor(target),
        now: () => clock,
        sleep: recordingSleep().sleep,
        limits: { paginationBudgetMs: 5_000 },
      },
    );
    expect(result.output.list).toMatchObject({ truncated: true, pages: 5 });
  });
});

describe("pagination security", () => {
  it("a next link to another origin fails the step blocked and is never requested", async () => {
    const other = await server((_, res) => json(res, 200, { value: [9], next: null }));
    const target = await server((_, res) =>
      json(res, 200, { value: [1], next: `${other.origin}/steal` }),
    );
    const paginate: Paginate = { type: "nextUrl", nextUrlPath: "$.next", itemsPath: "$.value" };
    const result = await run(listing(target, paginate), [target, other]);
    expect(result.status).toBe("failed");
    expect(result.error?.kind).toBe("blocked");
    expect(other.requests).toHaveLength(0);
  });

  it("a Link header to another port of the same host is another origin: blocked", async () => {
    const other = await server((_, res) => json(res, 200, []));
    const target = await server((_, res) =>
      json(res, 200, [1], { link: `<${other.origin}/p2>; rel="next"` }),
    );
    const result = await run(listing(target, { type: "linkHeader", itemsPath: "$[*]" }), [
      target,
      other,
    ]);
    expect(result.error?.kind).toBe("blocked");
    expect(other.requests).toHaveLength(0);
  });

  it("every page is retried on its own", async () => {
    let failed = false;
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      if (c === "2" && !failed) {
        failed = true;
        return json(res, 503, {});
      }
      json(res, 200, {
        items: [Number(c ?? "1")],
        next: c === "3" ? null : String(Number(c ?? "1") + 1),
      });
    });
    const result = await run(listing(target, forever), [target]);
    expect(result.output.list?.ids).toEqual([1, 2, 3]);
    expect(result.steps[0]?.pagination?.requests.map((r) => r.attempts)).toEqual([1, 2, 1]);
    expect(result.steps[0]?.attempts).toBe(4);
  });

  it("a page that fails after retries fails the step with the pages reached in the trace", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      if (c === "2") return json(res, 404, { error: "gone" });
      json(res, 200, { items: [1], next: "2" });
    });
    const result = await run(listing(target, forever), [target]);
    expect(result.error?.kind).toBe("http_error");
    expect(result.steps[0]?.pagination?.requests.map((r) => r.status)).toEqual([200, 404]);
  });

  it("a page echoing the secret is redacted in the items, the output and both traced bodies", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      json(res, 200, { items: [{ echo: TOKEN, c }], next: c ? null : "2" });
    });
    const result = await run(listing(target, forever), [target]);
    const text = JSON.stringify(result);
    expect(text).not.toContain(TOKEN);
    expect(result.output.list?.ids).toEqual([
      { echo: "[REDACTED]", c: null },
      { echo: "[REDACTED]", c: "2" },
    ]);
    expect(result.steps[0]?.pagination?.firstResponseBody).toContain("[REDACTED]");
  });

  it("a cursor carrying the credential in the URL is refused to a host outside allowedHosts", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      json(res, 200, { items: [1], next: c ? null : TOKEN });
    });
    // The echoed secret comes back redacted, so the cursor cannot carry it onward.
    const result = await run(listing(target, forever), [target]);
    expect(target.requests[1]?.url).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("a request that places the credential in the query taints every page: items and bodies hidden", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      json(res, 200, { items: [{ name: `Item ${c ?? 1}` }], next: c ? null : "2" });
    });
    const definition = listing(target, forever);
    const step = definition.steps[0];
    if (!step) throw new Error("no step");
    step.request.query = { key: "{{credentials.tok}}" };
    const result = await runSteps(
      definition,
      {
        input: {},
        credentials: {
          tok: { value: TOKEN, allowedHosts: [`127.0.0.1:${target.port}`], placements: ["query"] },
        },
      },
      { fetch, policy: policyFor(target), sleep: recordingSleep().sleep },
    );
    expect(result.status).toBe("succeeded");
    expect(
      target.requests.map((r) => new URL(r.url, target.origin).searchParams.get("key")),
    ).toEqual([TOKEN, TOKEN]);
    expect(result.output.list).toEqual({
      ids: "[REDACTED]",
      pages: "[REDACTED]",
      truncated: "[REDACTED]",
      last: "[REDACTED]",
    });
    const [trace] = result.steps;
    expect(trace?.pagination?.firstResponseBody).toBeNull();
    expect(trace?.responseBody).toBeNull();
    expect(
      trace?.pagination?.requests.every(
        (r) => r.url?.includes("key=%5BREDACTED%5D") || r.url?.includes("[REDACTED]"),
      ),
    ).toBe(true);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("the extraction reads {items, pages, truncated, last}", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      json(res, 200, { items: [c ?? "first"], next: c ? null : "2", total: 2 });
    });
    const result = await run(listing(target, forever), [target]);
    expect(result.output.list).toEqual({
      ids: ["first", "2"],
      pages: 2,
      truncated: false,
      last: { items: ["2"], next: null, total: 2 },
    });
    expect(result.steps[0]?.pagination?.requests.map((r) => r.url)).toEqual([
      `${target.origin}/items`,
      `${target.origin}/items?c=2`,
    ]);
  });
});

describe("setQueryParam", () => {
  it("replaces the parameter and keeps the other pairs' spelling", () => {
    const url = new URL("https://api.test/x?a=%20b&c=1&c=2&d");
    setQueryParam(url, "c", "x y");
    expect(url.search).toBe("?a=%20b&d&c=x+y");
  });
});
