// A running execution's database writes through an outage (docs/RELIABILITY.md): retried with
// capped exponential back-off and jitter until a deadline the run's budget sets, never forever.
import { DEFAULT_LIMITS } from "../engine/limits.ts";

export const WRITE_BACKOFF_FIRST_MS = 250;
export const WRITE_BACKOFF_MAX_MS = 5_000;
/** How long past the run's budget the writes that record its end may still be retried. */
export const FINAL_WRITE_GRACE_MS = 60_000;
/**
 * A run's longest wall time with the default budget: the budget, the final writes' grace, and a
 * last attempt begun just before the grace ends (a connection attempt may take 30 s). Trigger.dev's
 * `maxDuration` is this, so the task is never stopped while its last write is retried.
 */
export const RUN_MAX_SECONDS =
  (DEFAULT_LIMITS.executionBudgetMs + FINAL_WRITE_GRACE_MS) / 1000 + 60;

// SQLSTATE classes of a server that is stopping, starting, or short of resources: try again.
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)/;

/** Anything but a definitive answer from the server (a bad query, a constraint) is retried. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "PostgresError") return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && TRANSIENT_SQLSTATE.test(code);
}

/** The wait before retry `attempt` (1-based): doubled each time, capped, half of it random. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(WRITE_BACKOFF_MAX_MS, WRITE_BACKOFF_FIRST_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface RetryClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  log?: (event: string, fields: Record<string, string | number | boolean | null>) => void;
}

/**
 * Runs `fn` until it succeeds; a transient failure is retried while `deadline` has not passed
 * (the last wait is cut to end at it, so one attempt is made at the deadline). Never retries a
 * `false` from `fn`: a refused write is an answer.
 */
export async function retryUntil<T>(
  what: string,
  fn: () => Promise<T>,
  deadline: number,
  clock: RetryClock,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const left = deadline - clock.now();
      const retry = isTransient(error) && left > 0;
      const wait = retry ? Math.min(left, backoffMs(attempt, clock.random)) : null;
      const code = (error as { code?: unknown } | null)?.code;
      clock.log?.(retry ? "execution.write_retry" : "execution.write_failed", {
        what,
        attempt,
        error: error instanceof Error ? error.name : "error",
        code: typeof code === "string" ? code : null,
        retryInMs: wait,
      });
      if (wait === null) throw error;
      await clock.sleep(wait);
    }
  }
}

/** The run's two write deadlines, from its start and its budget. */
export function runWrites(clock: RetryClock, budgetMs: number) {
  const budgetEnd = clock.now() + budgetMs;
  return {
    budgetEnd,
    /** The claim and the reads that prepare the run: until the budget runs out. */
    untilBudget: <T>(what: string, fn: () => Promise<T>) => retryUntil(what, fn, budgetEnd, clock),
    /** What the run did (each step's result, the final status): the budget plus the grace. */
    untilGrace: <T>(what: string, fn: () => Promise<T>) =>
      retryUntil(what, fn, budgetEnd + FINAL_WRITE_GRACE_MS, clock),
  };
}
