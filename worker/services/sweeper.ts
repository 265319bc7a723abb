// The cron sweeper (worker `scheduled`, every minute): no execution is lost and none stays
// running forever. Stale claims go back to the queue; queued rows with no run are dispatched
// again, with an idempotency key that makes a lost Trigger.dev answer harmless.
import { recordDispatch } from "../../execution/queue.ts";
import { reclaimStale, undispatched } from "../../execution/sweep.ts";
import { type Database, openDatabase } from "../db/client.ts";
import type { Config } from "../env.ts";
import { log } from "../lib/log.ts";
import { dispatch } from "./dispatch.ts";

/** Rows younger than this are still being dispatched by the request that created them. */
export const DISPATCH_GRACE_SECONDS = 15;
const BATCH = 100;

export interface SweepReport {
  requeued: number;
  failed: number;
  dispatched: number;
  dispatchFailed: number;
}

export async function sweep(
  config: Config,
  connectionString: string,
  waitUntil: (promise: Promise<unknown>) => void,
  options: { graceSeconds?: number } = {},
): Promise<SweepReport> {
  const db: Database = openDatabase(connectionString, { max: 2 });
  try {
    const reclaimed = await db.asService((tx) => reclaimStale(tx, config.staleClaimSeconds));
    const slots =
      config.runner === "inline"
        ? {
            perWorkspace: config.executionConcurrencyPerWorkspace,
            staleClaimSeconds: config.staleClaimSeconds,
          }
        : undefined;
    const rows = await db.asService((tx) =>
      undispatched(tx, options.graceSeconds ?? DISPATCH_GRACE_SECONDS, BATCH, slots),
    );
    let dispatched = 0;
    let dispatchFailed = 0;
    for (const row of rows) {
      const result = await dispatch(
        {
          executionId: row.id,
          workspaceId: row.workspaceId,
          connectorId: row.connectorId,
          idempotencyKey: row.attempts === 0 ? row.id : `${row.id}:${row.attempts}`,
        },
        { config, connectionString, waitUntil },
      );
      if (!result.ok) {
        dispatchFailed += 1;
        continue;
      }
      dispatched += 1;
      if (config.runner === "trigger") {
        await db.asService((tx) => recordDispatch(tx, row.id, result.runId));
      }
    }
    const report = { ...reclaimed, dispatched, dispatchFailed };
    log("info", "sweep", { ...report });
    return report;
  } finally {
    await db.close().catch(() => {});
  }
}
