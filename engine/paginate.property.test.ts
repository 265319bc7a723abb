// SPEC §10 pagination, as properties over a real local HTTP server: for random totals and page
// sizes every style returns each item exactly once and in order.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorDefinition, Paginate } from "./definition.ts";
import { type RunResult, runSteps } from "./run.ts";
import { json, policyFor, recordingSleep, startServer, type TestServer } from "./test-helpers.ts";

const TOKEN = "tok_pages_5d2c8e1f0a9b";
let target: TestServer;

function numberParam(url: URL, name: string, fallback: number): number {
  const text = url.searchParams.get(name);
  return text === null ? fallback : Number(text);
}

/** A vendor of `total` items `{id: i}`, paged the five ways; `total` travels in the query. */
async function vendor(): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, {});
    const url = new URL(req.url, target.origin);
    const total = numberParam(url, "total", 0);
    const slice = (from: number, size: number) =>
      Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({
        id: from + i,
      }));
    const size = numberParam(url, "size", 10);
    if (url.pathname === "/cursor") {
      const body = req.body ? (JSON.parse(req.body) as { cursor?: string }) : {};
      const cursor = req.method === "POST" ? body.cursor : url.searchParams.get("cursor");
      const from = cursor ? Number(cursor.slice(2)) : 0;
      const next = from + size < total ? `c_${from + size}` : null;
      return json(res, 200, { data: slice(from, size), meta: { next } });
    }
    if (url.pathname === "/next") {
      const skip = numberParam(url, "skip", 0);
      const link = new URL(url);
      link.searchParams.set("skip", String(skip + size));
      const absolute = url.searchParams.get("absolute") === "1";
      const next = absolute ? link.href : `${link.pathname}${link.search}`;
      return json(res, 200, { value: slice(skip, size), next: skip + size < total ? next : null });
    }
    if (url.pathname === "/link") {
      const page = numberParam(url, "page", 1);
      const link = new URL(url);
      link.searchParams.set("page", String(page + 1));
      const headers: Record<string, string> = {};
      const first = `<${url.pathname}?page=1>; rel="first"; title="a, b; c"`;
      if (page * size < total) headers.link = `${first}, <${link.href}>; rel="last next"`;
      else headers.link = first;
      return json(res, 200, slice((page - 1) * size, size), headers);
    }
    if (url.pathname === "/offset") {
      const offset = numberParam(url, "offset", -1);
      return json(res, 200, { results: slice(offset, numberParam(url, "limit", 0)) });
    }
    if (url.pathname === "/page") {
      const base = numberParam(url, "base", 1);
      const page = numberParam(url, "p", -1) - base;
      const per = numberParam(url, "per", size);
      return json(res, 200, { results: slice(page * per, per) });
    }
    return json(res, 404, {});
  });
}

beforeAll(async () => {
  target = await vendor();
});
afterAll(() => target.close());

type Style = "cursor" | "cursorBody" | "nextUrl" | "linkHeader" | "offset" | "page";

function definitionFor(style: Style, total: number, size: number, extra = 0): ConnectorDefinition {
  const common = { itemsPath: "$.items", maxPages: 100 };
  let url = `${target.origin}/cursor?total=${total}&size=${size}`;
  let method: "GET" | "POST" = "GET";
  let body: ConnectorDefinition["steps"][number]["request"]["body"];
  let paginate: Paginate;
  if (style === "cursor") {
    paginate = { type: "cursor", cursorPath: "$.meta.next", param: "cursor", ...common };
    paginate.itemsPath = "$.data";
  } else if (style === "cursorBody") {
    method = "POST";
    body = { type: "json", value: { filter: "all" } };
    paginate = {
      type: "cursor",
      cursorPath: "$.meta.next",
      param: "cursor",
      in: "body",
      ...common,
    };
    paginate.itemsPath = "$.data[*]";
  } else if (style === "nextUrl") {
    url = `${target.origin}/next?total=${total}&size=${size}&absolute=${extra % 2}`;
    paginate = { type: "nextUrl", nextUrlPath: "$.next", ...common, itemsPath: "$.value" };
  } else if (style === "linkHeader") {
    url = `${target.origin}/link?total=${total}&size=${size}`;
    paginate = { type: "linkHeader", ...common, itemsPath: "$[*]" };
  } else if (style === "offset") {
    url = `${target.origin}/offset?total=${total}`;
    const o = { offsetParam: "offset", limitParam: "limit", pageSize: size };
    paginate = { type: "offset", ...o, ...common, itemsPath: "$.results" };
  } else {
    url = `${target.origin}/page?total=${total}&base=${extra}`;
    const p = { pageParam: "p", pageSizeParam: "per", start: extra, pageSize: size };
    paginate = { type: "page", ...p, ...common, itemsPath: "$.results" };
  }
  return {
    steps: [
      {
        id: "list",
        request: {
          method,
          url,
          auth: { type: "bearer", credential: "tok" },
          ...(body ? { body } : {}),
        },
        paginate,
        extract: { ids: "$.items[*].id", pages: "$.pages", truncated: "$.truncated" },
      },
    ],
  };
}

async function run(definition: ConnectorDefinition): Promise<RunResult> {
  return runSteps(
    definition,
    {
      input: {},
      credentials: { tok: { value: TOKEN, allowedHosts: [`127.0.0.1:${target.port}`] } },
    },
    { fetch, policy: policyFor(target), sleep: recordingSleep().sleep, random: () => 0 },
  );
}

const STYLES: Style[] = ["cursor", "cursorBody", "nextUrl", "linkHeader", "offset", "page"];

describe("every pagination style lists each item exactly once, in order", () => {
  for (const style of STYLES) {
    it(`${style}: random totals and page sizes`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 150 }),
          fc.integer({ min: 3, max: 25 }),
          fc.integer({ min: 0, max: 1 }),
          async (total, size, extra) => {
            const result = await run(definitionFor(style, total, size, extra));
            expect(result.status, JSON.stringify(result.error)).toBe("succeeded");
            const out = result.output.list ?? {};
            const expected = Array.from({ length: total }, (_, i) => i);
            expect(out.ids).toEqual(total === 0 ? null : expected);
            expect(out.truncated).toBe(false);
            const full = Math.ceil(total / size);
            // Offset and page styles learn the end from a short page: an exact multiple costs one
            // more (empty) request.
            const counted = style === "offset" || style === "page";
            const pages = counted ? Math.floor(total / size) + 1 : Math.max(1, full);
            expect(out.pages).toBe(pages);
            const trace = result.steps[0]?.pagination;
            expect(trace?.pages).toBe(pages);
            expect(trace?.items).toBe(total);
            expect(trace?.requests).toHaveLength(pages);
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});

describe("caps on a list longer than they allow", () => {
  it("stops at maxPages or maxItems, keeps the first items in order, and says truncated", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Style>(...STYLES),
        fc.integer({ min: 3, max: 25 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 25, max: 300 }),
        fc.boolean(),
        async (style, size, maxPages, maxItems, fail) => {
          const definition = definitionFor(style, 100_000, size, 1);
          const step = definition.steps[0];
          if (!step?.paginate) throw new Error("no paginate");
          const onLimit = fail ? "fail" : "truncate";
          step.paginate = { ...step.paginate, maxPages, maxItems, onLimit };
          const result = await run(definition);
          const pages = Math.min(maxPages, Math.ceil(maxItems / size));
          expect(result.steps[0]?.pagination?.pages).toBe(pages);
          if (fail) {
            expect(result.error?.kind).toBe("limit_exceeded");
            return;
          }
          expect(result.status).toBe("succeeded");
          const kept = Math.min(maxItems, maxPages * size);
          expect(result.output.list?.ids).toEqual(Array.from({ length: kept }, (_, i) => i));
          expect(result.output.list?.truncated).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a wildcard itemsPath over a page of more than 10,000 items truncates at maxItems", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10_001, max: 14_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        async (size, maxItems) => {
          // The cursorBody style reads its items with `$.data[*]`.
          const definition = definitionFor("cursorBody", 100_000, size);
          const step = definition.steps[0];
          if (!step?.paginate) throw new Error("no paginate");
          step.paginate = { ...step.paginate, maxItems };
          const result = await run(definition);
          expect(result.status, JSON.stringify(result.error)).toBe("succeeded");
          expect(result.output.list?.ids).toEqual(Array.from({ length: maxItems }, (_, i) => i));
          expect(result.output.list).toMatchObject({ pages: 1, truncated: true });
        },
      ),
      { numRuns: 5 },
    );
  });
});
