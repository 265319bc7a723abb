// What a run carries from one step to the next, made explicit. A step reads the state and returns
// its update; `recordStep` makes the next state from it. Only the redactor (and its by-value taint
// registry) grows in place, because sending a request already consults what it has learnt.

import type { InterpolationContext } from "./interpolate.ts";
import { type JsonValue, setOwn } from "./json.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import { Redactor } from "./redact.ts";
import type { CredentialRule } from "./request.ts";
import type { RunContext, RunDeps, StepResult } from "./run.ts";
import { registerTaint } from "./step.ts";
import { tokenEndpointTag } from "./tokens.ts";

export type RunState = {
  /** The runtime's functions: fetch, policy, clock, tracing, persistence. */
  readonly deps: RunDeps;
  readonly limits: Limits;
  readonly now: () => number;
  readonly started: number;
  /** `now()` value after which no step starts and no request waits. */
  readonly deadline: number;
  /** Every credential value of the run, then what requests and tainted extractions add. */
  readonly redactor: Redactor;
  /** Tainted values registered with the redactor by value (capped per run). */
  readonly taintValues: Set<string>;
  /** What `{{ }}` reads: input, credentials, contact, execution and the steps run so far. */
  readonly scope: InterpolationContext;
  readonly credentialHosts: ReadonlyMap<string, readonly string[]>;
  /** The oauth2 credentials of the run, whose values a `TokenSource` keeps current (tokens.ts). */
  readonly oauth: ReadonlySet<string>;
  /** `scope.credentials` itself: the one place a refreshed access token is written. */
  readonly credentialValues: Record<string, string>;
  readonly rules: ReadonlyMap<string, CredentialRule>;
  /** Step id → the credentials tainting its extracted values (docs/SECURITY.md). */
  readonly taint: ReadonlyMap<string, readonly string[]>;
  /** Extracted values per step id, as shown (steps that succeeded). */
  readonly output: Readonly<Record<string, Record<string, JsonValue>>>;
  readonly steps: StepResult[];
};

/** What a finished step adds to the run. */
export type StepUpdate = {
  /** `{ ...extracted, status }`: what later steps read as `steps.<id>.*` (already redacted). */
  values: Record<string, JsonValue>;
  /** The extracted values as the output shows them; null when the step failed. */
  output: Record<string, JsonValue> | null;
  /** Credentials tainting the extracted values; empty when none. */
  taint: readonly string[];
};

export function createRunState(context: RunContext, deps: RunDeps): RunState {
  const limits = resolveLimits(deps.limits);
  const now = deps.now ?? Date.now;
  const started = now();
  const credentials = Object.entries(context.credentials);
  const redactor = new Redactor();
  for (const [name, credential] of credentials) redactor.addSecret(credential.value, name);
  const secrets: Record<string, string> = {};
  for (const [name, credential] of credentials) setOwn(secrets, name, credential.value);
  const credentialHosts = new Map(credentials.map(([name, c]) => [name, c.allowedHosts]));
  const oauth = new Set<string>();
  for (const [name, credential] of credentials) {
    if (!credential.oauth) continue;
    oauth.add(name);
    // The client secret and refresh token: redacted everywhere, sendable only to the token host.
    const tag = tokenEndpointTag(name);
    credentialHosts.set(tag, credential.oauth.tokenHosts);
    for (const secret of credential.oauth.secrets)
      if (secret !== "") redactor.addSecret(secret, tag);
  }
  return {
    deps,
    limits,
    now,
    started,
    deadline: started + limits.executionBudgetMs,
    redactor,
    taintValues: new Set(),
    scope: {
      input: context.input,
      credentials: secrets,
      steps: {},
      contact: context.contact ?? null,
      execution: context.executionId ? { id: context.executionId } : null,
    },
    credentialHosts,
    oauth,
    credentialValues: secrets,
    rules: new Map(
      credentials.map(([name, c]) => [
        name,
        { placements: c.placements, queryParam: c.queryParam ?? null },
      ]),
    ),
    taint: new Map(),
    output: {},
    steps: [],
  };
}

function withOwn<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const copy = { ...record };
  setOwn(copy, key, value);
  return copy;
}

/** The state after a step: its values readable by later steps, its output, taint and result. */
export function recordStep(
  state: RunState,
  stepId: string,
  result: StepResult,
  update: StepUpdate,
): RunState {
  return {
    ...state,
    scope: { ...state.scope, steps: withOwn(state.scope.steps, stepId, update.values) },
    output: update.output ? withOwn(state.output, stepId, update.output) : state.output,
    taint: update.taint.length > 0 ? new Map(state.taint).set(stepId, update.taint) : state.taint,
    steps: [...state.steps, result],
  };
}

/** The state a step renders in: `execution.stepKey` names that step (none in a dry run). */
export function forStep(state: RunState, stepId: string): RunState {
  const execution = state.scope.execution;
  if (!execution) return state;
  const stepKey = `${execution.id}:${stepId}`;
  return { ...state, scope: { ...state.scope, execution: { id: execution.id, stepKey } } };
}

/** A committed step's tainted extractions as the run saw them, and the credentials tainting them. */
export type CommittedTaint = { values: Record<string, JsonValue>; taint: readonly string[] };

/** Where a resumed run starts: the committed results, in order, and their tainted values. */
export type Resume = {
  steps: readonly StepResult[];
  tainted?: Readonly<Record<string, CommittedTaint>>;
};

/**
 * What a committed step added to the run, rebuilt from its stored result (a resumed run): what
 * later steps read, the output, and the taint — its tainted values registered again by value.
 */
export function replayStep(state: RunState, result: StepResult, resume: Resume): StepUpdate {
  const tainted = resume.tainted?.[result.id];
  const output = result.outcome === "succeeded" ? result.extracted : null;
  if (tainted && output) {
    const { status: _, ...extracted } = tainted.values;
    registerTaint(state, extracted, tainted.taint);
    return { values: tainted.values, output, taint: tainted.taint };
  }
  return { values: { ...result.extracted, status: result.status }, output, taint: [] };
}
