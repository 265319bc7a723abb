// Schedules firing from the minute sweeper. In one transaction per batch the due schedules are
// locked (a concurrent sweep skips them), each slot's execution is inserted under the key
// `schedule:<connectorId>:<slot>` (unique per workspace, so a retried or concurrent sweep starts
// nothing twice) and next_run_at moves past now; after the commit the new rows are dispatched.
// A dispatch that fails is the sweeper's undispatched pass's to retry.
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { insertSystemExecution, recordDispatch } from "../../execution/queue.ts";
import type { Database, Tx } from "../db/client.ts";
import { advanceSchedule, type DueSchedule, takeDueSchedules } from "../db/schedules-due.ts";
import { log } from "../lib/log.ts";
import { dispatch, type DispatchTarget, type RunnerContext } from "./dispatch.ts";
import { latestSlot, nextSlot, slotKey } from "./schedules-cron.ts";

const BATCH = 100;

export interface ScheduleSweepReport {
  /** Slots that started an execution. */
  fired: number;
  /** Due schedules moved on without firing: connector disabled, input no longer valid. */
  skipped: number;
}

type Outcome = { fired: DispatchTarget | null; skipped: boolean };

/** Why a due slot does not run, or null when it does. */
function reasonNotToFire(row: DueSchedule): string | null {
  if (row.connectorStatus !== "active") return "connector_disabled";
  const checked = validateInput(row.inputSchema as JsonValue | undefined, row.input);
  return checked.ok ? null : "input_invalid";
}

async function fireOne(tx: Tx, row: DueSchedule, now: Date): Promise<Outcome> {
  const spec = { cron: row.cron, timezone: row.timezone };
  let next: Date | null;
  let slot: Date | null;
  try {
    next = nextSlot(spec, now);
    slot = latestSlot(spec, now);
  } catch (error) {
    // Stored crons were checked when set; a zone the runtime stopped knowing parks the row.
    log("error", "schedule.unreadable", { connectorId: row.connectorId, error: String(error) });
    await advanceSchedule(tx, row.connectorId, null, null);
    return { fired: null, skipped: true };
  }
  // Only the latest slot up to now runs, and only if it is not older than the one that was due.
  if (!slot || slot.getTime() < new Date(row.nextRunAt).getTime()) {
    await advanceSchedule(tx, row.connectorId, next, null);
    return { fired: null, skipped: false };
  }
  const reason = reasonNotToFire(row);
  if (reason) {
    log("warn", "schedule.skipped", {
      connectorId: row.connectorId,
      workspaceId: row.workspaceId,
      slot: slot.toISOString(),
      reason,
    });
    await advanceSchedule(tx, row.connectorId, next, null);
    return { fired: null, skipped: true };
  }
  const inserted = await insertSystemExecution(tx, {
    workspaceId: row.workspaceId,
    connectorId: row.connectorId,
    input: row.input,
    contactId: row.contactId,
    trigger: "schedule",
    idempotencyKey: slotKey(row.connectorId, slot),
  });
  if (!inserted) throw new Error("a scheduled execution's key is held by no row");
  await advanceSchedule(tx, row.connectorId, next, { slot, executionId: inserted.id });
  if (!inserted.created) return { fired: null, skipped: false };
  const target: DispatchTarget = {
    executionId: inserted.id,
    workspaceId: row.workspaceId,
    connectorId: row.connectorId,
    trigger: "schedule",
    idempotencyKey: inserted.id,
  };
  return { fired: target, skipped: false };
}

/** Fires every due schedule: batch after batch until none is left or the deadline passes. */
export async function fireDueSchedules(
  db: Database,
  runner: RunnerContext,
  options: { now?: () => Date; deadline?: number } = {},
): Promise<ScheduleSweepReport> {
  const report: ScheduleSweepReport = { fired: 0, skipped: 0 };
  const clock = options.now ?? (() => new Date());
  for (;;) {
    const now = clock();
    const { taken, targets } = await db.asService(async (tx) => {
      const rows = await takeDueSchedules(tx, now, BATCH);
      const started: DispatchTarget[] = [];
      for (const row of rows) {
        const outcome = await fireOne(tx, row, now);
        if (outcome.fired) started.push(outcome.fired);
        if (outcome.skipped) report.skipped += 1;
      }
      return { taken: rows.length, targets: started };
    });
    // Committed: only now is each one handed to a runner.
    for (const target of targets) {
      const result = await dispatch(target, runner);
      report.fired += 1;
      if (result.ok && runner.config.runner === "trigger") {
        await db.asService((tx) => recordDispatch(tx, target.executionId, result.runId));
      }
    }
    if (taken < BATCH || (options.deadline !== undefined && Date.now() >= options.deadline)) {
      break;
    }
  }
  return report;
}
