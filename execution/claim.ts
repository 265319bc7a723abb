// The claim: which runner may run an execution, decided by one conditional UPDATE as
// service_role (a runner acts for no user: the row says which workspace).
import type postgres from "postgres";
import type { JsonValue } from "../engine/json.ts";
import { asService, type Sql } from "./sql.ts";

export interface ClaimedExecution {
  id: string;
  workspaceId: string;
  connectorId: string | null;
  definition: JsonValue;
  input: JsonValue;
  contactId: string | null;
  attempts: number;
  startedAt: Date;
  /** This claim's lease: every later write of the run holds only while the row still has it. */
  lease: string;
  /** The steps committed by earlier runs: this run resumes after them. */
  stepResults: JsonValue[];
  /** Step id → the sealed tainted values of a committed step (execution/resume.ts). */
  stepTaint: Record<string, JsonValue>;
}

const CLAIM_RETURNING = `id, workspace_id as "workspaceId", connector_id as "connectorId",
  definition, input, contact_id as "contactId", attempts, started_at as "startedAt",
  lease_id as "lease", step_results as "stepResults", step_taint as "stepTaint"`;

/** A running row is alive while its lease was renewed within the stale window. */
export const LAST_SIGN_OF_LIFE = "coalesce(heartbeat_at, claimed_at)";

/**
 * The claim, one conditional UPDATE: a queued row, or a running one whose claim belongs
 * to this same run (an earlier attempt of it) or whose lease was not renewed for the stale window. Anything else
 * — already claimed by a live run, finished, cancelled — claims nothing. A claimable row whose
 * connector has been disabled or deleted since it was queued is cancelled instead, with the
 * reason in `error` ("cancelled"): it must not run with the workspace's credentials.
 */
export async function claimExecution(
  sql: Sql,
  args: {
    executionId: string;
    runId: string;
    runner: string;
    staleClaimSeconds: number;
    /** At most this many live claims per workspace (the inline runner's queue). */
    concurrencyLimit?: number;
  },
): Promise<ClaimedExecution | "busy" | "cancelled" | null> {
  return asService(sql, async (tx) => {
    const claimable = tx`
      (status = 'queued'
       or (status = 'running'
           and (run_id = ${args.runId}
                or ${tx.unsafe(LAST_SIGN_OF_LIFE)}
                   < now() - make_interval(secs => ${args.staleClaimSeconds}))))`;
    // Deleting a connector sets its executions' connector_id to null (history survives).
    const cancelled = await tx`
      with gate as (
        select e.id,
               (select c.status from connectors.connectors c
                where c.workspace_id = e.workspace_id and c.id = e.connector_id) as connector
        from connectors.connector_executions e
        where e.id = ${args.executionId}
      )
      update connectors.connector_executions e
      set status = 'cancelled',
          error = jsonb_build_object(
            'kind', 'cancelled', 'stepId', null,
            'message', case when g.connector is null
                            then 'the connector was deleted before this execution ran'
                            else 'the connector was disabled before this execution ran' end)
      from gate g
      where e.id = g.id and g.connector is distinct from 'active' and ${claimable}
      returning e.id`;
    if (cancelled.length > 0) return "cancelled";
    const set = tx`
      set status = 'running',
          claimed_at = now(),
          heartbeat_at = now(),
          lease_id = gen_random_uuid(),
          started_at = coalesce(started_at, now()),
          attempts = attempts + 1,
          run_id = ${args.runId},
          runner = ${args.runner}`;
    if (args.concurrencyLimit === undefined) {
      const rows = await tx<ClaimedExecution[]>`
        update connectors.connector_executions ${set}
        where id = ${args.executionId} and ${claimable}
        returning ${tx.unsafe(CLAIM_RETURNING)}`;
      return rows[0] ?? null;
    }
    const live = (workspace: postgres.Fragment) => tx`
      select count(*)::int from connectors.connector_executions
      where workspace_id = ${workspace} and status = 'running' and id <> ${args.executionId}
        and ${tx.unsafe(LAST_SIGN_OF_LIFE)}
            >= now() - make_interval(secs => ${args.staleClaimSeconds})`;
    // Without the lock first: a full workspace defers at once instead of queueing on the lock
    // (under a burst most runs are over the limit, and each waiter would hold a connection).
    const [pre] = await tx<{ workspaceId: string; live: number; claimable: boolean }[]>`
      select workspace_id as "workspaceId", (${live(tx`e.workspace_id`)}) as live,
             ${claimable} as claimable
      from connectors.connector_executions e where id = ${args.executionId}`;
    if (!pre?.claimable) return null;
    if (pre.live >= args.concurrencyLimit) return "busy";
    // Authoritative, under a per-workspace lock so two claims cannot both take the last slot.
    // Pipelined (one round trip), so the lock is held for as short a time as possible; each
    // statement sees what was committed before it started, including the previous holder's claim.
    const [, rows, after] = await Promise.all([
      tx`select pg_advisory_xact_lock(hashtextextended(${pre.workspaceId}, 0))`,
      tx<ClaimedExecution[]>`
        update connectors.connector_executions ${set}
        where id = ${args.executionId} and ${claimable}
          and (${live(tx`${pre.workspaceId}::uuid`)}) < ${args.concurrencyLimit}
        returning ${tx.unsafe(CLAIM_RETURNING)}`,
      tx<{ claimable: boolean }[]>`
        select ${claimable} as claimable from connectors.connector_executions
        where id = ${args.executionId}`,
    ]);
    const claimed = rows[0];
    if (claimed) return claimed;
    // Not claimed: over the limit (stay queued for the sweeper) or not claimable at all.
    return after[0]?.claimable ? "busy" : null;
  });
}
