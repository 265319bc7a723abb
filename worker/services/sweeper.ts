// The cron sweeper (worker `scheduled`, every minute): no execution is lost and none stays
// running or queued forever. Stale claims go back to the queue; queued rows whose run died before
// claiming them get a new run; queued rows with no run are dispatched again, with an idempotency
// key that makes a lost Trigger.dev answer harmless. Batches are leased (sweep-batches.ts), so
// sweeps running at once split the work, and one sweep keeps taking batches until the backlog is
// empty or its time budget is spent.
import { recordDispatch } from "../../execution/queue.ts";
import {
  confirmRun,
  dispatchKey,
  releaseLease,
  replaceLostRun,
  takeUnconfirmed,
  takeUndispatched,
} from "../../execution/sweep-batches.ts";
import { reclaimStale } from "../../execution/sweep.ts";
import { type Database, openDatabase } from "../db/client.ts";
import type { Config } from "../env.ts";
import { log } from "../lib/log.ts";
import { dispatch } from "./dispatch.ts";
import { fireDueSchedules } from "./schedules-sweep.ts";
import { checkTriggerRun, type RunVerdict } from "./trigger-runs.ts";

/** Rows younger than this are still being dispatched by the request that created them. */
export const DISPATCH_GRACE_SECONDS = 15;
/** Rows per batch, and runner calls in flight at once within a batch. */
const BATCH = 100;
const PARALLEL = 10;
/** A sweep takes no new batch after this: the next one starts a minute after it began. */
export const SWEEP_BUDGET_MS = 45_000;

export interface SweepReport {
  requeued: number;
  failed: number;
  dispatched: number;
  dispatchFailed: number;
  /** Queued rows whose run was checked with the runner. */
  checked: number;
  /** Of those, rows whose run was dead and that go back to dispatch under a new key. */
  redispatched: number;
  /** Of those, rows that had lost too many runs and failed. */
  abandoned: number;
  /** Schedule slots that started an execution (README "Schedules"). */
  scheduled: number;
  /** Due slots passed over: connector disabled, stored input no longer valid. */
  scheduleSkipped: number;
}

export interface SweepOptions {
  graceSeconds?: number;
  reconcileGraceSeconds?: number;
  budgetMs?: number;
}

interface Sweep {
  db: Database;
  config: Config;
  connectionString: string;
  waitUntil: (promise: Promise<unknown>) => void;
  deadline: number;
}

/** Runs `work` over `items` with at most PARALLEL in flight. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
}

/** An inline run that has not claimed its row within the grace period died with its isolate. */
async function verdictFor(sweep: Sweep, runId: string): Promise<RunVerdict> {
  if (sweep.config.runner === "inline") return { kind: "dead", status: "INLINE_GONE" };
  return checkTriggerRun(runId, sweep.config);
}

async function reconcile(sweep: Sweep, graceSeconds: number) {
  const tally = { checked: 0, redispatched: 0, abandoned: 0 };
  const { db, config } = sweep;
  while (Date.now() < sweep.deadline) {
    const rows = await db.asService((tx) =>
      takeUnconfirmed(tx, config.runner, graceSeconds, BATCH),
    );
    let undecided = 0;
    await inParallel(rows, async (row) => {
      const verdict = await verdictFor(sweep, row.runId);
      tally.checked += 1;
      if (verdict.kind === "unknown") {
        undecided += 1;
        await db.asService((tx) => releaseLease(tx, [row.id]));
        return;
      }
      if (verdict.kind === "alive") {
        await db.asService((tx) => confirmRun(tx, row.id, row.runId));
        return;
      }
      const outcome = await db.asService((tx) =>
        replaceLostRun(tx, row.id, row.runId, verdict.status),
      );
      if (outcome === "redispatch") tally.redispatched += 1;
      if (outcome === "failed") tally.abandoned += 1;
      log("warn", "execution.run_lost", {
        executionId: row.id,
        runId: row.runId,
        runStatus: verdict.status,
        outcome,
      });
    });
    // Empty, or the runner's API is failing (the rows handed back would only be taken again).
    // A short batch is not the end: a concurrent sweep may hold the rest.
    if (rows.length === 0 || undecided > 0) break;
  }
  return tally;
}

async function dispatchBacklog(sweep: Sweep, graceSeconds: number) {
  const tally = { dispatched: 0, dispatchFailed: 0 };
  const { db, config } = sweep;
  // The inline runner enforces the per-workspace limit when it claims.
  const slots =
    config.runner === "inline"
      ? {
          perWorkspace: config.executionConcurrencyPerWorkspace,
          staleClaimSeconds: config.staleClaimSeconds,
        }
      : undefined;
  while (Date.now() < sweep.deadline) {
    const rows = await db.asService((tx) => takeUndispatched(tx, graceSeconds, BATCH, slots));
    let failedHere = 0;
    try {
      await inParallel(rows, async (row) => {
        const result = await dispatch(
          {
            executionId: row.id,
            workspaceId: row.workspaceId,
            connectorId: row.connectorId,
            trigger: row.trigger,
            idempotencyKey: dispatchKey(row),
          },
          {
            config,
            connectionString: sweep.connectionString,
            waitUntil: sweep.waitUntil,
          },
        );
        if (!result.ok) {
          failedHere += 1;
          return;
        }
        tally.dispatched += 1;
        if (config.runner === "trigger") {
          await db.asService((tx) => recordDispatch(tx, row.id, result.runId));
        }
      });
    } finally {
      await db.asService((tx) =>
        releaseLease(
          tx,
          rows.map((row) => row.id),
        ),
      );
    }
    tally.dispatchFailed += failedHere;
    // Inline rows stay without a run id until their run claims them: one batch per sweep. A
    // short batch is not the end: a concurrent sweep may hold the rest.
    if (rows.length === 0 || failedHere > 0 || config.runner === "inline") break;
  }
  return tally;
}

export async function sweep(
  config: Config,
  connectionString: string,
  waitUntil: (promise: Promise<unknown>) => void,
  options: SweepOptions = {},
): Promise<SweepReport> {
  const db: Database = openDatabase(connectionString, { max: 2 });
  const run: Sweep = {
    db,
    config,
    connectionString,
    waitUntil,
    deadline: Date.now() + (options.budgetMs ?? SWEEP_BUDGET_MS),
  };
  try {
    const reclaimed = await db.asService((tx) => reclaimStale(tx, config.staleClaimSeconds));
    // Before the backlog: a sweep whose budget the backlog spends still starts its slots.
    const slots = await fireDueSchedules(db, { config, connectionString, waitUntil }, run);
    const reconciled = await reconcile(
      run,
      options.reconcileGraceSeconds ?? config.reconcileGraceSeconds,
    );
    const sent = await dispatchBacklog(run, options.graceSeconds ?? DISPATCH_GRACE_SECONDS);
    const report = {
      ...reclaimed,
      ...sent,
      ...reconciled,
      scheduled: slots.fired,
      scheduleSkipped: slots.skipped,
    };
    log("info", "sweep", { ...report });
    return report;
  } finally {
    await db.close().catch(() => {});
  }
}
