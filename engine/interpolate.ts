// Interpolation: the one `{{ }}` parser (save time and run time) and its context-aware renderers
// (engine/README.md). Not to be confused with marketplace templates (`/v1/templates`).
// Syntax: `{{ root.path.to.value }}`; roots input, credentials (alias workspace), steps, contact,
// execution. There is no escape for a literal `{{`.
import { StepError } from "./errors.ts";
import { isPlainObject, type JsonValue, ownValue, utf8Length } from "./json.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { escapeXml, hasXmlInvalidChar } from "./xml.ts";

export type InterpolationRoot = "input" | "credentials" | "steps" | "contact" | "execution";
export type Literal = { kind: "literal"; text: string };
export type Placeholder = {
  kind: "placeholder";
  root: InterpolationRoot;
  path: string[];
  source: string;
};
export type InterpolationSegment = Literal | Placeholder;
/** A string to interpolate, or its parsed segments. */
export type InterpolationSource = string | readonly InterpolationSegment[];

export type InterpolationContext = {
  input: JsonValue;
  /** Credential name → secret value. */
  credentials: Readonly<Record<string, string>>;
  /** Step id → `{ status, ...extracted }` for steps that already ran. */
  steps: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  contact?: JsonValue;
  /** `stepKey` is `<execution id>:<step id>`, set for the step being rendered. */
  execution?: { id: string; stepKey?: string } | null;
};

export type RenderOptions = { maxOutputBytes?: number };

export const STEP_ID_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/;
export const CREDENTIAL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const HOST_LABEL_PATTERN = /^[a-z0-9-]{1,63}$/;
const EXPRESSION_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;
const ROOTS: Record<string, InterpolationRoot> = {
  input: "input",
  credentials: "credentials",
  workspace: "credentials",
  steps: "steps",
  contact: "contact",
  execution: "execution",
};

/** A malformed `{{ }}` string; `offset` is where its placeholder opens. */
export class InterpolationSyntaxError extends Error {
  override name = "InterpolationSyntaxError";
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

function checkShape(root: InterpolationRoot, path: string[], source: string, offset: number): void {
  const fail = (message: string) => {
    throw new InterpolationSyntaxError(`{{${source}}}: ${message}`, offset);
  };
  if (root === "credentials") {
    if (path.length !== 1 || !CREDENTIAL_NAME_PATTERN.test(path[0] ?? "")) {
      fail("expected credentials.<name> with a name like example_token");
    }
  } else if (root === "steps") {
    if (path.length < 2 || !STEP_ID_PATTERN.test(path[0] ?? "")) {
      fail("expected steps.<stepId>.<extracted name> or steps.<stepId>.status");
    }
  } else if (root === "execution") {
    if (path.length !== 1 || (path[0] !== "id" && path[0] !== "stepKey")) {
      fail("only execution.id and execution.stepKey are available");
    }
  }
}

const PARSE_CACHE_LIMIT = 2000;
const PARSE_CACHE_MAX_TEXT = 16 * 1024;
const parsedTexts = new Map<string, readonly InterpolationSegment[]>();

/**
 * Parses a string into literal and placeholder segments; throws InterpolationSyntaxError.
 * Results are frozen and remembered per text (definitions render the same strings every run).
 */
export function parseInterpolation(text: string): readonly InterpolationSegment[] {
  const cached = parsedTexts.get(text);
  if (cached) return cached;
  const segments = parseUncached(text);
  for (const segment of segments) {
    if (segment.kind === "placeholder") Object.freeze(segment.path);
    Object.freeze(segment);
  }
  Object.freeze(segments);
  if (text.length <= PARSE_CACHE_MAX_TEXT) {
    if (parsedTexts.size >= PARSE_CACHE_LIMIT) parsedTexts.clear();
    parsedTexts.set(text, segments);
  }
  return segments;
}

function parseUncached(text: string): InterpolationSegment[] {
  const segments: InterpolationSegment[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{{", position);
    if (open === -1) {
      segments.push({ kind: "literal", text: text.slice(position) });
      break;
    }
    if (open > position) segments.push({ kind: "literal", text: text.slice(position, open) });
    const close = text.indexOf("}}", open + 2);
    if (close === -1)
      throw new InterpolationSyntaxError("unterminated placeholder: missing }}", open);
    const source = text.slice(open + 2, close);
    const expression = source.trim();
    if (expression === "") throw new InterpolationSyntaxError("empty placeholder {{}}", open);
    if (!EXPRESSION_PATTERN.test(expression)) {
      throw new InterpolationSyntaxError(
        `{{${source}}}: a placeholder is a dotted path of letters, digits, _ and - (like input.email)`,
        open,
      );
    }
    const [rootName = "", ...path] = expression.split(".");
    const root = Object.hasOwn(ROOTS, rootName) ? ROOTS[rootName] : undefined;
    if (!root) {
      throw new InterpolationSyntaxError(
        `unknown template root "${rootName}" (use input, credentials, workspace, steps, contact or execution)`,
        open,
      );
    }
    checkShape(root, path, source, open);
    segments.push({ kind: "placeholder", root, path, source: expression });
    position = close + 2;
  }
  return segments;
}

export type InterpolationParse =
  | { ok: true; segments: readonly InterpolationSegment[] }
  | { ok: false; message: string };

export function tryParseInterpolation(text: string): InterpolationParse {
  try {
    return { ok: true, segments: parseInterpolation(text) };
  } catch (error) {
    if (error instanceof InterpolationSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

export function placeholdersOf(segments: readonly InterpolationSegment[]): Placeholder[] {
  return segments.filter((s): s is Placeholder => s.kind === "placeholder");
}

/** A string that is exactly one placeholder (whitespace inside the braces allowed). */
export function wholePlaceholder(segments: readonly InterpolationSegment[]): Placeholder | null {
  const only = segments.length === 1 ? segments[0] : undefined;
  return only?.kind === "placeholder" ? only : null;
}

/** The segments of `source`, a syntax error becoming a template_error. */
export function segmentsOf(source: InterpolationSource): readonly InterpolationSegment[] {
  if (typeof source !== "string") return source;
  try {
    return parseInterpolation(source);
  } catch (error) {
    if (error instanceof InterpolationSyntaxError)
      throw new StepError("template_error", error.message);
    throw error;
  }
}

/** The value a placeholder names, or undefined when it resolves to nothing. */
export function resolvePlaceholder(
  p: Placeholder,
  ctx: InterpolationContext,
): JsonValue | undefined {
  if (p.root === "credentials") {
    const name = p.path[0] ?? "";
    if (!Object.hasOwn(ctx.credentials, name)) {
      throw new StepError("credential_error", `credential "${name}" is not available`);
    }
    return ctx.credentials[name];
  }
  if (p.root === "execution") {
    return (p.path[0] === "stepKey" ? ctx.execution?.stepKey : ctx.execution?.id) ?? undefined;
  }
  let current: JsonValue | undefined;
  let path = p.path;
  if (p.root === "steps") {
    const [stepId = "", ...rest] = p.path;
    const step = Object.hasOwn(ctx.steps, stepId) ? ctx.steps[stepId] : undefined;
    if (!step) return undefined;
    current = ownValue(step as Record<string, JsonValue>, rest[0] ?? "");
    path = rest.slice(1);
  } else {
    current = p.root === "input" ? ctx.input : ctx.contact;
  }
  for (const key of path) {
    current = ownValue(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** How a value reads inside a string: nothing is "", objects and arrays are JSON. */
export function stringifyValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Refuses a rendered text over the output limit. */
export function checkSize(text: string, options: RenderOptions | undefined, what: string): string {
  const max = options?.maxOutputBytes ?? DEFAULT_LIMITS.maxRenderedBytes;
  if (text.length > max || utf8Length(text) > max) {
    throw new StepError("template_error", `rendered ${what} exceeds ${max} bytes`);
  }
  return text;
}

function renderWith(
  source: InterpolationSource,
  ctx: InterpolationContext,
  encode: (value: string) => string,
): string {
  let out = "";
  for (const segment of segmentsOf(source)) {
    out +=
      segment.kind === "literal"
        ? segment.text
        : encode(stringifyValue(resolvePlaceholder(segment, ctx)));
  }
  return out;
}

/** Plain text: placeholders inserted as is, a missing value is "". */
export function renderString(
  source: InterpolationSource,
  ctx: InterpolationContext,
  options?: RenderOptions,
): string {
  return checkSize(
    renderWith(source, ctx, (v) => v),
    options,
    "text",
  );
}

/** A header value: CR, LF and NUL are refused, and so is anything a header cannot carry. */
export function renderHeaderValue(
  source: InterpolationSource,
  ctx: InterpolationContext,
  options?: RenderOptions,
): string {
  const value = renderString(source, ctx, options);
  if (/[\r\n\0]/.test(value)) {
    throw new StepError("template_error", "a header value may not contain CR, LF or NUL");
  }
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new StepError("template_error", "a header value may only contain Latin-1 characters");
  }
  return value;
}

/** An XML body: placeholder values are XML-escaped; characters XML cannot carry are refused. */
export function renderXml(
  source: InterpolationSource,
  ctx: InterpolationContext,
  options?: RenderOptions,
): string {
  const out = renderWith(source, ctx, (value) => {
    if (hasXmlInvalidChar(value)) {
      throw new StepError("template_error", "a value contains characters XML cannot carry");
    }
    return escapeXml(value);
  });
  return checkSize(out, options, "XML body");
}

/** A form body: keys literal, values rendered, the whole form-encoded. */
export function renderForm(
  fields: Readonly<Record<string, string>>,
  ctx: InterpolationContext,
  options?: RenderOptions,
): string {
  const params = new URLSearchParams();
  for (const [key, source] of Object.entries(fields)) {
    params.append(
      key,
      renderWith(source, ctx, (v) => v),
    );
  }
  return checkSize(params.toString(), options, "form body");
}

/**
 * A string used as a value (JSON bodies, field mapping): a string that is exactly one
 * placeholder keeps the value's JSON type (missing → null); any other string renders as text.
 */
export function renderValue(source: InterpolationSource, ctx: InterpolationContext): JsonValue {
  const segments = segmentsOf(source);
  const whole = wholePlaceholder(segments);
  if (whole) return resolvePlaceholder(whole, ctx) ?? null;
  return renderWith(segments, ctx, (v) => v);
}

function renderJsonInner(value: JsonValue, ctx: InterpolationContext): JsonValue {
  if (typeof value === "string") return renderValue(value, ctx);
  if (Array.isArray(value)) return value.map((item) => renderJsonInner(item, ctx));
  if (isPlainObject(value)) {
    // Object.fromEntries defines own properties, so a literal "__proto__" key stays data.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderJsonInner(item, ctx)]),
    );
  }
  return value;
}

/** A JSON body value: object keys literal, every string value rendered with renderValue. */
export function renderJsonValue(
  value: JsonValue,
  ctx: InterpolationContext,
  options?: RenderOptions,
): JsonValue {
  const rendered = renderJsonInner(value, ctx);
  checkSize(JSON.stringify(rendered), options, "JSON body");
  return rendered;
}
