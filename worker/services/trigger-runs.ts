// Reads a Trigger.dev run's status over REST, as the SDK's runs.retrieve does
// (GET /api/v3/runs/:id with the secret key), for the sweeper's reconciliation.
import type { Config } from "../env.ts";
import { describeError, log } from "../lib/log.ts";

/** Statuses of a run that may still claim its execution (the SDK's RunStatus, not finished). */
const ALIVE = new Set([
  "PENDING_VERSION",
  "QUEUED",
  "DEQUEUED",
  "EXECUTING",
  "WAITING",
  "DELAYED",
  // Older API versions' names for the same states.
  "WAITING_FOR_DEPLOY",
  "REATTEMPTING",
  "FROZEN",
]);

/** Finished statuses: the run will never claim anything again. */
const FINISHED = new Set([
  "COMPLETED",
  "CANCELED",
  "FAILED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "EXPIRED",
  "TIMED_OUT",
]);

export type RunVerdict =
  | { kind: "alive"; status: string }
  | { kind: "dead"; status: string }
  /** The API did not answer usefully: decide on a later sweep. */
  | { kind: "unknown" };

export async function checkTriggerRun(runId: string, config: Config): Promise<RunVerdict> {
  try {
    const res = await fetch(`${config.triggerApiUrl}/api/v3/runs/${encodeURIComponent(runId)}`, {
      headers: { authorization: `Bearer ${config.triggerSecretKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    // A run the API does not know will never claim the row.
    if (res.status === 404) {
      await res.body?.cancel();
      return { kind: "dead", status: "NOT_FOUND" };
    }
    if (!res.ok) {
      await res.body?.cancel();
      log("warn", "trigger.dev run status unavailable", { runId, status: res.status });
      return { kind: "unknown" };
    }
    const body = (await res.json()) as { status?: unknown };
    const status = typeof body.status === "string" ? body.status : "";
    if (FINISHED.has(status)) return { kind: "dead", status };
    // A status this code does not know yet is treated as alive: never replace a run by guess.
    if (!ALIVE.has(status)) log("warn", "trigger.dev run status not recognised", { runId, status });
    return { kind: "alive", status };
  } catch (error) {
    log("warn", "trigger.dev run status failed", { runId, error: describeError(error) });
    return { kind: "unknown" };
  }
}
