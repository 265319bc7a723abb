// Builds the HTTP request for one step from its definition and the rendered context.
import { credentialsUsedByStep, type HttpMethod, type Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import { isForbiddenHeader } from "./headers.ts";
import {
  type InterpolationContext,
  placeholdersOf,
  type RenderOptions,
  renderForm,
  renderHeaderValue,
  renderJsonValue,
  renderString,
  renderXml,
  tryParseInterpolation,
} from "./interpolate.ts";
import { renderUrl } from "./interpolate-url.ts";
import type { JsonValue } from "./json.ts";
import type { Limits } from "./limits.ts";
import {
  type CredentialUse,
  DEFAULT_PLACEMENTS,
  type Placement,
  type PlacementRules,
  stepCredentialUses,
  useAllowed,
} from "./placements.ts";
import { base64Encode, basicAuthVariants } from "./redact.ts";

export const USER_AGENT = "Connectors/1.0";

export type BuiltRequest = {
  method: HttpMethod;
  url: URL;
  headers: Headers;
  body: string | null;
  /** Lower-case names of headers that carry a credential (dropped on cross-origin redirects). */
  credentialHeaders: Set<string>;
  /** Query parameters that carry a credential (dropped on cross-origin redirects). */
  credentialQueryParams: Set<string>;
  /** Credential names the request uses: each one's allowedHosts binds every hop. */
  credentials: string[];
  /** Extra exact strings to redact, such as Basic auth's combined form. */
  redactions: string[];
  /** Credentials whose tainted values the request carries: each one's allowedHosts binds it. */
  taintedBy: string[];
  /** Credentials that taint what this request's response yields (docs/SECURITY.md placements). */
  responseTaint: string[];
};

/** What a credential's owner allows (docs/SECURITY.md); absent fields take the defaults. */
export type CredentialRule = {
  placements?: readonly Placement[];
  queryParam?: string | null;
};

export type BuildSecurity = {
  /** Placement rules by credential name; a credential with none gets the defaults. */
  rules?: ReadonlyMap<string, CredentialRule>;
  /** The credentials tainting a step's extracted values, by step id. */
  taintOf?: (stepId: string) => readonly string[] | undefined;
};

const PLACEMENT_WORDS: Record<Placement, string> = {
  header: "a header",
  query: "a query parameter",
  path: "the URL path",
  body: "the request body",
};

/** Whether a use is allowed by the credential's rule, and whether it taints the response. */
function judgeUse(
  use: CredentialUse,
  rule: CredentialRule | undefined,
): { allowed: boolean; taints: boolean } {
  const rules: PlacementRules = {
    placements: rule?.placements ?? DEFAULT_PLACEMENTS,
    queryParam: rule?.queryParam ?? null,
  };
  if (!useAllowed(use, rules)) return { allowed: false, taints: false };
  const pinned =
    use.position === "query" && use.pinnable !== null && use.pinnable === rules.queryParam;
  return {
    allowed: true,
    taints:
      use.position === "path" || use.position === "body" || (use.position === "query" && !pinned),
  };
}

function bodyTexts(step: Step): string[] {
  const body = step.request.body;
  if (!body) return [];
  if (body.type === "form") return Object.values(body.value);
  if (body.type === "xml" || body.type === "raw") return [body.value];
  const out: string[] = [];
  const walk = (value: JsonValue) => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === "object")
      for (const item of Object.values(value)) walk(item);
  };
  walk(body.value);
  return out;
}

/** Step ids whose extracted values (not `status`) a step's strings read. */
export function stepsReadBy(step: Step): string[] {
  const texts: string[] = [step.request.url];
  texts.push(...Object.values(step.request.headers ?? {}));
  texts.push(...Object.values(step.request.query ?? {}));
  if (step.request.auth?.type === "basic") texts.push(step.request.auth.username);
  texts.push(...bodyTexts(step));
  const ids = new Set<string>();
  for (const text of texts) {
    const parsed = tryParseInterpolation(text);
    if (!parsed.ok) continue;
    for (const p of placeholdersOf(parsed.segments)) {
      if (p.root === "steps" && p.path[1] !== "status" && p.path[0]) ids.add(p.path[0]);
    }
  }
  return [...ids];
}

type StepAnalysis = { uses: readonly CredentialUse[]; reads: readonly string[] };
const analyses = new WeakMap<Step, StepAnalysis>();

function analyse(step: Step): StepAnalysis {
  if (!Object.isFrozen(step)) {
    return { uses: stepCredentialUses(step, 0), reads: stepsReadBy(step) };
  }
  let analysis = analyses.get(step);
  if (!analysis) {
    analysis = { uses: stepCredentialUses(step, 0), reads: stepsReadBy(step) };
    analyses.set(step, analysis);
  }
  return analysis;
}

/** Refuses placements the credentials' owners do not allow; returns the taint in and out. */
function placementTaint(
  step: Step,
  security: BuildSecurity | undefined,
): { taintedBy: string[]; responseTaint: string[] } {
  const { uses, reads } = analyse(step);
  const taintedBy = new Set<string>();
  for (const id of reads) for (const name of security?.taintOf?.(id) ?? []) taintedBy.add(name);
  const responseTaint = new Set(taintedBy);
  for (const use of uses) {
    const verdict = judgeUse(use, security?.rules?.get(use.credential));
    if (!verdict.allowed) {
      const placement = use.position === "auth" ? "header" : use.position;
      throw new StepError(
        "blocked",
        `credential "${use.credential}" may not be placed in ${PLACEMENT_WORDS[placement]} (${use.source}); its owner has not allowed it`,
      );
    }
    if (verdict.taints) responseTaint.add(use.credential);
  }
  return { taintedBy: [...taintedBy], responseTaint: [...responseTaint] };
}

function usesCredential(text: string): boolean {
  const parsed = tryParseInterpolation(text);
  return parsed.ok && placeholdersOf(parsed.segments).some((p) => p.root === "credentials");
}

function secret(ctx: InterpolationContext, name: string): string {
  if (!Object.hasOwn(ctx.credentials, name)) {
    throw new StepError("credential_error", `credential "${name}" is not available`);
  }
  return ctx.credentials[name] ?? "";
}

function headerSafeSecret(ctx: InterpolationContext, name: string): string {
  const value = secret(ctx, name);
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new StepError("credential_error", `credential "${name}" cannot be sent in a header`);
  }
  return value;
}

function appendQuery(url: URL, pairs: [string, string][]): void {
  if (pairs.length === 0) return;
  const extra = new URLSearchParams(pairs).toString();
  url.search = url.search.length > 1 ? `${url.search}&${extra}` : `?${extra}`;
}

// A frozen step (a cached, shared definition) cannot change: what it uses is worked out once.
const credentialsByStep = new WeakMap<Step, readonly string[]>();

function credentialsOf(step: Step): string[] {
  if (!Object.isFrozen(step)) return [...credentialsUsedByStep(step)];
  let names = credentialsByStep.get(step);
  if (!names) {
    names = [...credentialsUsedByStep(step)];
    credentialsByStep.set(step, names);
  }
  return [...names];
}

/** Renders a step into a request. Throws StepError (template_error, credential_error, blocked). */
export function buildRequest(
  step: Step,
  ctx: InterpolationContext,
  limits?: Pick<Limits, "maxRenderedBytes">,
  security?: BuildSecurity,
): BuiltRequest {
  const { taintedBy, responseTaint } = placementTaint(step, security);
  const options: RenderOptions = { maxOutputBytes: limits?.maxRenderedBytes };
  const { request } = step;
  const credentialHeaders = new Set<string>();
  const credentialQueryParams = new Set<string>();
  const redactions: string[] = [];

  const url = renderUrl(request.url, ctx, options);
  const query: [string, string][] = [];
  for (const [name, text] of Object.entries(request.query ?? {})) {
    query.push([name, renderString(text, ctx, options)]);
    if (usesCredential(text)) credentialQueryParams.add(name);
  }

  const headers = new Headers();
  for (const [name, text] of Object.entries(request.headers ?? {})) {
    if (isForbiddenHeader(name)) {
      throw new StepError("template_error", `the ${name} header is set by the transport`);
    }
    headers.set(name, renderHeaderValue(text, ctx, options));
    if (usesCredential(text)) credentialHeaders.add(name.toLowerCase());
  }

  const auth = request.auth;
  if (auth?.type === "bearer" || auth?.type === "oauth2") {
    headers.set("Authorization", `Bearer ${headerSafeSecret(ctx, auth.credential)}`);
    credentialHeaders.add("authorization");
  } else if (auth?.type === "basic") {
    const username = renderString(auth.username, ctx, options);
    if (username.includes(":")) {
      throw new StepError("template_error", "a Basic auth username may not contain ':'");
    }
    const value = secret(ctx, auth.credential);
    headers.set("Authorization", `Basic ${base64Encode(`${username}:${value}`)}`);
    credentialHeaders.add("authorization");
    redactions.push(...basicAuthVariants(username, value));
  } else if (auth?.type === "api_key") {
    if (auth.in === "header") {
      if (isForbiddenHeader(auth.name)) {
        throw new StepError("template_error", `the ${auth.name} header is set by the transport`);
      }
      headers.set(auth.name, headerSafeSecret(ctx, auth.credential));
      credentialHeaders.add(auth.name.toLowerCase());
    } else {
      query.push([auth.name, secret(ctx, auth.credential)]);
      credentialQueryParams.add(auth.name);
    }
  }
  appendQuery(url, query);

  let body: string | null = null;
  let contentType: string | null = null;
  const spec = request.body;
  if (spec && (request.method === "GET" || request.method === "HEAD")) {
    throw new StepError("template_error", `a ${request.method} request cannot have a body`);
  }
  if (spec?.type === "json") {
    body = JSON.stringify(renderJsonValue(spec.value, ctx, options));
    contentType = "application/json";
  } else if (spec?.type === "form") {
    body = renderForm(spec.value, ctx, options);
    contentType = "application/x-www-form-urlencoded";
  } else if (spec?.type === "xml") {
    body = renderXml(spec.value, ctx, options);
    contentType = "application/xml";
  } else if (spec?.type === "raw") {
    body = renderString(spec.value, ctx, options);
    contentType = spec.contentType;
  }
  if (contentType && !headers.has("content-type")) headers.set("Content-Type", contentType);
  if (!headers.has("user-agent")) headers.set("User-Agent", USER_AGENT);

  return {
    method: request.method,
    url,
    headers,
    body,
    credentialHeaders,
    credentialQueryParams,
    credentials: credentialsOf(step),
    redactions,
    taintedBy,
    responseTaint,
  };
}
