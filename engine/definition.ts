// The connector definition (engine/README.md): its zod shape and the static check run at save and
// install time, which answers every problem with the JSON path of the offending value.
import { z } from "zod";
import type { DefinitionProblem } from "./errors.ts";
import { HEADER_NAME_PATTERN, isForbiddenHeader } from "./headers.ts";
import { hostMatches, labelHostCovered } from "./hosts.ts";
import { checkInputSchema } from "./input-schema.ts";
import {
  CREDENTIAL_NAME_PATTERN,
  type InterpolationSegment,
  type Placeholder,
  placeholdersOf,
  STEP_ID_PATTERN,
  tryParseInterpolation,
} from "./interpolate.ts";
import { analyzeUrlShape } from "./interpolate-url.ts";
import { isJsonValue, isPlainObject, type JsonValue, PROTOTYPE_KEYS } from "./json.ts";
import { compileJsonPath } from "./jsonpath.ts";
import { DEFAULT_LIMITS, type Limits, resolveLimits } from "./limits.ts";
import { checkUrl, effectivePort, type OutboundPolicy } from "./outbound.ts";
import { checkPaginate } from "./paginate-check.ts";
import { formatPath, type PathSegment } from "./path.ts";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export const EXTRACT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
export const FIELD_MAPPING_KEY_PATTERN =
  /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

const notPrototypeKey = (key: string) => key.split(".").every((part) => !PROTOTYPE_KEYS.has(part));
const InterpolatedText = z.string().max(65_536);
const CredentialName = z
  .string()
  .regex(CREDENTIAL_NAME_PATTERN, "a credential name is [a-z][a-z0-9_]{0,62}");
/** Any JSON value; piped from `unknown` so a JSON Schema generator describes it as such. */
export const JsonValueSchema = z
  .unknown()
  .pipe(z.custom<JsonValue>((value) => isJsonValue(value), "must be a JSON value"));

export const StepAuthSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("none") }),
    z.strictObject({ type: z.literal("bearer"), credential: CredentialName }),
    z.strictObject({ type: z.literal("oauth2"), credential: CredentialName }),
    z.strictObject({
      type: z.literal("api_key"),
      credential: CredentialName,
      in: z.enum(["header", "query"]),
      name: z.string().min(1).max(256),
    }),
    z.strictObject({
      type: z.literal("basic"),
      username: InterpolatedText.max(1024),
      credential: CredentialName,
    }),
  ])
  .meta({
    id: "StepAuth",
    description:
      "How the step authenticates: `none`, `bearer`, `oauth2` (`Bearer <access token>` of an OAuth " +
      "2.0 credential, refreshed when it expires within 60 s), `api_key` (in a header or the query, " +
      "under `name`) or `basic` (an interpolated username and the credential as password). " +
      "`credential` names a workspace credential; its value is never stored in a trace.",
    example: { type: "bearer", credential: "example_token" },
  });

export const StepBodySchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("json"), value: JsonValueSchema }),
    z.strictObject({
      type: z.literal("form"),
      value: z.record(z.string().min(1).max(1024), InterpolatedText),
    }),
    z.strictObject({ type: z.literal("xml"), value: z.string().max(1024 * 1024) }),
    z.strictObject({
      type: z.literal("raw"),
      value: z.string().max(1024 * 1024),
      contentType: z.string().min(1).max(256),
    }),
  ])
  .meta({
    id: "StepBody",
    description:
      "The request body: `json` (placeholders that are a whole string keep the value's JSON type), " +
      "`form` (form-encoded), `xml` (values XML-escaped) or `raw` with its content type.",
    example: { type: "json", value: { tag: "crm", score: "{{input.score}}" } },
  });

export const StepRequestSchema = z
  .strictObject({
    method: z.enum(HTTP_METHODS).meta({ example: "GET" }),
    url: z.string().min(1).max(8192).meta({
      description: "Interpolated; only a single leading subdomain label may be a placeholder.",
      example: "https://api.example.com/v1/people?email={{input.email}}",
    }),
    headers: z
      .record(z.string(), InterpolatedText.max(8192))
      .optional()
      .meta({
        description: "Header name → interpolated value.",
        example: { Accept: "application/json" },
      }),
    query: z
      .record(z.string().min(1).max(1024), InterpolatedText.max(8192))
      .optional()
      .meta({ description: "Query parameter name → interpolated value, added to the URL's own." }),
    auth: StepAuthSchema.optional(),
    body: StepBodySchema.optional(),
    timeoutMs: z.number().int().positive().optional().meta({
      description: "Per attempt; 10,000 when absent, at most 60,000 by default.",
      example: 10000,
    }),
  })
  .meta({
    id: "StepRequest",
    description:
      "The HTTP request a step sends. `url`, header, query and body values interpolate `{{ }}` " +
      "placeholders (roots `input`, `credentials`, `steps.<id>.<name>`, `contact`, " +
      "`execution`); the URL's scheme, host and port are literal. `timeoutMs` defaults to 10 s, " +
      "at most 60 s.",
    example: {
      method: "GET",
      url: "https://api.example.com/v1/people?email={{input.email}}",
      headers: { Accept: "application/json" },
      auth: { type: "bearer", credential: "example_token" },
      timeoutMs: 10000,
    },
  });

/** Pagination's hard caps (SPEC §10); a definition may ask for less, never more. */
export const PAGINATION_CAPS = {
  maxPages: 100,
  maxItems: 10_000,
  /** Response bytes read across all pages of one step. */
  maxBytes: 10 * 1024 * 1024,
} as const;
export const PAGINATION_DEFAULTS = { maxPages: 10, maxItems: 1000, onLimit: "truncate" } as const;

const JsonPathText = z.string().min(1).max(1024);
const ParamName = z.string().min(1).max(256);
const paginateCommon = {
  itemsPath: JsonPathText.meta({
    description: "JSONPath to the page's items (an array, or the values the path selects).",
    example: "$.items",
  }),
  maxPages: z
    .number()
    .int()
    .min(1)
    .max(PAGINATION_CAPS.maxPages)
    .optional()
    .meta({ description: "At most 100; 10 when absent." }),
  maxItems: z
    .number()
    .int()
    .min(1)
    .max(PAGINATION_CAPS.maxItems)
    .optional()
    .meta({ description: "At most 10,000; 1,000 when absent." }),
  onLimit: z
    .enum(["truncate", "fail"])
    .optional()
    .meta({
      description:
        "At a cap: `truncate` (default) succeeds with `truncated: true`; `fail` fails the step " +
        "with `limit_exceeded`.",
    }),
};
const PageSize = z.number().int().min(1).max(PAGINATION_CAPS.maxItems);

export const PaginateSchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("cursor"),
      cursorPath: JsonPathText.meta({ example: "$.paging.next.after" }),
      param: ParamName.meta({ example: "after" }),
      in: z.enum(["query", "body"]).optional().meta({ description: "`query` when absent." }),
      pageSize: PageSize.optional(),
      ...paginateCommon,
    }),
    z.strictObject({
      type: z.literal("nextUrl"),
      nextUrlPath: JsonPathText.meta({ example: "$['@odata.nextLink']" }),
      pageSize: PageSize.optional(),
      ...paginateCommon,
    }),
    z.strictObject({
      type: z.literal("linkHeader"),
      pageSize: PageSize.optional(),
      ...paginateCommon,
    }),
    z.strictObject({
      type: z.literal("offset"),
      offsetParam: ParamName.meta({ example: "offset" }),
      limitParam: ParamName.meta({ example: "limit" }),
      pageSize: PageSize,
      ...paginateCommon,
    }),
    z.strictObject({
      type: z.literal("page"),
      pageParam: ParamName.meta({ example: "page" }),
      start: z
        .number()
        .int()
        .min(0)
        .max(1_000_000)
        .optional()
        .meta({ description: "1 when absent." }),
      pageSizeParam: ParamName.optional().meta({
        description: "The query parameter that carries `pageSize`, if the API takes one.",
      }),
      pageSize: PageSize,
      ...paginateCommon,
    }),
  ])
  .meta({
    id: "Paginate",
    description:
      "Follows a paginated list (SPEC §10): `cursor` (the next cursor at `cursorPath`, sent as " +
      "`param` in the query or the JSON body), `nextUrl` (a next link at `nextUrlPath`, same origin " +
      'only), `linkHeader` (RFC 8288 `rel="next"`), `offset` and `page`. Stops at an empty cursor ' +
      "or link, a page shorter than `pageSize`, or a cap (`maxPages` ≤ 100, `maxItems` ≤ 10,000, " +
      "10 MiB read across pages, no page started 120 s after the step began): then `truncated: " +
      'true`, or `limit_exceeded` with `onLimit: "fail"`. Every page is its own guarded, ' +
      "host-bound, retried request; a next link on another origin fails the step `blocked`. The " +
      "step's `extract` then reads `{items, pages, truncated, last}` (`last`: the last page's body).",
    example: { type: "cursor", cursorPath: "$.next", param: "cursor", itemsPath: "$.items" },
  });

export type Paginate = z.infer<typeof PaginateSchema>;

export const StepSchema = z
  .strictObject({
    id: z
      .string()
      .regex(STEP_ID_PATTERN, "a step id is [a-zA-Z_][a-zA-Z0-9_]{0,62}")
      .refine(notPrototypeKey, "__proto__, constructor and prototype are reserved")
      .meta({ description: "Unique in the definition; later steps refer to it.", example: "find" }),
    request: StepRequestSchema,
    extract: z
      .record(
        z
          .string()
          .regex(EXTRACT_NAME_PATTERN, "an extracted name is [A-Za-z_][A-Za-z0-9_]{0,62}")
          .refine(notPrototypeKey, "__proto__, constructor and prototype are reserved")
          .refine((name) => name !== "status", '"status" is reserved for the step\'s HTTP status'),
        z.string().min(1),
      )
      .optional()
      .meta({
        description: "Name → JSONPath over the JSON response (`status` is reserved).",
        example: { personId: "$.results[0].id", company: "$.results[0].company.name" },
      }),
    onError: z
      .enum(["fail", "continue"])
      .optional()
      .meta({ description: "`fail` when absent.", example: "fail" }),
    retry: z
      .boolean()
      .optional()
      .meta({ description: "`false` turns off retries of transient failures." }),
    paginate: PaginateSchema.optional(),
  })
  .meta({
    id: "Step",
    description:
      "One request of a connector. `extract` names JSONPath (RFC 9535) expressions over the JSON " +
      "response; later steps and the field mapping read them as `{{steps.<id>.<name>}}`. " +
      "`onError`: `fail` (default) ends the execution, `continue` records the failure and goes on. " +
      "`retry: false` turns off retries of transient failures.",
  });

export const ConnectorDefinitionSchema = z
  .strictObject({
    input: z
      .record(z.string(), JsonValueSchema)
      .optional()
      .meta({
        description: "A JSON Schema the execution's input must satisfy; absent: any object.",
        example: { type: "object", required: ["email"], properties: { email: { type: "string" } } },
      }),
    steps: z
      .array(StepSchema)
      .min(1, "a connector needs at least one step")
      .meta({ description: "Run in order; at most 20 by default." }),
    fieldMapping: z
      .record(
        z
          .string()
          .regex(FIELD_MAPPING_KEY_PATTERN, "a contact field is name or custom_fields.name")
          .refine(notPrototypeKey, "prototype keys cannot be mapped"),
        InterpolatedText.max(8192),
      )
      .optional()
      .meta({
        description:
          "Contact field (`name` or `custom_fields.name`) → interpolated value, written onto the contact " +
          "once the execution succeeds.",
        example: { company: "{{steps.find.company}}" },
      }),
  })
  .meta({
    id: "ConnectorDefinition",
    description:
      "Steps, an optional input JSON Schema and a field mapping (see engine/README.md). Checked at " +
      "save time: problems answer 422 `invalid_definition` with the JSON path of each — also an " +
      "input schema whose `pattern`, `patternProperties` key or `format: regex` value can " +
      "backtrack catastrophically, or whose `anyOf`/`oneOf`/`allOf`/`$ref` fan-out exceeds 1,000 " +
      "evaluation paths.",
  });

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type StepAuth = z.infer<typeof StepAuthSchema>;
export type StepBody = z.infer<typeof StepBodySchema>;
export type StepRequest = z.infer<typeof StepRequestSchema>;
export type Step = z.infer<typeof StepSchema>;
export type ConnectorDefinition = z.infer<typeof ConnectorDefinitionSchema>;

export type ValidationContext = {
  /** The workspace's credential names; null/undefined skips the existence check. */
  credentialNames?: ReadonlySet<string> | null;
  /** Credential name → allowedHosts; a step URL must be covered for each credential it uses. */
  credentialHosts?: ReadonlyMap<string, readonly string[]> | null;
  /** Save-time checks use the same outbound rules as run time. */
  outbound: OutboundPolicy;
  limits?: Partial<Limits>;
};

export type DefinitionValidation =
  | { ok: true; definition: ConnectorDefinition }
  | { ok: false; problems: DefinitionProblem[] };

/** Converts zod issues into problems with user-facing paths. */
export function zodProblems(error: z.ZodError): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter(
      (p): p is string | number => typeof p === "string" || typeof p === "number",
    );
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...path, key]), message: "unknown property" });
      }
    } else if (issue.code === "invalid_key" && issue.issues[0]) {
      problems.push({
        path: formatPath(path),
        message: `invalid name: ${issue.issues[0].message}`,
      });
    } else {
      problems.push({ path: formatPath(path), message: issue.message });
    }
  }
  return problems;
}

/** Every interpolated string in a step with its path, for checks and renames. */
export function stepInterpolations(
  step: Step,
  index: number,
): { path: PathSegment[]; text: string }[] {
  const base: PathSegment[] = ["steps", index, "request"];
  const out: { path: PathSegment[]; text: string }[] = [];
  const { request } = step;
  out.push({ path: [...base, "url"], text: request.url });
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    out.push({ path: [...base, "headers", name], text: value });
  }
  for (const [name, value] of Object.entries(request.query ?? {})) {
    out.push({ path: [...base, "query", name], text: value });
  }
  if (request.auth?.type === "basic") {
    out.push({ path: [...base, "auth", "username"], text: request.auth.username });
  }
  const body = request.body;
  if (body?.type === "json") {
    const walk = (value: JsonValue, path: PathSegment[]) => {
      if (typeof value === "string") out.push({ path, text: value });
      else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          walk(item, [...path, i]);
        });
      } else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value)) walk(item as JsonValue, [...path, key]);
      }
    };
    walk(body.value, [...base, "body", "value"]);
  } else if (body?.type === "form") {
    for (const [name, value] of Object.entries(body.value)) {
      out.push({ path: [...base, "body", "value", name], text: value });
    }
  } else if (body?.type === "xml" || body?.type === "raw") {
    out.push({ path: [...base, "body", "value"], text: body.value });
  }
  return out;
}

/** Credential names a step uses, through its auth or a `credentials.*` placeholder. */
export function credentialsUsedByStep(step: Step): Set<string> {
  const names = new Set<string>();
  const auth = step.request.auth;
  if (auth && auth.type !== "none") names.add(auth.credential);
  for (const { text } of stepInterpolations(step, 0)) {
    const parsed = tryParseInterpolation(text);
    if (!parsed.ok) continue;
    for (const p of placeholdersOf(parsed.segments)) {
      if (p.root === "credentials" && p.path[0]) names.add(p.path[0]);
    }
  }
  return names;
}

/** Every credential name a definition uses (for install-time binding checks). */
export function credentialNamesUsed(definition: ConnectorDefinition): Set<string> {
  const names = new Set<string>();
  for (const step of definition.steps)
    for (const name of credentialsUsedByStep(step)) names.add(name);
  return names;
}

function serialize(
  segments: readonly InterpolationSegment[],
  rename: (name: string) => string,
): string {
  return segments
    .map((s) => {
      if (s.kind === "literal") return s.text;
      if (s.root === "credentials") return `{{credentials.${rename(s.path[0] ?? "")}}}`;
      return `{{${s.source}}}`;
    })
    .join("");
}

/**
 * Renames credentials (auth and `credentials.*`/`workspace.*` placeholders), e.g. to bind a
 * template's credential names to a workspace's. Names not in `mapping` stay as they are.
 */
export function renameCredentials(
  definition: ConnectorDefinition,
  mapping: Readonly<Record<string, string>>,
): ConnectorDefinition {
  const rename = (name: string) => (Object.hasOwn(mapping, name) ? (mapping[name] ?? name) : name);
  const text = (value: string) => {
    const parsed = tryParseInterpolation(value);
    return parsed.ok ? serialize(parsed.segments, rename) : value;
  };
  const json = (value: JsonValue): JsonValue => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(json);
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v as JsonValue)]));
    }
    return value;
  };
  const record = (r: Record<string, string> | undefined) =>
    r === undefined
      ? undefined
      : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)]));
  const steps = definition.steps.map((step): Step => {
    const { request } = step;
    let auth = request.auth;
    if (auth && auth.type !== "none") auth = { ...auth, credential: rename(auth.credential) };
    if (auth?.type === "basic") auth = { ...auth, username: text(auth.username) };
    let body = request.body;
    if (body?.type === "json") body = { ...body, value: json(body.value) };
    else if (body?.type === "form") body = { ...body, value: record(body.value) ?? {} };
    else if (body?.type === "xml" || body?.type === "raw")
      body = { ...body, value: text(body.value) };
    const next: StepRequest = { ...request, url: text(request.url) };
    if (request.headers) next.headers = record(request.headers);
    if (request.query) next.query = record(request.query);
    if (auth) next.auth = auth;
    if (body) next.body = body;
    return { ...step, request: next };
  });
  return { ...definition, steps };
}

type Checker = {
  add(path: PathSegment[], message: string): void;
};

function checkReference(
  p: Placeholder,
  stepIndex: number,
  inMapping: boolean,
  definition: ConnectorDefinition,
  ctx: ValidationContext,
  path: PathSegment[],
  check: Checker,
): void {
  if (p.root === "steps") {
    const [stepId = "", name = ""] = p.path;
    const target = definition.steps.findIndex((s) => s.id === stepId);
    const step = definition.steps[target];
    if (!step) check.add(path, `{{${p.source}}}: there is no step "${stepId}"`);
    else if (target === stepIndex)
      check.add(path, `{{${p.source}}}: a step cannot reference itself`);
    else if (target > stepIndex) {
      check.add(path, `{{${p.source}}}: step "${stepId}" runs after this step`);
    } else if (name !== "status" && !Object.hasOwn(step.extract ?? {}, name)) {
      check.add(path, `{{${p.source}}}: step "${stepId}" does not extract "${name}"`);
    }
  } else if (p.root === "credentials") {
    const name = p.path[0] ?? "";
    if (inMapping) check.add(path, "credentials cannot be mapped onto a contact");
    else if (ctx.credentialNames && !ctx.credentialNames.has(name)) {
      check.add(path, `the workspace has no credential "${name}"`);
    }
  }
}

function checkUrlInterpolation(
  segments: readonly InterpolationSegment[],
  step: Step,
  index: number,
  ctx: ValidationContext,
  check: Checker,
): void {
  const path: PathSegment[] = ["steps", index, "request", "url"];
  const shape = analyzeUrlShape(segments);
  if (!shape.ok) {
    check.add(path, shape.message);
    return;
  }
  const { scheme, label, authority } = shape.shape;
  if (label?.root === "credentials") {
    check.add(path, "a credential cannot be used in a URL's host");
    return;
  }
  let sample: URL;
  try {
    sample = new URL(`${scheme}://${label ? "a" : ""}${authority}/`);
  } catch {
    check.add(path, "is not a valid URL");
    return;
  }
  if (label && sample.hostname.split(".").length < 3) {
    check.add(path, "a templated subdomain needs a literal domain of at least two labels after it");
    return;
  }
  const guard = checkUrl(sample, ctx.outbound);
  if (!guard.ok) {
    check.add(path, `the outbound guard refuses this URL: ${guard.reason}`);
    return;
  }
  if (!ctx.credentialHosts) return;
  const suffix = label ? sample.hostname.slice(sample.hostname.indexOf(".") + 1) : "";
  for (const name of credentialsUsedByStep(step)) {
    const hosts = ctx.credentialHosts.get(name);
    if (!hosts) continue;
    const covered = label
      ? labelHostCovered(hosts, suffix, effectivePort(sample))
      : hostMatches(hosts, sample);
    if (!covered) {
      const host = label ? `*.${suffix}` : sample.host;
      check.add(
        path,
        `credential "${name}" may not be sent to ${host} (its allowedHosts: ${hosts.join(", ")})`,
      );
    }
  }
}

function checkStep(
  step: Step,
  index: number,
  definition: ConnectorDefinition,
  ctx: ValidationContext,
  limits: Limits,
  check: Checker,
): void {
  const base: PathSegment[] = ["steps", index];
  const { request } = step;
  for (const { path, text } of stepInterpolations(step, index)) {
    const parsed = tryParseInterpolation(text);
    if (!parsed.ok) {
      check.add(path, parsed.message);
      continue;
    }
    for (const p of placeholdersOf(parsed.segments)) {
      checkReference(p, index, false, definition, ctx, path, check);
    }
    if (path.length === 4 && path[3] === "url") {
      checkUrlInterpolation(parsed.segments, step, index, ctx, check);
    }
  }

  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const path = [...base, "request", "headers", name];
    const lower = name.toLowerCase();
    if (!HEADER_NAME_PATTERN.test(name)) check.add(path, "is not a valid header name");
    else if (isForbiddenHeader(name)) check.add(path, `the ${name} header is set by the transport`);
    if (seen.has(lower)) check.add(path, `duplicates the ${seen.get(lower)} header`);
    seen.set(lower, name);
    if (/[\r\n\0]/.test(value)) check.add(path, "a header value may not contain CR, LF or NUL");
  }
  const auth = request.auth;
  if (
    auth &&
    auth.type !== "none" &&
    ctx.credentialNames &&
    !ctx.credentialNames.has(auth.credential)
  ) {
    check.add(
      [...base, "request", "auth", "credential"],
      `the workspace has no credential "${auth.credential}"`,
    );
  }
  if (
    auth &&
    (auth.type === "bearer" || auth.type === "oauth2" || auth.type === "basic") &&
    seen.has("authorization")
  ) {
    check.add(
      [...base, "request", "headers", seen.get("authorization") ?? "Authorization"],
      `conflicts with ${auth.type} auth, which sets Authorization`,
    );
  }
  if (auth?.type === "api_key") {
    const authPath = [...base, "request", "auth", "name"];
    if (auth.in === "header") {
      if (!HEADER_NAME_PATTERN.test(auth.name)) check.add(authPath, "is not a valid header name");
      else if (isForbiddenHeader(auth.name)) check.add(authPath, "is set by the transport");
      else if (seen.has(auth.name.toLowerCase())) {
        check.add(authPath, `conflicts with the ${auth.name} header set in headers`);
      }
    } else if (Object.hasOwn(request.query ?? {}, auth.name)) {
      check.add(authPath, `conflicts with the ${auth.name} query parameter set in query`);
    }
  }
  const body = request.body;
  if (body && (request.method === "GET" || request.method === "HEAD")) {
    check.add([...base, "request", "body"], `a ${request.method} request cannot have a body`);
  }
  if (body?.type === "raw" && !/^[\t\x20-\x7e]+$/.test(body.contentType)) {
    check.add([...base, "request", "body", "contentType"], "is not a valid content type");
  }
  if (request.timeoutMs !== undefined && request.timeoutMs > limits.maxStepTimeoutMs) {
    check.add([...base, "request", "timeoutMs"], `may be at most ${limits.maxStepTimeoutMs} ms`);
  }
  for (const [name, expression] of Object.entries(step.extract ?? {})) {
    const path = [...base, "extract", name];
    const compiled = compileJsonPath(expression);
    if (!compiled.ok) check.add(path, compiled.message);
  }
  checkPaginate(step, base, check.add);
}

/**
 * The save-time check (the API's 422 `invalid_definition`): the zod shape, then interpolations,
 * references, credentials, JSONPaths, method/auth/body combinations, the input schema, the
 * outbound guard and credential host bindings. One problem per issue, each with its path.
 */
export function validateDefinition(input: unknown, ctx: ValidationContext): DefinitionValidation {
  const parsed = ConnectorDefinitionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const definition = parsed.data;
  const limits = resolveLimits(ctx.limits);
  const problems: DefinitionProblem[] = [];
  const check: Checker = {
    add: (path, message) => problems.push({ path: formatPath(path), message }),
  };

  if (definition.steps.length > limits.maxSteps) {
    check.add(["steps"], `a connector may have at most ${limits.maxSteps} steps`);
  }
  const ids = new Map<string, number>();
  definition.steps.forEach((step, index) => {
    const earlier = ids.get(step.id);
    if (earlier !== undefined) {
      check.add(["steps", index, "id"], `duplicates the id of steps[${earlier}]`);
    } else ids.set(step.id, index);
  });
  definition.steps.forEach((step, index) => {
    checkStep(step, index, definition, ctx, limits, check);
  });
  for (const [field, text] of Object.entries(definition.fieldMapping ?? {})) {
    const path: PathSegment[] = ["fieldMapping", field];
    const parsedText = tryParseInterpolation(text);
    if (!parsedText.ok) {
      check.add(path, parsedText.message);
      continue;
    }
    for (const p of placeholdersOf(parsedText.segments)) {
      checkReference(p, definition.steps.length, true, definition, ctx, path, check);
    }
  }
  if (definition.input !== undefined) problems.push(...checkInputSchema(definition.input));

  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition };
}

/** The shape check alone (run time: a stored snapshot is re-parsed, not re-judged). */
export function parseDefinitionShape(
  input: unknown,
  limits: Pick<Limits, "maxSteps"> = DEFAULT_LIMITS,
): DefinitionValidation {
  const parsed = ConnectorDefinitionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  if (parsed.data.steps.length > limits.maxSteps) {
    return {
      ok: false,
      problems: [
        { path: "steps", message: `a connector may have at most ${limits.maxSteps} steps` },
      ],
    };
  }
  return { ok: true, definition: parsed.data };
}
