// What the chaos scenarios read off the Trigger.dev stand-in: the worker pointed at it, the runs
// each execution got (new runs, not answers to a repeated idempotency key), and which target
// calls were in flight when the stand-in killed a run's attempt.
import type { TriggerStandIn } from "../../tests/harness/trigger-standin.ts";
import type { Claims } from "../lib/burst.ts";
import { hitReport, listKeys, readBack } from "../lib/checks.ts";
import { type CountingTarget, stepKey } from "../lib/counting-target.ts";
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

/** "<name>: the vendor is called exactly once per step", counted at the target. */
export function checkOncePerStep(
  claims: Claims,
  name: string,
  target: CountingTarget,
  ids: string[],
) {
  const hits = hitReport(target, ids);
  claims.check(
    `${name}: the vendor is called exactly once per step (counted at the target)`,
    hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `missing ${hits.missing}, repeated ${hits.repeated} (${listKeys(hits.repeatedKeys)}), unknown ${hits.strays}`,
  );
}

/** "<name>: none lost": the rows of the stack's connectors since `since` are `ids`, all terminal. */
export async function checkNoneLost(
  stack: ChaosStack,
  claims: Claims,
  name: string,
  since: Date | undefined,
  ids: string[],
) {
  const connectorIds = [...stack.connectors.values()];
  const back = await readBack(stack.cluster.superuserUrl, connectorIds, since ?? new Date(), ids);
  claims.check(
    `${name}: none lost (accepted ids = rows read back, all terminal)`,
    back.ok,
    back.detail,
  );
}
