// A step's trace, as `runSteps` returns it: every string redacted for all credential values of the
// run, bodies cut to the trace limit, credential-bearing headers left out.
import type { Step } from "./definition.ts";
import { isSensitiveHeaderName, TRACED_RESPONSE_HEADERS } from "./headers.ts";
import type { Limits } from "./limits.ts";
import { REDACTED, type Redactor, truncateUtf8 } from "./redact.ts";
import type { BuiltRequest } from "./request.ts";
import type { StepResult } from "./run.ts";
import type { RunState } from "./run-state.ts";
import { isPlainObject, type JsonValue, jsonTextTooDeep, setOwn } from "./json.ts";
import type { FromResponse, PaginationTrace } from "./paginate.ts";
import type { Exchange } from "./step.ts";

type TracedBody = { text: string | null; truncated: boolean };

const decoder = new TextDecoder();

/** A response body decoded at most once (for extraction and for the trace). */
export class ResponseBody {
  #text: string | null = null;
  #clean: boolean | null = null;

  readonly #bytes: Uint8Array;
  readonly #redactor: Redactor;

  constructor(bytes: Uint8Array, redactor: Redactor) {
    this.#bytes = bytes;
    this.#redactor = redactor;
  }

  get text(): string {
    this.#text ??= decoder.decode(this.#bytes);
    return this.#text;
  }

  /** A body with no escape and no spelling of a secret holds none in any part: checked once. */
  get clean(): boolean {
    this.#clean ??=
      this.#redactor.size === 0 ||
      (!this.text.includes("\\") && !this.#redactor.contains(this.text));
    return this.#clean;
  }
}

function traceBody(text: string | null, redactor: Redactor, limits: Limits): TracedBody {
  if (text === null) return { text: null, truncated: false };
  return truncateUtf8(redactor.redactString(text), limits.maxTraceBodyBytes);
}

/**
 * A JSON response that held a secret in any spelling, or any escape a vendor may have spelled one
 * with, is stored as the redacted document re-serialised; other text is redacted as text.
 */
function traceResponseBody(
  body: ResponseBody | null,
  redactor: Redactor,
  limits: Limits,
): TracedBody {
  const text = body?.text ?? null;
  if (body === null || text === null || redactor.size === 0)
    return traceBody(text, redactor, limits);
  if (body.clean) return truncateUtf8(text, limits.maxTraceBodyBytes);
  const redacted = redactor.redactString(text);
  if (redacted === text && !text.includes("\\"))
    return truncateUtf8(text, limits.maxTraceBodyBytes);
  let serialised: string | null = null;
  try {
    if (!jsonTextTooDeep(text, limits.maxJsonDepth)) {
      serialised = JSON.stringify(redactor.redactJson(redactor.parseJson(text)));
    }
  } catch {
    serialised = null;
  }
  if (serialised === null) return truncateUtf8(redacted, limits.maxTraceBodyBytes);
  return traceBody(serialised, redactor, limits);
}

function requestHeadersForTrace(request: BuiltRequest, redactor: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    if (request.credentialHeaders.has(name) || isSensitiveHeaderName(name)) continue;
    setOwn(out, name, redactor.redactString(value));
  }
  return out;
}

function responseHeadersForTrace(headers: Headers, redactor: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TRACED_RESPONSE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) setOwn(out, name, redactor.redactString(value));
  }
  return out;
}

/**
 * A page URL of a tainted step without what pagination took from the hidden previous response:
 * the cursor parameter's value, or all of a next link but its origin and path.
 */
function maskedUrl(href: string, from: FromResponse): string {
  if (from === null || "bodyKey" in from) return href;
  const url = new URL(href);
  const base = `${url.origin}${url.pathname}`;
  if ("link" in from) return url.search === "" ? base : `${base}?${REDACTED}`;
  const pairs = url.search
    .slice(1)
    .split("&")
    .map((pair) => {
      const key = pair.split("=")[0] ?? "";
      let name: string | null = null;
      try {
        name = decodeURIComponent(key.replace(/\+/g, " "));
      } catch {
        name = null;
      }
      return name === from.query ? `${key}=${REDACTED}` : pair;
    });
  return `${base}?${pairs.join("&")}`;
}

/** A tainted step's request body without the cursor pagination took from the hidden response. */
function maskedBody(body: string | null, from: FromResponse): string | null {
  if (body === null || from === null || !("bodyKey" in from)) return body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!isPlainObject(parsed)) return REDACTED;
    setOwn(parsed, from.bodyKey, REDACTED);
    return JSON.stringify(parsed);
  } catch {
    return REDACTED;
  }
}

/** A paginated step's pages: each URL redacted, the first body traced like the last. */
function paginationForTrace(
  pagination: PaginationTrace,
  redactor: Redactor,
  limits: Limits,
  tainted: boolean,
): NonNullable<StepResult["pagination"]> {
  const first = tainted
    ? { text: null, truncated: false }
    : traceResponseBody(pagination.first, redactor, limits);
  return {
    pages: pagination.pages.length,
    items: pagination.items,
    truncated: pagination.truncated,
    requests: pagination.pages.map(({ from, ...page }) => ({
      ...page,
      url:
        page.url === null
          ? null
          : redactor.redactString(tainted ? maskedUrl(page.url, from) : page.url),
    })),
    firstResponseBody: first.text,
    firstResponseBodyTruncated: first.truncated,
  };
}

export type TraceFacts = {
  startedAt: number;
  /** The request carried a credential where a vendor may transform it (see engine/README.md). */
  tainted: boolean;
  /** The extracted values as shown (hidden when tainted). */
  shown: Record<string, JsonValue>;
};

export function stepTrace(
  step: Step,
  exchanged: Exchange,
  state: RunState,
  { startedAt, tainted, shown }: TraceFacts,
): StepResult {
  const { redactor, limits } = state;
  const { built, outcome, failure } = exchanged;
  const response = outcome?.response ?? null;
  // What pagination took from a hidden (tainted) response is masked in the step's own request.
  const from = tainted ? (exchanged.pagination?.last ?? null) : null;
  const requestBody = traceBody(maskedBody(built?.body ?? null, from), redactor, limits);
  // A response to a request that placed a credential where a vendor may transform it keeps no
  // body and no headers.
  const responseBody =
    tainted && response
      ? { text: null, truncated: false }
      : traceResponseBody(response ? exchanged.body : null, redactor, limits);
  return {
    id: step.id,
    outcome: failure ? "failed" : "succeeded",
    method: step.request.method,
    url: built ? redactor.redactString(maskedUrl(built.url.href, from)) : null,
    status: response?.status ?? null,
    durationMs: outcome?.durationMs ?? Math.max(0, state.now() - startedAt),
    attempts: outcome?.attempts ?? 0,
    requestHeaders: built ? requestHeadersForTrace(built, redactor) : {},
    requestBody: requestBody.text,
    requestBodyTruncated: requestBody.truncated,
    responseHeaders:
      response && !tainted ? responseHeadersForTrace(response.headers, redactor) : {},
    responseBody: responseBody.text,
    responseBodyTruncated: responseBody.truncated || (response?.bodyTruncated ?? false),
    extracted: shown,
    ...(exchanged.pagination
      ? { pagination: paginationForTrace(exchanged.pagination, redactor, limits, tainted) }
      : {}),
    ...(failure ? { error: failure } : {}),
  };
}
