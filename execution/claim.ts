// The claim: which runner may run an execution, decided by one conditional UPDATE in a database
// function acting for no user (a runner acts for no user: the row says which workspace).
import type { JsonValue } from "../engine/json.ts";
import type { Sql } from "./sql.ts";

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

/** A running row is alive while its lease was renewed within the stale window. */
export const LAST_SIGN_OF_LIFE = "coalesce(heartbeat_at, claimed_at)";

/**
 * The claim, one conditional UPDATE: a queued row, or a running one whose claim belongs
 * to this same run (an earlier attempt of it) or whose lease was not renewed for the stale window. Anything else
 * — already claimed by a live run, finished, cancelled — claims nothing. A claimable row whose
 * connector has been disabled or deleted since it was queued is cancelled instead, with the
 * reason in `error` ("cancelled"): it must not run with the workspace's credentials.
 *
 * One statement outside any transaction (`connectors.claim_execution`, migration
 * 20261205000200): it is its own transaction, so the per-workspace lock that makes the limit exact
 * is taken, the row claimed and committed, and the lock released on the server, without waiting
 * for this isolate to send a COMMIT. One round trip instead of six.
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
  const [row] = await sql<(ClaimedExecution & { outcome: string })[]>`
    select outcome, id, workspace_id as "workspaceId", connector_id as "connectorId",
           definition, input, contact_id as "contactId", attempts, started_at as "startedAt",
           lease_id as "lease", step_results as "stepResults", step_taint as "stepTaint"
    from connectors.claim_execution(
      ${args.executionId}::uuid, ${args.runId}, ${args.runner},
      ${args.staleClaimSeconds}::double precision, ${args.concurrencyLimit ?? null}::integer)`;
  switch (row?.outcome) {
    case "claimed": {
      const { outcome: _, ...claimed } = row;
      return claimed;
    }
    case "busy":
      return "busy";
    case "cancelled":
      return "cancelled";
    default:
      return null;
  }
}
