// Runs a connector's steps in order (SPEC §5, §6): render → send → extract, the context growing
// by each step's extractions and status. Knows nothing of databases or runners; every string it
// returns has passed through redaction for all credential values of the run. It never logs.
import {
  type ConnectorDefinition,
  type DefinitionValidation,
  parseDefinitionShape,
  type Step,
} from "./definition.ts";
import { StepError, type StepErrorKind } from "./errors.ts";
import { isSensitiveHeaderName, TRACED_RESPONSE_HEADERS } from "./headers.ts";
import { deepFreeze, isJsonValue, type JsonValue, jsonTextTooDeep } from "./json.ts";
import { compileJsonPath, evaluateJsonPath } from "./jsonpath.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import type { OutboundPolicy } from "./outbound.ts";
import type { Placement } from "./placements-types.ts";
import { REDACTED, Redactor, truncateUtf8 } from "./redact.ts";
import { type BuiltRequest, buildRequest, type CredentialRule } from "./request.ts";
import { type FetchLike, type HttpResponse, type SendOutcome, type Sleep, send } from "./send.ts";
import {
  placeholdersOf,
  renderValueTemplate,
  type TemplateContext,
  tryParseTemplate,
} from "./template.ts";

export type CredentialInput = {
  value: string;
  allowedHosts: readonly string[];
  /** Where `{{credentials.x}}` may be templated (SPEC §7); default `["header"]`. */
  placements?: readonly Placement[];
  /** The query parameter name that may carry the value (api_key in query); default none. */
  queryParam?: string | null;
};

/** A field-mapping entry left unwritten, and why (e.g. it was fed by a tainted value). */
export type MappingSkip = { field: string; reason: string };

export type RunContext = {
  input: JsonValue;
  /** Decrypted credentials by name, each with its host binding. */
  credentials: Readonly<Record<string, CredentialInput>>;
  contact?: JsonValue | null;
  /** Sent to targets as `{{execution.id}}` (an idempotency key). */
  executionId?: string | null;
};

export type StepErrorInfo = { kind: StepErrorKind; message: string };

export type StepResult = {
  id: string;
  outcome: "succeeded" | "failed";
  method: string;
  url: string | null;
  /** HTTP status of the last response, null when none arrived. */
  status: number | null;
  durationMs: number;
  attempts: number;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  requestBodyTruncated: boolean;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  responseBodyTruncated: boolean;
  extracted: Record<string, JsonValue>;
  error?: StepErrorInfo;
};

export type RunResult = {
  status: "succeeded" | "failed" | "cancelled";
  steps: StepResult[];
  /** Extracted values per step id (steps that succeeded). */
  output: Record<string, Record<string, JsonValue>>;
  /** The field mapping rendered (what would be written); empty unless the run succeeded. */
  mapping: Record<string, JsonValue>;
  /** Field-mapping entries not written because a tainted value fed them; absent when none. */
  mappingSkipped?: MappingSkip[];
  durationMs: number;
  error?: StepErrorInfo & { stepId: string | null };
};

export type RunDeps = {
  fetch: FetchLike;
  policy: OutboundPolicy;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
  limits?: Partial<Limits>;
  /** Wraps each step's request/extraction (e.g. in a tracing span); must call `fn` once. */
  traceStep?: (stepId: string, index: number, fn: () => Promise<void>) => Promise<void>;
  /** Called with each redacted step result as the step finishes (e.g. to persist it). */
  onStepResult?: (result: StepResult, index: number) => void | Promise<void>;
};

function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Plain assignment creates the same own data property, unless Object.prototype has the name
  // ("__proto__" is a setter there; a frozen prototype would make assignment throw).
  if (key in Object.prototype) {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

const decoder = new TextDecoder();

function traceBody(
  text: string | null,
  redactor: Redactor,
  limits: Limits,
): { text: string | null; truncated: boolean } {
  if (text === null) return { text: null, truncated: false };
  return truncateUtf8(redactor.redactString(text), limits.maxTraceBodyBytes);
}

/**
 * A JSON response that held a secret in any spelling, or any escape a vendor may have spelled one
 * with, is stored as the redacted document re-serialised; other text is redacted as text.
 */
function traceResponseBody(
  text: string | null,
  redactor: Redactor,
  limits: Limits,
  isClean: (text: string) => boolean,
): { text: string | null; truncated: boolean } {
  if (text === null || redactor.size === 0) return traceBody(text, redactor, limits);
  if (isClean(text)) return truncateUtf8(text, limits.maxTraceBodyBytes);
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

/** Every string, number and boolean deep in extracted values, for redaction by value. */
function leafTexts(value: JsonValue, out: string[], budget = { left: 10_000 }): string[] {
  if (budget.left <= 0) return out;
  budget.left--;
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" || typeof value === "boolean") out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) leafTexts(item, out, budget);
  else if (value !== null) for (const item of Object.values(value)) leafTexts(item, out, budget);
  return out;
}

// Shorter tainted values are still bound by structure (the steps that read them), but matching
// them by value everywhere would redact and block ordinary words.
const TAINT_VALUE_MIN_LENGTH = 6;
// Matching by value is a second line behind the structural taint; a run registers this many.
const TAINT_VALUE_LIMIT = 256;

function hidden(values: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const name of Object.keys(values)) setOwn(out, name, REDACTED);
  return out;
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

function extract(
  step: Step,
  body: (() => string) | null,
  redactor: Redactor,
  limits: Limits,
  isClean: (text: string) => boolean,
): Record<string, JsonValue> {
  const extracted: Record<string, JsonValue> = {};
  const entries = Object.entries(step.extract ?? {});
  if (entries.length === 0 || !body) return extracted;
  const text = body();
  // Depth is measured on the text first, so no later walk can exhaust the stack.
  if (jsonTextTooDeep(text, limits.maxJsonDepth)) {
    throw new StepError(
      "parse_error",
      `the response body nests deeper than ${limits.maxJsonDepth} levels`,
    );
  }
  const clean = isClean(text);
  let document: JsonValue;
  try {
    document = clean ? (JSON.parse(text) as JsonValue) : redactor.parseJson(text);
  } catch {
    throw new StepError("parse_error", "the response body is not valid JSON");
  }
  // JSONPath sees the document with every credential value already redacted: a filter
  // (`[?@ < 'm']`, `== 'guess'`, `length(@) == 20`) over an echoed secret would otherwise answer
  // questions about it, and its result — not the secret itself — would pass redaction.
  if (!clean) document = redactor.redactJson(document);
  for (const [name, expression] of entries) {
    const compiled = compileJsonPath(expression);
    if (!compiled.ok) throw new StepError("parse_error", `extract.${name}: ${compiled.message}`);
    const budget = {
      maxNodes: limits.maxJsonPathNodes,
      maxValues: limits.maxExtractValues,
      maxBytes: limits.maxExtractBytes,
    };
    try {
      setOwn(extracted, name, evaluateJsonPath(compiled.path, document, budget));
    } catch (error) {
      if (error instanceof StepError) {
        throw new StepError(error.kind, `extract.${name}: ${error.message}`);
      }
      throw new StepError("parse_error", `extract.${name}: the JSONPath could not be evaluated`);
    }
  }
  return extracted;
}

function toInfo(error: unknown, redactor: Redactor): StepErrorInfo {
  if (error instanceof StepError) {
    return { kind: error.kind, message: redactor.redactString(error.message) };
  }
  // Unexpected: keep the kind closed and the message generic (it could hold anything).
  return { kind: "network_error", message: "unexpected engine failure" };
}

// A stored definition runs again and again: its shape check is remembered by content. Only plain
// JSON inputs are cached (equal text then means an equal definition); the entry is parsed from
// the text, so freezing it never touches the caller's object.
const SHAPE_CACHE_LIMIT = 64;
const SHAPE_CACHE_MAX_TEXT = 32 * 1024;
const shapes = new Map<string, DefinitionValidation>();

function definitionShape(input: unknown, limits: Limits): DefinitionValidation {
  if (!isJsonValue(input)) return parseDefinitionShape(input, limits);
  const text = JSON.stringify(input);
  if (text.length > SHAPE_CACHE_MAX_TEXT) return parseDefinitionShape(input, limits);
  const key = `${limits.maxSteps}:${text}`;
  const cached = shapes.get(key);
  if (cached) return cached;
  const shape = deepFreeze(parseDefinitionShape(JSON.parse(text), limits));
  if (shapes.size >= SHAPE_CACHE_LIMIT) shapes.clear();
  shapes.set(key, shape);
  return shape;
}

/** Executes a definition's steps; never throws for step failures (only if onStepResult throws). */
export async function runSteps(
  definitionInput: ConnectorDefinition | unknown,
  context: RunContext,
  deps: RunDeps,
): Promise<RunResult> {
  const limits = resolveLimits(deps.limits);
  const now = deps.now ?? Date.now;
  const started = now();
  const deadline = started + limits.executionBudgetMs;
  const redactor = new Redactor();
  for (const [name, credential] of Object.entries(context.credentials)) {
    redactor.addSecret(credential.value, name);
  }
  const steps: StepResult[] = [];
  const output: Record<string, Record<string, JsonValue>> = {};
  const done = (
    status: RunResult["status"],
    error?: RunResult["error"],
    mapping: Record<string, JsonValue> = {},
  ): RunResult => ({
    status,
    steps,
    output: redactor.redactJson(output) as Record<string, Record<string, JsonValue>>,
    mapping: redactor.redactJson(mapping) as Record<string, JsonValue>,
    ...(mappingSkipped.length > 0 ? { mappingSkipped } : {}),
    durationMs: Math.max(0, now() - started),
    ...(error ? { error: { ...error, message: redactor.redactString(error.message) } } : {}),
  });
  const mappingSkipped: MappingSkip[] = [];

  const shape = definitionShape(definitionInput, limits);
  if (!shape.ok) {
    const detail = shape.problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    return done("failed", {
      kind: "template_error",
      message: `invalid definition: ${detail}`,
      stepId: null,
    });
  }
  const definition = shape.definition;

  const secrets: Record<string, string> = {};
  for (const [name, credential] of Object.entries(context.credentials)) {
    setOwn(secrets, name, credential.value);
  }
  const stepContext: Record<string, Record<string, JsonValue>> = {};
  const templateContext: TemplateContext = {
    input: context.input,
    credentials: secrets,
    steps: stepContext,
    contact: context.contact ?? null,
    execution: context.executionId ? { id: context.executionId } : null,
  };
  const credentialHosts = new Map(
    Object.entries(context.credentials).map(([name, c]) => [name, c.allowedHosts]),
  );
  const containsSecret = (text: string) => redactor.contains(text);
  const secretsIn = (text: string, into: Set<string>) => {
    redactor.tagsIn(text, into);
  };
  const rules = new Map<string, CredentialRule>(
    Object.entries(context.credentials).map(([name, c]) => [
      name,
      { placements: c.placements, queryParam: c.queryParam ?? null },
    ]),
  );
  // Step id → the credentials tainting its extracted values (SPEC §7).
  const stepTaint = new Map<string, readonly string[]>();
  const taintValues = new Set<string>();
  const security = { rules, taintOf: (stepId: string) => stepTaint.get(stepId) };

  for (const [index, step] of definition.steps.entries()) {
    if (deps.signal?.aborted) {
      return done("cancelled", {
        kind: "cancelled",
        message: "the execution was cancelled",
        stepId: step.id,
      });
    }
    const stepStarted = now();
    // Assigned inside runStep; typed by assertion so TS does not narrow them to their initial null.
    let built = null as BuiltRequest | null;
    let outcome = null as SendOutcome | null;
    let extracted: Record<string, JsonValue> = {};
    let failure = null as StepErrorInfo | null;
    // The response body as text, decoded at most once (for extraction and for the trace).
    let responseText = null as string | null;
    const bodyText = (response: HttpResponse) => () =>
      (responseText ??= decoder.decode(response.body));
    // A body with no escape and no spelling of a secret holds none in any part: checked once.
    let responseClean = null as boolean | null;
    const isClean = (text: string) =>
      (responseClean ??= redactor.size === 0 || (!text.includes("\\") && !redactor.contains(text)));
    const runStep = async (): Promise<void> => {
      try {
        if (stepStarted >= deadline) {
          throw new StepError("timeout", "the execution's time budget ran out");
        }
        built = buildRequest(step, templateContext, limits, security);
        const auth = step.request.auth;
        redactor.addExact(built.redactions, auth && auth.type !== "none" ? auth.credential : "");
        const timeoutMs = Math.min(
          step.request.timeoutMs ?? limits.defaultStepTimeoutMs,
          limits.maxStepTimeoutMs,
        );
        outcome = await send(
          built,
          { timeoutMs, retry: step.retry !== false },
          {
            fetch: deps.fetch,
            policy: deps.policy,
            credentialHosts,
            sleep: deps.sleep,
            now,
            random: deps.random,
            signal: deps.signal,
            limits,
            deadline,
            containsSecret,
            secretsIn,
          },
        );
        if (outcome.error) throw outcome.error;
        const body = outcome.response ? bodyText(outcome.response) : null;
        extracted = extract(step, body, redactor, limits, isClean);
        if (body && !isClean(body())) extracted = redactor.redactJson(extracted);
        if (built.responseTaint.length > 0) {
          stepTaint.set(step.id, built.responseTaint);
          for (const text of leafTexts(extracted, [])) {
            if (text.length < TAINT_VALUE_MIN_LENGTH || text === REDACTED) continue;
            if (taintValues.size >= TAINT_VALUE_LIMIT || taintValues.has(text)) continue;
            taintValues.add(text);
            for (const name of built.responseTaint) redactor.addSecret(text, name);
          }
        }
      } catch (error) {
        failure = toInfo(error, redactor);
      }
    };
    // Lets a runtime wrap each step (e.g. a Trigger.dev logger span); the step itself never throws.
    await (deps.traceStep ? deps.traceStep(step.id, index, runStep) : runStep());

    const status = outcome?.response?.status ?? null;
    // Later steps see redacted extractions: an echoed secret cannot be forwarded elsewhere.
    setOwn(stepContext, step.id, { ...extracted, status });
    const tainted = (built?.responseTaint.length ?? 0) > 0;
    const shown = tainted ? hidden(extracted) : extracted;
    if (!failure) setOwn(output, step.id, shown);
    const response = outcome?.response ?? null;
    const requestBody = traceBody(built?.body ?? null, redactor, limits);
    // A response to a request that placed a credential where a vendor may transform it keeps no
    // body and no headers.
    const responseBody =
      tainted && response
        ? { text: null, truncated: false }
        : traceResponseBody(response ? bodyText(response)() : null, redactor, limits, isClean);
    const result: StepResult = {
      id: step.id,
      outcome: failure ? "failed" : "succeeded",
      method: step.request.method,
      url: built ? redactor.redactString(built.url.href) : null,
      status,
      durationMs: outcome?.durationMs ?? Math.max(0, now() - stepStarted),
      attempts: outcome?.attempts ?? 0,
      requestHeaders: built ? requestHeadersForTrace(built, redactor) : {},
      requestBody: requestBody.text,
      requestBodyTruncated: requestBody.truncated,
      responseHeaders:
        response && !tainted ? responseHeadersForTrace(response.headers, redactor) : {},
      responseBody: responseBody.text,
      responseBodyTruncated: responseBody.truncated || (response?.bodyTruncated ?? false),
      extracted: shown,
      ...(failure ? { error: failure } : {}),
    };
    steps.push(result);
    await deps.onStepResult?.(result, index);

    if (failure) {
      if (failure.kind === "cancelled") return done("cancelled", { ...failure, stepId: step.id });
      if (step.onError !== "continue") return done("failed", { ...failure, stepId: step.id });
    }
  }

  // Field mapping never sees credentials: they cannot be written onto a contact.
  const mappingContext: TemplateContext = { ...templateContext, credentials: {} };
  const mapping: Record<string, JsonValue> = {};
  try {
    for (const [field, template] of Object.entries(definition.fieldMapping ?? {})) {
      const taint = mappingTaint(template, stepTaint);
      if (taint.length > 0) {
        mappingSkipped.push({
          field,
          reason: `fed by a value tainted by credential ${taint.map((n) => `"${n}"`).join(", ")}`,
        });
        continue;
      }
      const value = renderValueTemplate(template, mappingContext);
      if (value !== null) setOwn(mapping, field, value);
    }
  } catch (error) {
    return done("failed", { ...toInfo(error, redactor), stepId: null });
  }
  return done("succeeded", undefined, mapping);
}

/** Credentials tainting the step values a field-mapping template reads. */
function mappingTaint(
  template: string,
  stepTaint: ReadonlyMap<string, readonly string[]>,
): string[] {
  if (stepTaint.size === 0) return [];
  const parsed = tryParseTemplate(template);
  if (!parsed.ok) return [];
  const names = new Set<string>();
  for (const p of placeholdersOf(parsed.segments)) {
    if (p.root !== "steps" || p.path[1] === "status") continue;
    for (const name of stepTaint.get(p.path[0] ?? "") ?? []) names.add(name);
  }
  return [...names];
}
