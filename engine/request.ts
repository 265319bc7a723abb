// Builds the HTTP request for one step from its definition and the rendered context.
import { credentialsUsedByStep, type HttpMethod, type Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import { isForbiddenHeader } from "./headers.ts";
import type { Limits } from "./limits.ts";
import { base64Encode, basicAuthVariants } from "./redact.ts";
import {
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
};

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
): BuiltRequest {
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
  };
}
