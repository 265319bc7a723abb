// The names of the variables the execution runtime reads, wherever it runs: the worker (inline
// runner, dispatch), the Trigger.dev task, and the scripts that start either.
export const EXECUTION_ENV = {
  /** "1:<base64 32 bytes>,2:…": the keys that open stored credentials (engine/crypto.ts). */
  credentialsKeys: "CREDENTIALS_KEYS",
  /** The outbound guard's exceptions, `host` or `host:port` entries (engine/outbound.ts). */
  outboundAllowHosts: "OUTBOUND_ALLOW_HOSTS",
  /** A claim older than this (seconds) belongs to a runner presumed dead. */
  staleClaimSeconds: "STALE_CLAIM_SECONDS",
  /** A queued row's run that has not claimed it after this (seconds) is checked with the runner. */
  reconcileGraceSeconds: "RECONCILE_GRACE_SECONDS",
  /** Live executions per workspace (inline runner's claim, Trigger.dev's concurrencyKey). */
  concurrencyPerWorkspace: "EXECUTION_CONCURRENCY_PER_WORKSPACE",
  /** Runs of the Trigger.dev task altogether. */
  concurrencyTotal: "EXECUTION_CONCURRENCY_TOTAL",
} as const;
