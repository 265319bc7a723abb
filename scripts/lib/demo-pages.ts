// The demo target's paginated lists (SPEC §10): `GET /v1/people` and `GET /v1/companies` page
// through seeded rows in each of the five styles, `?style=cursor|nextUrl|linkHeader|offset|page`,
// each with its own paging parameters, as the vendors that use them do (README "Pagination").
import type { IncomingMessage } from "node:http";

export type DemoRow = { id: string; name: string; email?: string; domain?: string };

export const PAGE_STYLES = ["cursor", "nextUrl", "linkHeader", "offset", "page"] as const;
export type PageStyle = (typeof PAGE_STYLES)[number];

export const DEMO_PEOPLE_COUNT = 57;
export const DEMO_COMPANIES_COUNT = 23;
export const DEMO_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

export const DEMO_PEOPLE: readonly DemoRow[] = Array.from({ length: DEMO_PEOPLE_COUNT }, (_, i) => {
  const n = String(i + 1).padStart(3, "0");
  return { id: `person_${n}`, name: `Person ${n}`, email: `person${n}@people.test` };
});

export const DEMO_COMPANIES: readonly DemoRow[] = Array.from(
  { length: DEMO_COMPANIES_COUNT },
  (_, i) => {
    const n = String(i + 1).padStart(3, "0");
    return { id: `company_${n}`, name: `Company ${n} Ltd`, domain: `company${n}.test` };
  },
);

export type PagedAnswer = { status: number; body: unknown; headers?: Record<string, string> };

function intParam(url: URL, name: string, fallback: number, min: number): number | null {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  if (!/^\d{1,9}$/.test(text)) return null;
  const value = Number(text);
  return value < min ? null : value;
}

const bad = (message: string): PagedAnswer => ({ status: 400, body: { error: message } });

/** An opaque cursor, as vendors hand out: the next offset, base64url-encoded. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

/** One page of `rows` in `style`; `req` gives the origin absolute links are written with. */
export function pagedList(
  rows: readonly DemoRow[],
  style: string,
  url: URL,
  req: IncomingMessage,
): PagedAnswer {
  const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
  const sizeName = style === "page" ? "page_size" : style === "nextUrl" ? "top" : "limit";
  const size = intParam(url, style === "linkHeader" ? "per_page" : sizeName, DEMO_PAGE_SIZE, 1);
  if (size === null || size > MAX_PAGE_SIZE) return bad(`page size must be 1..${MAX_PAGE_SIZE}`);
  const link = (params: Record<string, string | number>) => {
    const next = new URL(url.pathname, origin);
    next.searchParams.set("style", style);
    for (const [key, value] of Object.entries(params)) next.searchParams.set(key, String(value));
    return next;
  };
  if (style === "cursor") {
    const cursor = url.searchParams.get("cursor");
    const start = cursor ? decodeCursor(cursor) : 0;
    if (start === null) return bad("invalid cursor");
    const data = rows.slice(start, start + size);
    const more = start + size < rows.length;
    return { status: 200, body: { data, next_cursor: more ? encodeCursor(start + size) : null } };
  }
  if (style === "nextUrl") {
    const skip = intParam(url, "skip", 0, 0);
    if (skip === null) return bad("invalid skip");
    const more = skip + size < rows.length;
    // Relative, as Salesforce's nextRecordsUrl is: resolved against the page's URL.
    const next = link({ skip: skip + size, top: size });
    return {
      status: 200,
      body: {
        value: rows.slice(skip, skip + size),
        nextLink: more ? `${next.pathname}${next.search}` : null,
      },
    };
  }
  if (style === "linkHeader") {
    const page = intParam(url, "page", 1, 1);
    if (page === null) return bad("invalid page");
    const last = Math.max(1, Math.ceil(rows.length / size));
    const links = [`<${link({ page: 1, per_page: size })}>; rel="first"`];
    if (page < last) links.unshift(`<${link({ page: page + 1, per_page: size })}>; rel="next"`);
    links.push(`<${link({ page: last, per_page: size })}>; rel="last"`);
    return {
      status: 200,
      body: rows.slice((page - 1) * size, page * size),
      headers: { link: links.join(", ") },
    };
  }
  if (style === "offset") {
    const offset = intParam(url, "offset", 0, 0);
    if (offset === null) return bad("invalid offset");
    return {
      status: 200,
      body: { results: rows.slice(offset, offset + size), total: rows.length },
    };
  }
  if (style === "page") {
    const page = intParam(url, "page", 1, 1);
    if (page === null) return bad("invalid page");
    return {
      status: 200,
      body: { results: rows.slice((page - 1) * size, page * size), page },
    };
  }
  return bad(`style must be one of ${PAGE_STYLES.join(", ")}`);
}

/** A one-step connector listing `resource` of the demo target at `host` in `style` (README). */
export function pagedDemoDefinition(
  host: string,
  style: PageStyle,
  resource: "people" | "companies" = "people",
  credential = "example_token",
) {
  const base = `http://${host}/v1/${resource}?style=${style}`;
  const common = { maxPages: 10, maxItems: 1000 };
  const paginate = {
    cursor: {
      url: `${base}&limit=25`,
      paginate: {
        type: "cursor",
        cursorPath: "$.next_cursor",
        param: "cursor",
        itemsPath: "$.data",
      },
    },
    nextUrl: {
      url: `${base}&top=25`,
      paginate: { type: "nextUrl", nextUrlPath: "$.nextLink", itemsPath: "$.value" },
    },
    linkHeader: {
      url: `${base}&per_page=25`,
      paginate: { type: "linkHeader", itemsPath: "$[*]" },
    },
    offset: {
      url: base,
      paginate: {
        type: "offset",
        offsetParam: "offset",
        limitParam: "limit",
        pageSize: 25,
        itemsPath: "$.results",
      },
    },
    page: {
      url: base,
      paginate: {
        type: "page",
        pageParam: "page",
        pageSizeParam: "page_size",
        start: 1,
        pageSize: 25,
        itemsPath: "$.results",
      },
    },
  } as const;
  const chosen = paginate[style];
  return {
    steps: [
      {
        id: "list",
        request: {
          method: "GET" as const,
          url: chosen.url,
          headers: { Accept: "application/json" },
          auth: { type: "bearer" as const, credential },
        },
        paginate: { ...chosen.paginate, ...common },
        extract: { ids: "$.items[*].id", pages: "$.pages", truncated: "$.truncated" },
      },
    ],
  };
}
