// What the chaos scenarios read off the Trigger.dev stand-in: the worker pointed at it, the runs
// each execution got (new runs, not answers to a repeated idempotency key), and which target
// calls were in flight when the stand-in killed a run's attempt.
import type { TriggerStandIn } from "../../tests/harness/trigger-standin.ts";
import { stepKey, type CountingTarget } from "../lib/counting-target.ts";
import type { ChaosStack } from "./stack.ts";

/** Restarts the worker with RUNNER=trigger against the stand-in, plus `vars`. */
export function useTriggerStandIn(stack: ChaosStack, vars: Record<string, string> = {}) {
  return stack.restartWorker({
    RUNNER: "trigger",
    TRIGGER_SECRET_KEY: stack.standIn.secretKey,
    TRIGGER_API_URL: stack.standIn.url,
    ...vars,
  });
}

const executionOf = (payload: unknown) => (payload as { executionId?: string }).executionId ?? "";

/** Per execution, from the stand-in's calls since `from`: new runs and distinct keys used. */
export function runsPerExecution(standIn: TriggerStandIn, ids: string[], from = 0) {
  const wanted = new Set(ids);
  const runs = new Map<string, number>();
  const keys = new Map<string, Set<string>>();
  for (const call of standIn.calls.slice(from)) {
    const id = executionOf(call.payload);
    if (!wanted.has(id)) continue;
    if (!call.cached) runs.set(id, (runs.get(id) ?? 0) + 1);
    const seen = keys.get(id) ?? new Set<string>();
    seen.add(call.rawIdempotencyKey ?? "");
    keys.set(id, seen);
  }
  return {
    runs: (id: string) => runs.get(id) ?? 0,
    keys: (id: string) => keys.get(id)?.size ?? 0,
  };
}

/** `<execution>/<step>` of the target calls of each killed run's execution open at its kill. */
export function inFlightAtKills(standIn: TriggerStandIn, target: CountingTarget, from = 0) {
  const inFlight = new Set<string>();
  for (const fault of standIn.faults.slice(from)) {
    if (fault.kind !== "killed") continue;
    const prefix = stepKey(fault.executionId, "");
    for (const key of target.openAt(fault.at)) if (key.startsWith(prefix)) inFlight.add(key);
  }
  return inFlight;
}
