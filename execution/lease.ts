// A running execution's watch over its own lease (docs/RELIABILITY.md): the cancel poll, the
// heartbeat that keeps the row from being reclaimed while the run is alive, and the run budget,
// which the runner enforces itself (a reclaim never ends a live run).
import { isStillRunning, type Lease, renewLease } from "./checkpoint.ts";
import type { Sql } from "./sql.ts";

export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface LeaseWatch {
  /** Aborted on a cancel, a lost lease, the caller's signal, or the budget running out. */
  signal: AbortSignal;
  /** Why the run was stopped by the watch, if it was. */
  stopped: () => "budget" | "lease_lost" | null;
  /** A write found the row no longer running under the lease. */
  leaseLost: () => void;
  end: () => void;
}

export function watchLease(
  sql: Sql,
  lease: Lease,
  options: {
    cancelPollMs: number;
    heartbeatMs: number;
    budgetMs: number;
    signal?: AbortSignal;
    log?: (event: string, fields: Record<string, string | number | boolean | null>) => void;
  },
): LeaseWatch {
  const abort = new AbortController();
  let stopped: "budget" | "lease_lost" | null = null;
  const stop = (why: "budget" | "lease_lost") => {
    stopped ??= why;
    abort.abort();
  };
  const onAbort = () => abort.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) abort.abort();
  // A failed poll or renewal is not a lost lease: the database may be away (an outage shorter
  // than the stale window loses nothing). Only an answer that the row is no longer ours stops
  // the run. While the database is away a tick is skipped rather than queued behind the last.
  const poll = everyTick(options.cancelPollMs, () =>
    isStillRunning(sql, lease).then((running) => {
      if (!running) abort.abort();
    }),
  );
  const heartbeat = everyTick(options.heartbeatMs, () =>
    renewLease(sql, lease).then((renewed) => {
      if (renewed) return;
      options.log?.("execution.lease_lost", { executionId: lease.executionId });
      stop("lease_lost");
    }),
  );
  const budget = setTimeout(() => stop("budget"), options.budgetMs);
  return {
    signal: abort.signal,
    stopped: () => stopped,
    leaseLost: () => stop("lease_lost"),
    end: () => {
      clearInterval(poll);
      clearInterval(heartbeat);
      clearTimeout(budget);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Runs `fn` every `ms`, one at a time, its failures ignored — but a tick still pending after two
 * intervals (a query on a silent connection) no longer holds the next one back: the run must not
 * stop renewing its lease because one renewal hangs.
 */
export function everyTick(ms: number, fn: () => Promise<void>): ReturnType<typeof setInterval> {
  let pendingSince: number | null = null;
  return setInterval(() => {
    const now = Date.now();
    if (pendingSince !== null && now - pendingSince < 2 * ms) return;
    pendingSince = now;
    fn()
      .catch(() => {})
      .finally(() => {
        if (pendingSince === now) pendingSince = null;
      });
  }, ms);
}
