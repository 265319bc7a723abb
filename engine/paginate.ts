// A paginated step (SPEC §10, engine/README.md "Pagination"): a loop of `exchange`, one request
// per page, each guarded, host-bound, spelling-checked and retried on its own; then the step's
// extraction over `{items, pages, truncated, last}`. Caps bound what is read; the JSONPath budgets
// of §7 still bound what is kept.
import { type Paginate, PAGINATION_DEFAULTS, type Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import { isPlainObject, type JsonValue } from "./json.ts";
import { compileJsonPath, evaluateJsonPath } from "./jsonpath.ts";
import { nextLink } from "./link-header.ts";
import type { BuiltRequest } from "./request.ts";
import type { RunState } from "./run-state.ts";
import type { SendOutcome } from "./send.ts";
import {
  type Exchange,
  exchange,
  extractValues,
  parseDocument,
  registerTaint,
  toInfo,
} from "./step.ts";
import type { ResponseBody } from "./step-trace.ts";

/**
 * What of a page's request pagination took from the previous response: a tainted step's trace
 * masks it (engine/step-trace.ts), as that response is hidden.
 */
export type FromResponse = { query: string } | { bodyKey: string } | { link: true } | null;

/** One page's request as the trace shows it (the URL is redacted when the trace is made). */
export type PageRecord = {
  url: string | null;
  from: FromResponse;
  status: number | null;
  durationMs: number;
  attempts: number;
};

export type PaginationTrace = {
  pages: PageRecord[];
  items: number;
  truncated: boolean;
  /** The first page's body, for the trace (the last one is the step's own response body). */
  first: ResponseBody | null;
  /** What of the step's own (last) request came from a response. */
  last: FromResponse;
};

/** Where the next page starts; null when the list has ended. */
type Position =
  | { kind: "first" }
  | { kind: "cursor"; value: string | number }
  | { kind: "url"; href: string }
  | { kind: "number"; value: number }
  | null;

/** Replaces every `name` parameter of the query and appends `name=value`, keeping other pairs' spelling. */
export function setQueryParam(url: URL, name: string, value: string): void {
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => {
      if (pair === "") return false;
      const key = pair.split("=")[0] ?? "";
      try {
        return decodeURIComponent(key.replace(/\+/g, " ")) !== name;
      } catch {
        return true;
      }
    });
  kept.push(new URLSearchParams([[name, value]]).toString());
  url.search = `?${kept.join("&")}`;
}

function setBodyKey(built: BuiltRequest, key: string, value: JsonValue): void {
  let body: unknown = null;
  try {
    body = built.body === null ? null : JSON.parse(built.body);
  } catch {
    body = null;
  }
  if (!isPlainObject(body)) {
    throw new StepError("template_error", "a cursor sent in the body needs a JSON object body");
  }
  Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
  built.body = JSON.stringify(body);
}

/** Sets the page's position on the request the step's definition rendered. */
function adjustTo(spec: Paginate, position: Position, built: BuiltRequest): FromResponse {
  if (position === null) return null;
  if (spec.type === "offset") {
    const offset = position.kind === "number" ? position.value : 0;
    setQueryParam(built.url, spec.offsetParam, String(offset));
    setQueryParam(built.url, spec.limitParam, String(spec.pageSize));
  } else if (spec.type === "page") {
    const page = position.kind === "number" ? position.value : (spec.start ?? 1);
    setQueryParam(built.url, spec.pageParam, String(page));
    if (spec.pageSizeParam) setQueryParam(built.url, spec.pageSizeParam, String(spec.pageSize));
  } else if (position.kind === "cursor" && spec.type === "cursor") {
    if (spec.in === "body") {
      setBodyKey(built, spec.param, position.value);
      return { bodyKey: spec.param };
    }
    setQueryParam(built.url, spec.param, String(position.value));
    return { query: spec.param };
  } else if (position.kind === "url") {
    // The vendor's link replaces the URL; credential-bearing query parameters (an api_key in the
    // query, a pinned parameter) are the step's own and carried over, as a vendor omits them.
    const carried = [...built.credentialQueryParams].map(
      (name) => [name, built.url.searchParams.get(name)] as const,
    );
    built.url = new URL(position.href);
    for (const [name, value] of carried) if (value !== null) setQueryParam(built.url, name, value);
    return { link: true };
  }
  return null;
}

/**
 * A page's items, at most `room + 1`: the one past `room` tells the caller to truncate. A wildcard
 * over a page larger than the value budget is cut here rather than failing, as `maxItems` (at
 * most the value budget, 10,000) would cut it anyway.
 */
function itemsOf(spec: Paginate, document: JsonValue, state: RunState, room: number): JsonValue[] {
  const compiled = compileJsonPath(spec.itemsPath);
  if (!compiled.ok) throw new StepError("parse_error", `paginate.itemsPath: ${compiled.message}`);
  const found = evaluateJsonPath(compiled.path, document, {
    maxNodes: state.limits.maxJsonPathNodes,
    maxValues: Math.max(0, room) + 1,
    maxBytes: state.limits.maxPaginatedBytes,
    stopAtMaxValues: true,
  });
  if (found === null) return [];
  // A path to the array itself (`$.results`) is not cut by the value budget: cut it here.
  return Array.isArray(found) ? found.slice(0, Math.max(0, room) + 1) : [found];
}

function valueAt(expression: string, document: JsonValue, what: string): JsonValue {
  const compiled = compileJsonPath(expression);
  if (!compiled.ok) throw new StepError("parse_error", `paginate.${what}: ${compiled.message}`);
  return evaluateJsonPath(compiled.path, document);
}

/**
 * The next page's URL: resolved against the page's URL, and only on the step's own origin. A
 * hidden (tainted) response's link is not named in the error either.
 */
function sameOrigin(link: string, pageUrl: string, origin: string, hidden: boolean): Position {
  let next: URL;
  try {
    next = new URL(link, pageUrl);
  } catch {
    throw new StepError("parse_error", "the next page's link is not a valid URL");
  }
  if (next.origin !== origin) {
    throw new StepError(
      "blocked",
      `a next page on another origin${hidden ? "" : ` (${next.origin})`} is not followed`,
    );
  }
  return { kind: "url", href: next.href };
}

function nextPosition(
  spec: Paginate,
  current: Position,
  document: JsonValue,
  response: NonNullable<SendOutcome["response"]>,
  origin: string,
  hidden: boolean,
): Position {
  if (spec.type === "cursor") {
    const value = valueAt(spec.cursorPath, document, "cursorPath");
    if (typeof value === "number") return { kind: "cursor", value };
    return typeof value === "string" && value !== "" ? { kind: "cursor", value } : null;
  }
  if (spec.type === "nextUrl") {
    const link = valueAt(spec.nextUrlPath, document, "nextUrlPath");
    return typeof link === "string" && link !== ""
      ? sameOrigin(link, response.url, origin, hidden)
      : null;
  }
  if (spec.type === "linkHeader") {
    const link = nextLink(response.headers.get("link"));
    return link === null ? null : sameOrigin(link, response.url, origin, hidden);
  }
  const at = current?.kind === "number" ? current.value : null;
  if (spec.type === "offset") return { kind: "number", value: (at ?? 0) + spec.pageSize };
  return { kind: "number", value: (at ?? spec.start ?? 1) + 1 };
}

/** Runs a paginated step's pages; never throws (a failure is returned, with the pages reached). */
export async function paginate(
  step: Step,
  spec: Paginate,
  state: RunState,
  startedAt: number,
): Promise<Exchange> {
  const { limits, redactor } = state;
  const maxPages = spec.maxPages ?? PAGINATION_DEFAULTS.maxPages;
  const maxItems = spec.maxItems ?? PAGINATION_DEFAULTS.maxItems;
  const stepDeadline = Math.min(state.deadline, startedAt + limits.paginationBudgetMs);
  const trace: PaginationTrace = { pages: [], items: 0, truncated: false, first: null, last: null };
  const fromOf = new Map<BuiltRequest, FromResponse>();
  const items: JsonValue[] = [];
  let position: Position = { kind: "first" };
  let origin: string | null = null;
  let bytes = 0;
  let attempts = 0;
  let dirty = false;
  let cap: string | null = null;
  let last: Exchange | null = null;
  let lastDocument: JsonValue = null;
  const finish = (page: Exchange, failure: Exchange["failure"]): Exchange => {
    trace.items = items.length;
    trace.last = (page.built && fromOf.get(page.built)) ?? null;
    const outcome: SendOutcome | null = page.outcome && {
      ...page.outcome,
      attempts,
      durationMs: Math.max(0, state.now() - startedAt),
    };
    return { ...page, outcome, extracted: {}, failure, pagination: trace };
  };
  try {
    while (position !== null) {
      const left = limits.maxPaginatedBytes - bytes;
      const here = position;
      let from: FromResponse = null;
      const page = await exchange(step, state, state.now(), {
        adjust: (built) => {
          origin ??= built.url.origin;
          from = adjustTo(spec, here, built);
        },
        maxResponseBytes: Math.min(limits.maxResponseBytes, left),
      });
      if (page.built) fromOf.set(page.built, from);
      attempts += page.outcome?.attempts ?? 0;
      trace.pages.push({
        url: page.built?.url.href ?? null,
        from,
        status: page.outcome?.response?.status ?? null,
        durationMs: page.outcome?.durationMs ?? 0,
        attempts: page.outcome?.attempts ?? 0,
      });
      if (trace.pages.length === 1) trace.first = page.body;
      const response = page.outcome?.response;
      if (page.failure?.kind === "response_too_large" && left < limits.maxResponseBytes) {
        // This page would pass the bytes read across pages: the list is cut before it.
        cap = `more than ${limits.maxPaginatedBytes} bytes across pages`;
        trace.pages.pop();
        break;
      }
      if (page.failure || !response || !page.body) return finish(page, page.failure);
      last = page;
      bytes += response.body.byteLength;
      dirty ||= !page.body.clean;
      const document = parseDocument(page.body, redactor, limits);
      lastDocument = document;
      const found = itemsOf(spec, document, state, maxItems - items.length);
      // Not a spread: a page's array may hold more elements than the call stack takes arguments.
      for (const item of found) items.push(item);
      const hidden = (page.built?.responseTaint.length ?? 0) > 0;
      position = nextPosition(spec, here, document, response, origin ?? "", hidden);
      if ("pageSize" in spec && spec.pageSize !== undefined && found.length < spec.pageSize) {
        position = null;
      }
      if (position === null) break;
      if (items.length >= maxItems) cap = `more than ${maxItems} items (maxItems)`;
      else if (trace.pages.length >= maxPages) cap = `more than ${maxPages} pages (maxPages)`;
      else if (bytes >= limits.maxPaginatedBytes) {
        cap = `more than ${limits.maxPaginatedBytes} bytes across pages`;
      } else if (state.now() >= stepDeadline) cap = "more pages than the step's time budget allows";
      if (cap) break;
    }
    if (items.length > maxItems) {
      items.length = maxItems;
      cap ??= `more than ${maxItems} items (maxItems)`;
    }
    trace.truncated = cap !== null;
    if (!last)
      throw new StepError("limit_exceeded", `the first page alone is ${cap ?? "too much"}`);
    if (cap && (spec.onLimit ?? PAGINATION_DEFAULTS.onLimit) === "fail") {
      throw new StepError("limit_exceeded", `the list has ${cap}`);
    }
    const document: JsonValue = {
      items,
      pages: trace.pages.length,
      truncated: trace.truncated,
      last: lastDocument,
    };
    const extracted = extractValues(step, document, limits);
    const result = finish(last, null);
    result.extracted = dirty ? redactor.redactJson(extracted) : extracted;
    const taint = last.built?.responseTaint ?? [];
    if (taint.length > 0) registerTaint(state, result.extracted, taint);
    return result;
  } catch (error) {
    const failure = toInfo(error, redactor);
    return finish(
      last ?? { built: null, outcome: null, body: null, extracted: {}, failure },
      failure,
    );
  }
}
