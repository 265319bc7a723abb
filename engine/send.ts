// Sends one step's request (engine/README.md, docs/SECURITY.md): per-attempt timeout, manual
// redirects with every hop re-checked by the outbound guard and the credential host binding, a
// capped streaming read and the retry policy. Clock, sleep, randomness and fetch are injected, so
// each runtime brings its own fetch and tests never wait on wall time for backoff.
import { StepError } from "./errors.ts";
import { hostMatches } from "./hosts.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import { checkUrl, isAllowListed, type OutboundPolicy } from "./outbound.ts";
import type { BuiltRequest } from "./request.ts";

export type FetchInit = {
  method: string;
  headers: Headers;
  body?: string | null;
  redirect: "manual";
  signal: AbortSignal;
};
/** The global `fetch` satisfies this; Node callers pass `createNodeFetch()`. */
export type FetchLike = (url: string, init: FetchInit) => Promise<Response>;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type SendDeps = {
  fetch: FetchLike;
  policy: OutboundPolicy;
  /** allowedHosts of each credential the request uses; a missing entry fails closed. */
  credentialHosts: ReadonlyMap<string, readonly string[]>;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
  limits?: Partial<Limits>;
  /** deps.now() value after which no attempt starts and no retry waits (execution budget). */
  deadline?: number;
  /**
   * Whether text holds a credential value (any spelling); such headers/params are dropped
   * cross-origin.
   */
  containsSecret?: (text: string) => boolean;
  /**
   * Adds to `into` the credentials some spelling of which (or of a value they taint) `text` holds.
   */
  secretsIn?: (text: string, into: Set<string>) => void;
};

export type SendOptions = { timeoutMs: number; retry: boolean };

export type HttpResponse = {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  /** The body was cut at the read cap (only ever for non-2xx responses kept for the trace). */
  bodyTruncated: boolean;
  url: string;
};

export type SendOutcome = {
  attempts: number;
  durationMs: number;
  response: HttpResponse | null;
  error: StepError | null;
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ALWAYS_RETRY_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause
      ? String((cause as { code: unknown }).code)
      : null;
  if (code) return `connection failed (${code})`;
  if (cause instanceof Error) return `connection failed: ${cause.message}`;
  return error instanceof Error ? `connection failed: ${error.message}` : "connection failed";
}

function classify(error: unknown, signal: AbortSignal): StepError {
  if (error instanceof StepError) return error;
  if (signal.aborted && signal.reason instanceof StepError) return signal.reason;
  return new StepError("network_error", networkMessage(error));
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already closed or errored: nothing to release.
  }
}

/** Reads at most `cap` bytes. Past it: throws response_too_large, or truncates when `truncate`. */
export async function readCapped(
  response: Response,
  cap: number,
  signal: AbortSignal,
  truncate: boolean,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  const tooLarge = () => new StepError("response_too_large", `response body exceeds ${cap} bytes`);
  const declared = Number(response.headers.get("content-length") ?? "");
  if (!truncate && Number.isFinite(declared) && declared > cap) {
    await discard(response);
    throw tooLarge();
  }
  if (!response.body) return { body: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  try {
    while (true) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      if (total + value.byteLength > cap) {
        if (!truncate) throw tooLarge();
        chunks.push(value.subarray(0, cap - total));
        total = cap;
        truncated = true;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (truncated) reader.cancel().catch(() => {});
  // A body that came in one chunk (most small JSON answers) is that chunk: no copy.
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only !== undefined && only.byteLength === total) return { body: only, truncated };
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, truncated };
}

const BASIC = /^\s*basic\s+([A-Za-z0-9+/_-]+=*)\s*$/i;
const utf8 = new TextDecoder();

function basicPlain(value: string): string | null {
  const match = BASIC.exec(value);
  if (!match?.[1]) return null;
  try {
    const binary = atob(match[1].replace(/-/g, "+").replace(/_/g, "/"));
    return utf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** Credentials the hop carries: by use, by taint, and by any spelling found in what it sends. */
function credentialsCarried(hop: Hop, request: BuiltRequest, deps: SendDeps): Set<string> {
  const carried = new Set<string>(request.credentials);
  for (const name of request.taintedBy) carried.add(name);
  const scan = deps.secretsIn;
  if (scan) {
    scan(hop.url.href, carried);
    for (const [, value] of hop.headers) {
      scan(value, carried);
      const plain = basicPlain(value);
      if (plain !== null) scan(plain, carried);
    }
    if (hop.body !== null) scan(hop.body, carried);
  }
  carried.delete("");
  return carried;
}

function checkHop(hop: Hop, request: BuiltRequest, deps: SendDeps): void {
  const { url } = hop;
  const guard = checkUrl(url, deps.policy);
  if (!guard.ok)
    throw new StepError("blocked", `outbound guard refused the request: ${guard.reason}`);
  const carried = credentialsCarried(hop, request, deps);
  if (carried.size === 0) return;
  for (const name of carried) {
    const hosts = deps.credentialHosts.get(name);
    if (!hosts || !hostMatches(hosts, url)) {
      throw new StepError(
        "blocked",
        `credential "${name}" may not be sent to ${url.host} (not in its allowedHosts)`,
      );
    }
  }
  if (url.protocol !== "https:" && !isAllowListed(deps.policy, url)) {
    throw new StepError(
      "blocked",
      `a request carrying credential "${[...carried][0]}" must use https (${url.host} is not in OUTBOUND_ALLOW_HOSTS)`,
    );
  }
}

type Hop = { method: string; url: URL; headers: Headers; body: string | null };

function followRedirect(
  hop: Hop,
  status: number,
  location: string,
  request: BuiltRequest,
  deps: SendDeps,
): Hop {
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    throw new StepError("http_error", `HTTP ${status} redirect to an invalid location`);
  }
  const headers = new Headers(hop.headers);
  if (next.origin !== hop.url.origin) {
    const containsSecret = deps.containsSecret ?? (() => false);
    for (const [name, value] of [...headers]) {
      if (
        name === "authorization" ||
        name === "cookie" ||
        request.credentialHeaders.has(name) ||
        containsSecret(value)
      ) {
        headers.delete(name);
      }
    }
    for (const [name, value] of [...next.searchParams]) {
      if (request.credentialQueryParams.has(name) || containsSecret(value)) {
        next.searchParams.delete(name);
      }
    }
  }
  let { method, body } = hop;
  if (
    (status === 303 && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST")
  ) {
    method = "GET";
    body = null;
    headers.delete("content-type");
  }
  return { method, url: next, headers, body };
}

type AttemptResult = { response: HttpResponse; error: null } | { response: null; error: StepError };

async function attempt(
  request: BuiltRequest,
  deps: SendDeps,
  limits: Limits,
  timeoutMs: number,
): Promise<AttemptResult> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new StepError("timeout", `no complete response within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onCancel = () =>
    controller.abort(new StepError("cancelled", "the execution was cancelled"));
  if (deps.signal?.aborted) onCancel();
  deps.signal?.addEventListener("abort", onCancel, { once: true });
  // Not copied: fetch does not change the headers it is given, and a redirect copies them.
  let hop: Hop = {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    body: request.body,
  };
  try {
    for (let redirects = 0; ; redirects++) {
      checkHop(hop, request, deps);
      if (controller.signal.aborted) throw controller.signal.reason;
      const response = await deps.fetch(hop.url.href, {
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        redirect: "manual",
        signal: controller.signal,
      });
      const location = response.headers.get("location");
      if (REDIRECT_STATUSES.has(response.status) && location !== null) {
        await discard(response);
        if (redirects >= limits.maxRedirects) {
          throw new StepError("http_error", `more than ${limits.maxRedirects} redirects`);
        }
        hop = followRedirect(hop, response.status, location, request, deps);
        continue;
      }
      const success = response.status >= 200 && response.status < 300;
      const read =
        hop.method === "HEAD"
          ? { body: new Uint8Array(0), truncated: false }
          : await readCapped(response, limits.maxResponseBytes, controller.signal, !success);
      return {
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          body: read.body,
          bodyTruncated: read.truncated,
          url: hop.url.href,
        },
        error: null,
      };
    }
  } catch (error) {
    return { response: null, error: classify(error, controller.signal) };
  } finally {
    clearTimeout(timer);
    deps.signal?.removeEventListener("abort", onCancel);
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function retryable(method: string, result: AttemptResult): boolean {
  if (result.response) {
    const { status } = result.response;
    return ALWAYS_RETRY_STATUSES.has(status) || (status === 500 && IDEMPOTENT.has(method));
  }
  if (result.error.kind === "network_error") return true;
  return result.error.kind === "timeout" && IDEMPOTENT.has(method);
}

/** Sends a built request; never throws: every failure ends as a StepError kind in the outcome. */
export async function send(
  request: BuiltRequest,
  options: SendOptions,
  deps: SendDeps,
): Promise<SendOutcome> {
  const limits = resolveLimits(deps.limits);
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const started = now();
  const deadline = deps.deadline ?? Number.POSITIVE_INFINITY;
  const finish = (attempts: number, result: AttemptResult | null, error: StepError | null) => ({
    attempts,
    durationMs: Math.max(0, now() - started),
    response: result?.response ?? null,
    error,
  });

  let last: AttemptResult | null = null;
  for (let attempts = 1; ; attempts++) {
    if (deps.signal?.aborted) {
      return finish(attempts - 1, last, new StepError("cancelled", "the execution was cancelled"));
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      return finish(
        attempts - 1,
        last,
        new StepError("timeout", "the execution's time budget ran out"),
      );
    }
    const result = await attempt(request, deps, limits, Math.min(options.timeoutMs, remaining));
    last = result;
    const status = result.response?.status ?? 0;
    if (result.response && status >= 200 && status < 300) return finish(attempts, result, null);
    const error =
      result.error ??
      new StepError(
        "http_error",
        `HTTP ${status}${result.response?.statusText ? ` ${result.response.statusText}` : ""}`,
      );
    if (!options.retry || attempts >= limits.maxAttempts || !retryable(request.method, result)) {
      return finish(attempts, result, error);
    }
    const retryAfter = parseRetryAfter(result.response?.headers.get("retry-after") ?? null, now());
    const backoff = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** (attempts - 1));
    const delay =
      retryAfter !== null
        ? Math.min(retryAfter, limits.maxRetryAfterMs)
        : backoff / 2 + random() * (backoff / 2);
    if (now() + delay >= deadline) return finish(attempts, result, error);
    try {
      await sleep(delay, deps.signal);
    } catch {
      return finish(attempts, result, new StepError("cancelled", "the execution was cancelled"));
    }
  }
}
