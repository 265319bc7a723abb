// The cron sweeper (worker `scheduled`, every minute): no execution is lost and none stays
// running forever. Stale claims go back to the queue; queued rows with no run are dispatched
// again, with an idempotency key that makes a lost Trigger.dev answer harmless.
import { type Database, openDatabase } from "../db/client.ts";
import { reclaimStale, recordDispatch, undispatched } from "../db/dispatch.ts";
import type { Config } from "../env.ts";
import { log } from "./log.ts";
import { dispatch } from "./runner.ts";

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
    const reclaimed = await reclaimStale(db, config.staleClaimSeconds);
    const rows = await undispatched(
      db,
      options.graceSeconds ?? DISPATCH_GRACE_SECONDS,
      BATCH,
      config.runner === "inline"
        ? {
            perWorkspace: config.executionConcurrencyPerWorkspace,
            staleClaimSeconds: config.staleClaimSeconds,
          }
        : undefined,
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
      if (config.runner === "trigger") await recordDispatch(db, row.id, result.runId);
    }
    const report = { ...reclaimed, dispatched, dispatchFailed };
    log("info", "sweep", { ...report });
    return report;
  } finally {
    await db.close().catch(() => {});
  }
}
