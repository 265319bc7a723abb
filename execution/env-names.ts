// The names of the variables the execution runtime reads, wherever it runs: the worker (inline
// runner, dispatch), the Trigger.dev task, and the scripts that start either.
export const EXECUTION_ENV = {
  /** "1:<base64 32 bytes>,2:…": the keys that open stored credentials (engine/crypto.ts). */
  credentialsKeys: "CREDENTIALS_KEYS",
  /** The outbound guard's exceptions, `host` or `host:port` entries (engine/outbound.ts). */
  outboundAllowHosts: "OUTBOUND_ALLOW_HOSTS",
  /** A lease not renewed for this long (seconds) belongs to a runner presumed dead. */
  staleClaimSeconds: "STALE_CLAIM_SECONDS",
  /** A queued row's run that has not claimed it after this (seconds) is checked with the runner. */
  reconcileGraceSeconds: "RECONCILE_GRACE_SECONDS",
  /** How often a running execution renews its lease (seconds); stale must exceed 3 of these. */
  heartbeatSeconds: "EXECUTION_HEARTBEAT_SECONDS",
  /** Live executions per workspace (inline runner's claim, Trigger.dev's concurrencyKey). */
  concurrencyPerWorkspace: "EXECUTION_CONCURRENCY_PER_WORKSPACE",
  /** Runs of the Trigger.dev task altogether. */
  concurrencyTotal: "EXECUTION_CONCURRENCY_TOTAL",
} as const;

/** Missed renewals after which a lease is stale: the stale window must be longer than this many. */
export const MISSED_HEARTBEATS = 3;

/** Why a stale window and heartbeat interval are refused, or null when they fit together. */
export function leaseProblem(staleClaimSeconds: number, heartbeatSeconds: number): string | null {
  if (staleClaimSeconds > MISSED_HEARTBEATS * heartbeatSeconds) return null;
  return (
    `must be longer than ${MISSED_HEARTBEATS} × ${EXECUTION_ENV.heartbeatSeconds} ` +
    `(${MISSED_HEARTBEATS * heartbeatSeconds} s): a live run would be reclaimed`
  );
}
