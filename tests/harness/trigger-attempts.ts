// A Trigger.dev run's attempts as the stand-in plays them: an attempt whose body throws is
// retried as a new attempt of the same run (same run id) after the task's back-off, up to its
// maxAttempts (execution/task.ts), except for an AbortTaskRunError; an attempt may be killed
// mid-run (its process "dies": `mortal` makes its database connection die with it) and is then
// retried the same way. Runs sharing a concurrency key wait in a queue, as Trigger.dev's does.
import type postgres from "postgres";
import { CONNECTOR_EXECUTION_RETRY } from "../../execution/task.ts";
import { finish, type RunRecord } from "./trigger-run-record.ts";

export interface RetryPolicy {
  maxAttempts: number;
  minTimeoutInMs: number;
  maxTimeoutInMs: number;
  factor: number;
}

export const TASK_RETRY: RetryPolicy = CONNECTOR_EXECUTION_RETRY;

export interface AttemptContext {
  runId: string;
  /** 1 for the first attempt; a retry keeps the run id (unset: a body called directly). */
  attempt?: number;
  /** Aborted by a cancel, or when this attempt is killed. */
  signal: AbortSignal;
  /** Aborted only when this attempt is killed: what it holds must die with it (`mortal`). */
  killed?: AbortSignal;
}

export type TaskBody = (payload: { executionId: string }, run: AttemptContext) => Promise<unknown>;

/** The wait before attempt `attempt + 1`, as the SDK computes it (without randomizing). */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxTimeoutInMs, policy.minTimeoutInMs * policy.factor ** (attempt - 1));
}

export interface PlayedRun {
  /** Resolves when the run is finished (its record says how). */
  done: Promise<void>;
  cancel(): void;
  /** Kills the attempt in progress (it is retried); false when none is. */
  kill(): boolean;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const early = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener("abort", early, { once: true });
  });

export function playRun(
  record: RunRecord,
  body: TaskBody,
  payload: { executionId: string },
  policy: RetryPolicy,
  /** Holds a concurrency slot around the attempts (`keyedQueue`). */
  slot: (attempts: () => Promise<void>) => Promise<void> = (attempts) => attempts(),
): PlayedRun {
  const cancel = new AbortController();
  let killCurrent: (() => void) | undefined;
  const done = slot(async () => {
    for (let attempt = 1; ; attempt++) {
      if (cancel.signal.aborted) return finish(record, "CANCELED");
      record.status = "EXECUTING";
      record.attempts = attempt;
      record.startedAt ??= new Date();
      const killed = new AbortController();
      const died = new Promise<"killed">((resolve) => {
        killCurrent = () => {
          killed.abort();
          resolve("killed");
        };
      });
      const signal = AbortSignal.any([cancel.signal, killed.signal]);
      // A killed attempt's body goes on in the background, unable to write: it is not awaited.
      const work = body(payload, { runId: record.id, attempt, signal, killed: killed.signal }).then(
        () => "ok" as const,
        (error: unknown) =>
          error instanceof Error && error.name === "AbortTaskRunError"
            ? ("abort" as const)
            : ("threw" as const),
      );
      const ended = await Promise.race([work, died]);
      killCurrent = undefined;
      if (cancel.signal.aborted) return finish(record, "CANCELED");
      if (ended === "ok") return finish(record, "COMPLETED");
      if (ended === "abort") return finish(record, "FAILED");
      if (attempt >= policy.maxAttempts) {
        return finish(record, ended === "killed" ? "CRASHED" : "FAILED");
      }
      // Waiting for its next attempt: alive, as the API reports a run being retried.
      record.status = "QUEUED";
      await pause(retryDelay(policy, attempt), cancel.signal);
    }
  });
  return {
    done,
    cancel: () => cancel.abort(),
    kill: () => {
      if (!killCurrent) return false;
      killCurrent();
      return true;
    },
  };
}

/**
 * The attempt's database connection dies with it: once `killed`, nothing it starts reaches the
 * database and a transaction still open rolls back instead of committing (one already committed
 * stays, as after a real crash). Every runner query goes through `sql.begin` (execution/sql.ts).
 */
export function mortal(sql: postgres.Sql, killed: AbortSignal | undefined): postgres.Sql {
  if (!killed) return sql;
  const dead = () => new Error("the run's process was killed");
  type Begin = (...args: unknown[]) => Promise<unknown>;
  return new Proxy(sql, {
    apply(target, thisArg, args) {
      if (killed.aborted) throw dead();
      return Reflect.apply(target, thisArg, args);
    },
    get(target, property, receiver) {
      if (property !== "begin") return Reflect.get(target, property, receiver);
      return (...args: unknown[]) => {
        if (killed.aborted) return Promise.reject(dead());
        const fn = args.at(-1) as (tx: postgres.TransactionSql) => Promise<unknown>;
        const guarded = async (tx: postgres.TransactionSql) => {
          const out = await fn(tx);
          if (killed.aborted) throw dead();
          return out;
        };
        return (target.begin as unknown as Begin)(...args.slice(0, -1), guarded);
      };
    },
  });
}

/** Waiting runs per key: at most `limit` hold a slot; the rest start in arrival order. */
export function keyedQueue(limit: number | undefined) {
  const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (limit === undefined) return fn();
    let lane = lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      lanes.set(key, lane);
    }
    const current = lane;
    if (current.running >= limit) {
      await new Promise<void>((resolve) => current.waiting.push(resolve));
    } else {
      current.running += 1;
    }
    try {
      return await fn();
    } finally {
      const next = current.waiting.shift();
      // The slot passes straight to the next waiting run, so `running` stays as it is.
      if (next) next();
      else current.running -= 1;
    }
  };
}
