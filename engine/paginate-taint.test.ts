// A tainted paginated step's trace (engine/README.md "Pagination"): the responses are hidden, so
// what pagination took from them (a cursor, a next link) is masked where it reappears in the
// next page's request: the step's `url` and body, and `pagination.requests[].url`.
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition, Paginate } from "./definition.ts";
import { type RunResult, runSteps } from "./run.ts";
import { json, localServers, policyFor, recordingSleep, type TestServer } from "./test-helpers.ts";

const TOKEN = "tok_taint_pages_3f9a1c7e";
const CURSOR = "cur_from_hidden_7d41be09";
const server = localServers();

/** A step placing the credential in the query (a tainting placement), paginated by `paginate`. */
function tainted(target: TestServer, paginate: Paginate, post = false): ConnectorDefinition {
  return {
    steps: [
      {
        id: "list",
        request: {
          method: post ? "POST" : "GET",
          url: `${target.origin}/items?sort=asc`,
          query: { key: "{{credentials.tok}}" },
          ...(post ? { body: { type: "json" as const, value: { filter: "all" } } } : {}),
        },
        paginate,
        extract: { ids: "$.items[*]" },
      },
    ],
  };
}

async function run(definition: ConnectorDefinition, target: TestServer): Promise<RunResult> {
  return runSteps(
    definition,
    {
      input: {},
      credentials: {
        tok: { value: TOKEN, allowedHosts: [`127.0.0.1:${target.port}`], placements: ["query"] },
      },
    },
    { fetch, policy: policyFor(target), sleep: recordingSleep().sleep, random: () => 0 },
  );
}

describe("a tainted paginated step's trace", () => {
  it("masks a cursor taken from a hidden response in the next page's URL", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      json(res, 200, { items: [c ? 2 : 1], next: c ? null : CURSOR });
    });
    const paginate: Paginate = {
      type: "cursor",
      cursorPath: "$.next",
      param: "c",
      itemsPath: "$.items",
    };
    const result = await run(tainted(target, paginate), target);
    expect(result.status).toBe("succeeded");
    expect(new URL(target.requests[1]?.url ?? "", target.origin).searchParams.get("c")).toBe(
      CURSOR,
    );
    const [trace] = result.steps;
    const second = trace?.pagination?.requests[1]?.url;
    expect(second).toContain("c=[REDACTED]");
    expect(second).toContain("sort=asc");
    expect(trace?.url).toBe(second);
    expect(trace?.pagination?.requests[0]?.url).not.toContain("c=");
    expect(JSON.stringify(result)).not.toContain(CURSOR);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("masks a cursor sent in the body and keeps the body's other keys", async () => {
    const target = await server((req, res) => {
      const body = JSON.parse(req.body || "{}") as { cursor?: string };
      json(res, 200, { items: [1], next: body.cursor ? null : CURSOR });
    });
    const paginate: Paginate = {
      type: "cursor",
      cursorPath: "$.next",
      param: "cursor",
      in: "body",
      itemsPath: "$.items",
    };
    const result = await run(tainted(target, paginate, true), target);
    expect(result.status).toBe("succeeded");
    expect(target.requests[1]?.body).toContain(CURSOR);
    const [trace] = result.steps;
    expect(JSON.parse(trace?.requestBody ?? "null")).toEqual({
      filter: "all",
      cursor: "[REDACTED]",
    });
    expect(JSON.stringify(result)).not.toContain(CURSOR);
  });

  it("shows a next link from a hidden response as its origin and path only", async () => {
    const target = await server((req, res) => {
      const url = new URL(req.url, target.origin);
      const later = url.pathname === "/later";
      json(res, 200, { items: [1], next: later ? null : `/later?token=${CURSOR}` });
    });
    const paginate: Paginate = { type: "nextUrl", nextUrlPath: "$.next", itemsPath: "$.items" };
    const result = await run(tainted(target, paginate), target);
    expect(result.status).toBe("succeeded");
    expect(target.requests[1]?.url).toContain(CURSOR);
    const [trace] = result.steps;
    expect(trace?.pagination?.requests[1]?.url).toBe(`${target.origin}/later?[REDACTED]`);
    expect(trace?.url).toBe(`${target.origin}/later?[REDACTED]`);
    expect(JSON.stringify(result)).not.toContain(CURSOR);
  });

  it("does not name a hidden response's next link to another origin in the error", async () => {
    const target = await server((_, res) =>
      json(res, 200, { items: [1], next: `https://${CURSOR}.example/p2` }),
    );
    const paginate: Paginate = { type: "nextUrl", nextUrlPath: "$.next", itemsPath: "$.items" };
    const result = await run(tainted(target, paginate), target);
    expect(result.error?.kind).toBe("blocked");
    expect(JSON.stringify(result)).not.toContain(CURSOR);
  });

  it("leaves an untainted step's page URLs as they were sent", async () => {
    const target = await server((req, res) => {
      const c = new URL(req.url, target.origin).searchParams.get("c");
      json(res, 200, { items: [1], next: c ? null : CURSOR });
    });
    const definition = tainted(target, {
      type: "cursor",
      cursorPath: "$.next",
      param: "c",
      itemsPath: "$.items",
    });
    const step = definition.steps[0];
    if (!step) throw new Error("no step");
    step.request.query = {};
    step.request.auth = { type: "bearer", credential: "tok" };
    const result = await run(definition, target);
    expect(result.steps[0]?.pagination?.requests[1]?.url).toContain(`c=${CURSOR}`);
  });
});
