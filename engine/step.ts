// One step of a run (engine/README.md, README "Executions"), a function of the step and the run
// state: an exchange (render → send → extract) and then the step's redacted result and its update
// to the state. The exchange is its own function so that a step can be made of several (pages, a
// token first, a retry).
import type { Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import { type JsonValue, jsonTextTooDeep, setOwn } from "./json.ts";
import { compileJsonPath, evaluateJsonPath } from "./jsonpath.ts";
import type { Limits } from "./limits.ts";
import { REDACTED, type Redactor } from "./redact.ts";
import { type BuiltRequest, buildRequest } from "./request.ts";
import type { RunDeps, StepErrorInfo, StepResult } from "./run.ts";
import type { RunState, StepUpdate } from "./run-state.ts";
import { type SendDeps, type SendOutcome, send } from "./send.ts";
import { type PaginationTrace, paginate } from "./paginate.ts";
import { ResponseBody, stepTrace } from "./step-trace.ts";
import { oauthCredentialsOf, refreshTokens } from "./tokens.ts";

/** One request of a step and what it yielded; on failure, whatever was reached before it. */
export type Exchange = {
  built: BuiltRequest | null;
  outcome: SendOutcome | null;
  /** Present whenever a response arrived, also for a failed step (for the trace). */
  body: ResponseBody | null;
  extracted: Record<string, JsonValue>;
  failure: StepErrorInfo | null;
  /** A paginated step's pages (engine/paginate.ts); absent for a single request. */
  pagination?: PaginationTrace;
};

/** How one page of a paginated step differs from the step's own request (engine/paginate.ts). */
export type PageRequest = {
  /** Sets the page's cursor, offset, page number or next link on the built request. */
  adjust: (built: BuiltRequest) => void;
  /** Response bytes this page may read: what is left of the step's budget across pages. */
  maxResponseBytes: number;
};

export type StepRun = { result: StepResult; update: StepUpdate };

// Shorter tainted values are still bound by structure (the steps that read them), but matching
// them by value everywhere would redact and block ordinary words.
const TAINT_VALUE_MIN_LENGTH = 6;
// Matching by value is a second line behind the structural taint; a run registers this many.
const TAINT_VALUE_LIMIT = 256;

/** Runs `step` as the next step of the run in `state`; never throws (but for `traceStep`). */
export async function runStep(step: Step, state: RunState): Promise<StepRun> {
  const startedAt = state.now();
  const index = state.steps.length;
  const exchanged = await traced(state.deps, step.id, index, () =>
    step.paginate
      ? paginate(step, step.paginate, state, startedAt)
      : exchange(step, state, startedAt),
  );
  const { built, outcome, extracted, failure } = exchanged;
  const status = outcome?.response?.status ?? null;
  const tainted = (built?.responseTaint.length ?? 0) > 0;
  const shown = tainted ? hidden(extracted) : extracted;
  return {
    result: stepTrace(step, exchanged, state, { startedAt, tainted, shown }),
    update: {
      // Later steps see redacted extractions: an echoed secret cannot be forwarded elsewhere.
      values: { ...extracted, status },
      output: failure ? null : shown,
      taint: failure ? [] : (built?.responseTaint ?? []),
    },
  };
}

function emptyExchange(): Exchange {
  return { built: null, outcome: null, body: null, extracted: {}, failure: null };
}

/** Lets a runtime wrap each step (e.g. a Trigger.dev logger span); `fn` itself never throws. */
async function traced(
  deps: RunDeps,
  stepId: string,
  index: number,
  fn: () => Promise<Exchange>,
): Promise<Exchange> {
  if (!deps.traceStep) return fn();
  const box = { exchange: emptyExchange() };
  await deps.traceStep(stepId, index, async () => {
    box.exchange = await fn();
  });
  return box.exchange;
}

/**
 * Renders, sends and extracts one request of `step`; never throws (a failure is returned). With
 * `page`, it sends one page of a paginated step and extracts nothing (the pages are read together).
 */
export async function exchange(
  step: Step,
  state: RunState,
  startedAt: number,
  page?: PageRequest,
): Promise<Exchange> {
  const { redactor, limits } = state;
  const result = emptyExchange();
  try {
    if (startedAt >= state.deadline) {
      throw new StepError("timeout", "the execution's time budget ran out");
    }
    // OAuth tokens first (engine/tokens.ts): one expiring within 60 s is refreshed before use.
    const oauth = oauthCredentialsOf(step, state);
    await refreshTokens(state, oauth, false);
    let { built, outcome } = await buildAndSend(step, state, page);
    result.built = built;
    // A vendor's 401 on a token: one forced (shared) refresh, then this request once more.
    if (outcome.response?.status === 401 && (await refreshTokens(state, oauth, true))) {
      ({ built, outcome } = await buildAndSend(step, state, page));
      result.built = built;
    }
    result.outcome = outcome;
    result.body = outcome.response ? new ResponseBody(outcome.response.body, redactor) : null;
    if (outcome.error) throw outcome.error;
    if (page) return result;
    const extracted = extract(step, result.body, redactor, limits);
    result.extracted = result.body?.clean === false ? redactor.redactJson(extracted) : extracted;
    if (built.responseTaint.length > 0) registerTaint(state, result.extracted, built.responseTaint);
  } catch (error) {
    result.failure = toInfo(error, redactor);
  }
  return result;
}

/** Renders and sends the step's request (one page of it, with `page`). */
async function buildAndSend(
  step: Step,
  state: RunState,
  page?: PageRequest,
): Promise<{ built: BuiltRequest; outcome: SendOutcome }> {
  const { redactor, limits } = state;
  const built = buildRequest(step, state.scope, limits, {
    rules: state.rules,
    taintOf: (stepId) => state.taint.get(stepId),
  });
  page?.adjust(built);
  const auth = step.request.auth;
  redactor.addExact(built.redactions, auth && auth.type !== "none" ? auth.credential : "");
  const timeoutMs = Math.min(
    step.request.timeoutMs ?? limits.defaultStepTimeoutMs,
    limits.maxStepTimeoutMs,
  );
  const outcome = await send(
    built,
    { timeoutMs, retry: step.retry !== false },
    sendDeps(state, page?.maxResponseBytes),
  );
  return { built, outcome };
}

// What `send` needs is the run's, not the step's: made once per run (its redactor is the run's
// own, created with the rest of what is read here), not once per request.
const runSendDeps = new WeakMap<Redactor, SendDeps>();

function sendDeps(state: RunState, maxResponseBytes?: number): SendDeps {
  if (maxResponseBytes !== undefined) return makeSendDeps(state, maxResponseBytes);
  const cached = runSendDeps.get(state.redactor);
  if (cached && cached.fetch === state.deps.fetch && cached.deadline === state.deadline) {
    return cached;
  }
  const made = makeSendDeps(state);
  runSendDeps.set(state.redactor, made);
  return made;
}

function makeSendDeps(state: RunState, maxResponseBytes?: number): SendDeps {
  const { redactor, deps } = state;
  return {
    fetch: deps.fetch,
    policy: deps.policy,
    credentialHosts: state.credentialHosts,
    sleep: deps.sleep,
    now: state.now,
    random: deps.random,
    signal: deps.signal,
    limits: maxResponseBytes === undefined ? state.limits : { ...state.limits, maxResponseBytes },
    deadline: state.deadline,
    containsSecret: (text) => redactor.contains(text),
    secretsIn: (text, into) => {
      redactor.tagsIn(text, into);
    },
  };
}

/**
 * Registers a tainted step's extracted strings with the redactor, by value (see engine/README.md).
 */
export function registerTaint(
  state: RunState,
  extracted: Record<string, JsonValue>,
  taint: readonly string[],
): void {
  for (const text of leafTexts(extracted, [])) {
    if (text.length < TAINT_VALUE_MIN_LENGTH || text === REDACTED) continue;
    if (state.taintValues.size >= TAINT_VALUE_LIMIT || state.taintValues.has(text)) continue;
    state.taintValues.add(text);
    for (const name of taint) state.redactor.addSecret(text, name);
  }
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

function hidden(values: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const name of Object.keys(values)) setOwn(out, name, REDACTED);
  return out;
}

function extract(
  step: Step,
  body: ResponseBody | null,
  redactor: Redactor,
  limits: Limits,
): Record<string, JsonValue> {
  if (Object.keys(step.extract ?? {}).length === 0 || !body) return {};
  return extractValues(step, parseDocument(body, redactor, limits), limits);
}

/**
 * A response body as the JSON document extraction reads: depth-checked, and with every credential
 * value redacted when the body held a spelling of one. Throws StepError `parse_error`.
 */
export function parseDocument(body: ResponseBody, redactor: Redactor, limits: Limits): JsonValue {
  const text = body.text;
  // Depth is measured on the text first, so no later walk can exhaust the stack.
  if (jsonTextTooDeep(text, limits.maxJsonDepth)) {
    throw new StepError(
      "parse_error",
      `the response body nests deeper than ${limits.maxJsonDepth} levels`,
    );
  }
  const clean = body.clean;
  let document: JsonValue;
  try {
    document = clean ? (JSON.parse(text) as JsonValue) : redactor.parseJson(text);
  } catch {
    throw new StepError("parse_error", "the response body is not valid JSON");
  }
  // JSONPath sees the document with every credential value already redacted: a filter
  // (`[?@ < 'm']`, `== 'guess'`, `length(@) == 20`) over an echoed secret would otherwise answer
  // questions about it, and its result — not the secret itself — would pass redaction.
  return clean ? document : redactor.redactJson(document);
}

/** The step's `extract` over a document, within the JSONPath budgets (§7). */
export function extractValues(
  step: Step,
  document: JsonValue,
  limits: Limits,
): Record<string, JsonValue> {
  const extracted: Record<string, JsonValue> = {};
  for (const [name, expression] of Object.entries(step.extract ?? {})) {
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

export function toInfo(error: unknown, redactor: Redactor): StepErrorInfo {
  if (error instanceof StepError) {
    return { kind: error.kind, message: redactor.redactString(error.message) };
  }
  // Unexpected: keep the kind closed and the message generic (it could hold anything).
  return { kind: "network_error", message: "unexpected engine failure" };
}
