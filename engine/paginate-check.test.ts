// The save-time check of `paginate` (engine/paginate-check.ts): 422 problems with their paths.
import { describe, expect, it } from "vitest";
import { type ConnectorDefinition, type Paginate, validateDefinition } from "./definition.ts";
import { EMPTY_POLICY } from "./outbound.ts";

function problems(step: Partial<ConnectorDefinition["steps"][number]>, paginate: unknown) {
  const definition = {
    steps: [
      {
        id: "list",
        request: { method: "GET", url: "https://api.example.com/v1/people" },
        ...step,
        paginate,
      },
    ],
  };
  const result = validateDefinition(definition, { outbound: EMPTY_POLICY });
  return result.ok ? [] : result.problems;
}

const cursor: Paginate = {
  type: "cursor",
  cursorPath: "$.next",
  param: "after",
  itemsPath: "$.items",
};

describe("paginate at save time", () => {
  it("accepts each style in its plain form", () => {
    expect(problems({}, cursor)).toEqual([]);
    expect(problems({}, { type: "nextUrl", nextUrlPath: "$.next", itemsPath: "$.v" })).toEqual([]);
    expect(problems({}, { type: "linkHeader", itemsPath: "$[*]" })).toEqual([]);
    const offset = {
      type: "offset",
      offsetParam: "o",
      limitParam: "l",
      pageSize: 50,
      itemsPath: "$.r",
    };
    expect(problems({}, offset)).toEqual([]);
    expect(problems({}, { type: "page", pageParam: "p", pageSize: 20, itemsPath: "$.r" })).toEqual(
      [],
    );
  });

  it("names a JSONPath that does not compile", () => {
    expect(problems({}, { ...cursor, itemsPath: "$.items[", cursorPath: "next" })).toEqual([
      { path: "steps[0].paginate.itemsPath", message: expect.any(String) },
      { path: "steps[0].paginate.cursorPath", message: expect.any(String) },
    ]);
  });

  it("refuses caps above SPEC §10's and an unknown style or property", () => {
    const paths = (p: unknown) => problems({}, p).map((x) => x.path);
    expect(paths({ ...cursor, maxPages: 101 })).toEqual(["steps[0].paginate.maxPages"]);
    expect(paths({ ...cursor, maxItems: 10_001 })).toEqual(["steps[0].paginate.maxItems"]);
    expect(paths({ ...cursor, type: "scroll" })).toEqual(["steps[0].paginate.type"]);
    expect(paths({ ...cursor, cursor: "x" })).toEqual(["steps[0].paginate.cursor"]);
  });

  it("a cursor in the body needs a JSON object body", () => {
    const body = { ...cursor, in: "body" };
    expect(problems({}, body)).toEqual([
      { path: "steps[0].paginate.in", message: expect.stringContaining("JSON body") },
    ]);
    const post = { method: "POST" as const, url: "https://api.example.com/search" };
    const form = { type: "form" as const, value: { q: "x" } };
    expect(problems({ request: { ...post, body: form } }, body).map((p) => p.path)).toEqual([
      "steps[0].paginate.in",
    ]);
    const list = { type: "json" as const, value: ["x"] };
    expect(problems({ request: { ...post, body: list } }, body).map((p) => p.path)).toEqual([
      "steps[0].paginate.in",
    ]);
    const taken = { type: "json" as const, value: { after: "x" } };
    expect(problems({ request: { ...post, body: taken } }, body).map((p) => p.path)).toEqual([
      "steps[0].paginate.param",
    ]);
    const fine = { type: "json" as const, value: { query: "x" } };
    expect(problems({ request: { ...post, body: fine } }, body)).toEqual([]);
  });

  it("paging parameters may not clash with the step's own query, its URL or an api_key", () => {
    const offset = {
      type: "offset",
      offsetParam: "offset",
      limitParam: "limit",
      pageSize: 50,
      itemsPath: "$.r",
    };
    const request = {
      method: "GET" as const,
      url: "https://api.example.com/v1/people?limit=10",
      query: { offset: "5" },
    };
    expect(problems({ request }, offset).map((p) => p.path)).toEqual([
      "steps[0].paginate.offsetParam",
      "steps[0].paginate.limitParam",
    ]);
    const page = { type: "page", pageParam: "p", pageSizeParam: "p", pageSize: 5, itemsPath: "$" };
    expect(problems({}, page)).toEqual([
      { path: "steps[0].paginate.pageSizeParam", message: "is the same parameter as pageParam" },
    ]);
    const apiKey = {
      method: "GET" as const,
      url: "https://api.example.com/v1/people",
      auth: { type: "api_key" as const, credential: "k", in: "query" as const, name: "after" },
    };
    expect(problems({ request: apiKey }, cursor).map((p) => p.path)).toEqual([
      "steps[0].paginate.param",
    ]);
  });

  it("a page size above maxItems, or a HEAD request, is refused", () => {
    const page = { type: "page", pageParam: "p", pageSize: 500, maxItems: 100, itemsPath: "$" };
    expect(problems({}, page).map((p) => p.path)).toEqual(["steps[0].paginate.pageSize"]);
    const head = { method: "HEAD" as const, url: "https://api.example.com/v1/people" };
    expect(problems({ request: head }, cursor).map((p) => p.path)).toEqual([
      "steps[0].request.method",
    ]);
  });
});
