// Builds the HTTP request for one step from its definition and the rendered context.
import { credentialsUsedByStep, type HttpMethod, type Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import { isForbiddenHeader } from "./headers.ts";
import type { JsonValue } from "./json.ts";
import type { Limits } from "./limits.ts";
import { DEFAULT_PLACEMENTS, type Placement } from "./placements-types.ts";
import { base64Encode, basicAuthVariants } from "./redact.ts";
import {
  type Placeholder,
  placeholdersOf,
  type RenderOptions,
  renderForm,
  renderHeaderValue,
  renderJsonValue,
  renderString,
  renderUrl,
  renderXml,
  type TemplateContext,
  tryParseTemplate,
  wholePlaceholder,
} from "./template.ts";

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
  /** Credentials that taint what this request's response yields (SPEC §7 placements). */
  responseTaint: string[];
};

/** What a credential's owner allows (SPEC §7); absent fields take the defaults. */
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

/** Where a step puts a credential: `auth` blocks in headers, or a templated position. */
export type CredentialUse = {
  name: string;
  placement: Placement | "auth";
  /** The query parameter whose whole value is the credential, when it is one. */
  param: string | null;
  /** Where in the step, for messages. */
  where: string;
};

const PLACEMENT_WORDS: Record<Placement, string> = {
  header: "a header",
  query: "a query parameter",
  path: "the URL path",
  body: "the request body",
};

function credentialPlaceholders(text: string): Placeholder[] {
  const parsed = tryParseTemplate(text);
  if (!parsed.ok) return [];
  return placeholdersOf(parsed.segments).filter((p) => p.root === "credentials");
}

/** Credential placeholders of a URL template, each in the path or the query (whole value or not). */
function urlUses(url: string): CredentialUse[] {
  const parsed = tryParseTemplate(url);
  if (!parsed.ok) return [];
  const uses: CredentialUse[] = [];
  let part: "path" | "query" | "fragment" = "path";
  const segments = parsed.segments;
  for (const [i, segment] of segments.entries()) {
    if (segment.kind === "literal") {
      for (const char of segment.text) {
        if (char === "?" && part === "path") part = "query";
        else if (char === "#") part = "fragment";
      }
      continue;
    }
    if (segment.root !== "credentials") continue;
    const name = segment.path[0] ?? "";
    if (part !== "query") {
      uses.push({ name, placement: "path", param: null, where: "request.url (path)" });
      continue;
    }
    const before = segments[i - 1];
    const after = segments[i + 1];
    const named = before?.kind === "literal" ? /[?&]([^=&#?]+)=$/.exec(before.text) : null;
    const whole = after === undefined || (after.kind === "literal" && /^[&#]/.test(after.text));
    let param: string | null = null;
    if (named?.[1] && whole) {
      try {
        param = decodeURIComponent(named[1]);
      } catch {
        param = named[1];
      }
    }
    uses.push({ name, placement: "query", param, where: "request.url (query)" });
  }
  return uses;
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

/** Every place a step puts a credential (SPEC §7 "Where a secret may be placed"). */
export function credentialUses(step: Step): CredentialUse[] {
  const { request } = step;
  const uses: CredentialUse[] = [];
  const auth = request.auth;
  if (auth?.type === "api_key" && auth.in === "query") {
    uses.push({
      name: auth.credential,
      placement: "query",
      param: auth.name,
      where: "request.auth",
    });
  } else if (auth && auth.type !== "none") {
    uses.push({ name: auth.credential, placement: "auth", param: null, where: "request.auth" });
  }
  if (auth?.type === "basic") {
    for (const p of credentialPlaceholders(auth.username)) {
      uses.push({
        name: p.path[0] ?? "",
        placement: "header",
        param: null,
        where: "request.auth.username",
      });
    }
  }
  uses.push(...urlUses(request.url));
  for (const [name, template] of Object.entries(request.headers ?? {})) {
    for (const p of credentialPlaceholders(template)) {
      uses.push({
        name: p.path[0] ?? "",
        placement: "header",
        param: null,
        where: `request.headers.${name}`,
      });
    }
  }
  for (const [name, template] of Object.entries(request.query ?? {})) {
    const parsed = tryParseTemplate(template);
    const whole = parsed.ok ? wholePlaceholder(parsed.segments) : null;
    for (const p of credentialPlaceholders(template)) {
      uses.push({
        name: p.path[0] ?? "",
        placement: "query",
        param: whole === p ? name : null,
        where: `request.query.${name}`,
      });
    }
  }
  for (const text of bodyTexts(step)) {
    for (const p of credentialPlaceholders(text)) {
      uses.push({ name: p.path[0] ?? "", placement: "body", param: null, where: "request.body" });
    }
  }
  return uses;
}

/** Whether a use is allowed by the credential's rule, and whether it taints the response. */
export function judgeUse(
  use: CredentialUse,
  rule: CredentialRule | undefined,
): { allowed: boolean; taints: boolean } {
  if (use.placement === "auth") return { allowed: true, taints: false };
  const queryParam = rule?.queryParam ?? null;
  if (use.placement === "query" && use.param !== null && use.param === queryParam) {
    return { allowed: true, taints: false };
  }
  const placements = rule?.placements ?? DEFAULT_PLACEMENTS;
  return { allowed: placements.includes(use.placement), taints: use.placement !== "header" };
}

/** Step ids whose extracted values (not `status`) a step's templates read. */
export function stepsReadBy(step: Step): string[] {
  const texts: string[] = [step.request.url];
  texts.push(...Object.values(step.request.headers ?? {}));
  texts.push(...Object.values(step.request.query ?? {}));
  if (step.request.auth?.type === "basic") texts.push(step.request.auth.username);
  texts.push(...bodyTexts(step));
  const ids = new Set<string>();
  for (const text of texts) {
    const parsed = tryParseTemplate(text);
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
  if (!Object.isFrozen(step)) return { uses: credentialUses(step), reads: stepsReadBy(step) };
  let analysis = analyses.get(step);
  if (!analysis) {
    analysis = { uses: credentialUses(step), reads: stepsReadBy(step) };
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
    const verdict = judgeUse(use, security?.rules?.get(use.name));
    if (!verdict.allowed) {
      const placement = use.placement === "auth" ? "header" : use.placement;
      throw new StepError(
        "blocked",
        `credential "${use.name}" may not be placed in ${PLACEMENT_WORDS[placement]} (${use.where}); its owner has not allowed "${placement}"`,
      );
    }
    if (verdict.taints) responseTaint.add(use.name);
  }
  return { taintedBy: [...taintedBy], responseTaint: [...responseTaint] };
}

function usesCredential(template: string): boolean {
  const parsed = tryParseTemplate(template);
  return parsed.ok && placeholdersOf(parsed.segments).some((p) => p.root === "credentials");
}

function secret(ctx: TemplateContext, name: string): string {
  if (!Object.hasOwn(ctx.credentials, name)) {
    throw new StepError("credential_error", `credential "${name}" is not available`);
  }
  return ctx.credentials[name] ?? "";
}

function headerSafeSecret(ctx: TemplateContext, name: string): string {
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
  ctx: TemplateContext,
  limits?: Pick<Limits, "maxTemplateOutputBytes">,
  security?: BuildSecurity,
): BuiltRequest {
  const { taintedBy, responseTaint } = placementTaint(step, security);
  const options: RenderOptions = { maxOutputBytes: limits?.maxTemplateOutputBytes };
  const { request } = step;
  const credentialHeaders = new Set<string>();
  const credentialQueryParams = new Set<string>();
  const redactions: string[] = [];

  const url = renderUrl(request.url, ctx, options);
  const query: [string, string][] = [];
  for (const [name, template] of Object.entries(request.query ?? {})) {
    query.push([name, renderString(template, ctx, options)]);
    if (usesCredential(template)) credentialQueryParams.add(name);
  }

  const headers = new Headers();
  for (const [name, template] of Object.entries(request.headers ?? {})) {
    if (isForbiddenHeader(name)) {
      throw new StepError("template_error", `the ${name} header is set by the transport`);
    }
    headers.set(name, renderHeaderValue(template, ctx, options));
    if (usesCredential(template)) credentialHeaders.add(name.toLowerCase());
  }

  const auth = request.auth;
  if (auth?.type === "bearer") {
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
