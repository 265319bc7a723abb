// Runs a connector's steps in order (engine/README.md, README "Executions"): render → send →
// extract, the context growing by each step's extractions and status. Knows nothing of databases or
// runners; every string it returns has passed through redaction for all credential values of the
// run. It never logs. One step is `runStep` (step.ts) over an explicit `RunState` (run-state.ts);
// this loop applies each step's update, `onError` and cancellation, then the field mapping
// (mapping.ts).
import type { z } from "zod";
import type { StepErrorInfoSchema, StepResultSchema } from "./results.ts";
import {
  type ConnectorDefinition,
  type DefinitionValidation,
  parseDefinitionShape,
} from "./definition.ts";
import { deepFreeze, isJsonValue, type JsonValue } from "./json.ts";
import type { Limits } from "./limits.ts";
import { renderMapping } from "./mapping.ts";
import type { OutboundPolicy } from "./outbound.ts";
import type { Placement } from "./placements.ts";
import {
  createRunState,
  forStep,
  type RunState,
  type Resume,
  recordStep,
  replayStep,
  type StepUpdate,
} from "./run-state.ts";
import type { FetchLike, Sleep } from "./send.ts";
import { runStep } from "./step.ts";
import type { OAuthCredentialInput, TokenSource } from "./tokens.ts";

export type CredentialInput = {
  value: string;
  allowedHosts: readonly string[];
  /** Where `{{credentials.x}}` may be templated (docs/SECURITY.md); default `["header"]`. */
  placements?: readonly Placement[];
  /** The query parameter name that may carry the value (api_key in query); default none. */
  queryParam?: string | null;
  /** Set for an oauth2 credential: `value` is then its access token (engine/tokens.ts). */
  oauth?: OAuthCredentialInput;
};

/** A field-mapping entry left unwritten, and why (e.g. it was fed by a tainted value). */
export type MappingSkip = { field: string; reason: string };

export type RunContext = {
  input: JsonValue;
  /** Decrypted credentials by name, each with its host binding. */
  credentials: Readonly<Record<string, CredentialInput>>;
  contact?: JsonValue | null;
  /** Sent to targets as `{{execution.id}}`, and per step as `{{execution.stepKey}}`. */
  executionId?: string | null;
};

/** Why a step failed (the API documents it from the same schema). */
export type StepErrorInfo = z.infer<typeof StepErrorInfoSchema>;

/** A step's redacted trace, as runs return and runners store it. */
export type StepResult = z.infer<typeof StepResultSchema>;

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
  /**
   * Called with each redacted step result as the step finishes, and awaited before the next step
   * starts (a runner commits it there). `update` is what later steps read (tainted values too).
   */
  onStepResult?: (result: StepResult, index: number, update: StepUpdate) => void | Promise<void>;
  /** Resumes after these committed steps (their results, in order) instead of running them. */
  resume?: Resume;
  /** Keeps oauth2 credentials' access tokens current (refresh, forced refresh on a 401). */
  tokens?: TokenSource;
};

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
  const initial = createRunState(context, deps);
  const shape = definitionShape(definitionInput, initial.limits);
  if (!shape.ok) {
    const detail = shape.problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    return finish(initial, "failed", {
      kind: "template_error",
      message: `invalid definition: ${detail}`,
      stepId: null,
    });
  }
  const { steps, fieldMapping } = shape.definition;
  let state = initial;
  const committed = deps.resume?.steps ?? [];
  for (const [index, step] of steps.entries()) {
    const replayed = committed[index];
    if (replayed && replayed.id !== step.id) {
      const message = "the committed steps do not match the definition";
      return finish(state, "failed", { kind: "template_error", message, stepId: step.id });
    }
    if (!replayed && deps.signal?.aborted) {
      return finish(state, "cancelled", {
        kind: "cancelled",
        message: "the execution was cancelled",
        stepId: step.id,
      });
    }
    const { result, update } = replayed
      ? { result: replayed, update: replayStep(state, replayed, deps.resume ?? { steps: [] }) }
      : await runStep(step, forStep(state, step.id));
    state = recordStep(state, step.id, result, update);
    if (!replayed) await deps.onStepResult?.(result, index, update);
    const failure = result.error;
    if (failure?.kind === "cancelled")
      return finish(state, "cancelled", { ...failure, stepId: step.id });
    if (failure && step.onError !== "continue") {
      return finish(state, "failed", { ...failure, stepId: step.id });
    }
  }
  const mapped = renderMapping(fieldMapping ?? {}, state);
  if (mapped.error)
    return finish(state, "failed", { ...mapped.error, stepId: null }, mapped.skipped);
  return finish(state, "succeeded", undefined, mapped.skipped, mapped.mapping);
}

/** The run's result: output, mapping and error message redacted for every value the run learnt. */
function finish(
  state: RunState,
  status: RunResult["status"],
  error?: RunResult["error"],
  mappingSkipped: MappingSkip[] = [],
  mapping: Record<string, JsonValue> = {},
): RunResult {
  const { redactor } = state;
  return {
    status,
    steps: state.steps,
    output: redactor.redactJson(state.output) as RunResult["output"],
    mapping: redactor.redactJson(mapping) as RunResult["mapping"],
    ...(mappingSkipped.length > 0 ? { mappingSkipped } : {}),
    durationMs: Math.max(0, state.now() - state.started),
    ...(error ? { error: { ...error, message: redactor.redactString(error.message) } } : {}),
  };
}
