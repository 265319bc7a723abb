// What a running execution writes: each step result as it lands, the cancel poll, and the
// final status with the contact's field mapping. Every write holds only while the row is running
// under this run's lease, so a cancelled or taken-over row is never overwritten.
import type { JsonValue } from "../engine/json.ts";
import { asService, type Sql } from "./sql.ts";
import type { FinalStatus } from "./status.ts";

export async function markCredentialsUsed(sql: Sql, workspaceId: string, names: string[]) {
  if (names.length === 0) return;
  await asService(
    sql,
    // Every run of the workspace touches these rows: one held by a run at the same moment
    // records the same time, so it is skipped rather than waited for.
    (tx) => tx`
      update connectors.workspace_api_credentials set last_used_at = now()
      where id in (select id from connectors.workspace_api_credentials
                   where workspace_id = ${workspaceId} and name in ${tx(names)}
                   for no key update skip locked)`,
  );
}

/** A running execution's lease: writes hold only while the row is running under it. */
export type Lease = { executionId: string; lease: string };

/**
 * Commits one step result as step `index` while the lease holds (and renews it); false when it
 * does not (cancelled, or taken over). `sealedTaint` is what a resumed run needs to taint the
 * step's values again (execution/resume.ts).
 */
export async function appendStepResult(
  sql: Sql,
  args: Lease & { index: number; stepId: string; result: JsonValue; sealedTaint: JsonValue | null },
): Promise<boolean> {
  const taint = args.sealedTaint === null ? {} : { [args.stepId]: args.sealedTaint };
  return asService(sql, async (tx) => {
    const rows = await tx`
      update connectors.connector_executions
      set step_results = step_results || jsonb_build_array(${tx.json(args.result as never)}::jsonb),
          step_taint = step_taint || ${tx.json(taint as never)}::jsonb,
          heartbeat_at = now()
      where id = ${args.executionId} and status = 'running' and lease_id = ${args.lease}
        and jsonb_array_length(step_results) = ${args.index}
      returning id`;
    if (rows.length > 0) return true;
    // A retry whose first try committed but lost its reply finds its own entry there: under
    // this lease (new on every claim) only this run can have written it.
    const own = await tx`
      select 1 from connectors.connector_executions
      where id = ${args.executionId} and status = 'running' and lease_id = ${args.lease}
        and jsonb_array_length(step_results) = ${args.index + 1}
        and step_results -> ${args.index}::int ->> 'id' = ${args.stepId}`;
    return own.length > 0;
  });
}

/** The cancel poll: whether the row is still running under this lease. */
export async function isStillRunning(sql: Sql, lease: Lease) {
  const rows = await asService(
    sql,
    (tx) => tx`
      select 1 from connectors.connector_executions
      where id = ${lease.executionId} and status = 'running' and lease_id = ${lease.lease}`,
  );
  return rows.length > 0;
}

/** The heartbeat: renews the lease; false when the row is no longer running under it. */
export async function renewLease(sql: Sql, lease: Lease) {
  const rows = await asService(
    sql,
    (tx) => tx`
      update connectors.connector_executions set heartbeat_at = now()
      where id = ${lease.executionId} and status = 'running' and lease_id = ${lease.lease}
      returning id`,
  );
  return rows.length > 0;
}

/** Contact columns a field mapping may write; anything else goes under custom_fields. */
const CONTACT_COLUMNS = new Set(["email", "first_name", "last_name", "phone", "company"]);

export function splitMapping(mapping: Record<string, JsonValue>): {
  columns: Record<string, string | null>;
  custom: Record<string, JsonValue>;
} {
  const columns: Record<string, string | null> = {};
  const custom: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(mapping)) {
    if (value === null) continue;
    if (field.startsWith("custom_fields.")) {
      custom[field.slice("custom_fields.".length)] = value;
    } else if (CONTACT_COLUMNS.has(field)) {
      columns[field] = typeof value === "string" ? value : JSON.stringify(value);
    } else {
      custom[field] = value;
    }
  }
  return { columns, custom };
}

export interface Finish extends Lease {
  status: FinalStatus;
  output: JsonValue;
  error: JsonValue | null;
  durationMs: number;
  /** Field-mapping entries left unwritten (fed by a tainted value), with the reason. */
  mappingSkipped?: readonly { field: string; reason: string }[];
  /** Written onto the contact in the same transaction, when the run succeeded. */
  contact: { workspaceId: string; contactId: string; mapping: Record<string, JsonValue> } | null;
}

/**
 * The final status, output and duration, and the contact's field mapping — one transaction,
 * and only while the row is still running under this run's lease: a cancelled or taken-over row
 * is never overwritten.
 */
export async function finishExecution(sql: Sql, finish: Finish): Promise<boolean> {
  return asService(sql, async (tx) => {
    const rows = await tx`
      update connectors.connector_executions
      set status = ${finish.status}, output = ${tx.json(finish.output as never)},
          error = ${finish.error === null ? null : tx.json(finish.error as never)},
          finished_at = now(), duration_ms = ${finish.durationMs},
          mapping_skipped = ${tx.json((finish.mappingSkipped ?? []) as never)},
          step_taint = '{}'::jsonb
      where id = ${finish.executionId} and status = 'running' and lease_id = ${finish.lease}
      returning id`;
    if (rows.length === 0) {
      // A retry whose first try committed but lost its reply: the row ended under this lease.
      const own = await tx`
        select 1 from connectors.connector_executions
        where id = ${finish.executionId} and lease_id = ${finish.lease}
          and status = ${finish.status} and finished_at is not null`;
      return own.length > 0;
    }
    if (finish.status === "succeeded" && finish.contact) {
      const { columns, custom } = splitMapping(finish.contact.mapping);
      const set: Record<string, unknown> = { ...columns };
      if (Object.keys(set).length > 0 || Object.keys(custom).length > 0) {
        await tx`
          update connectors.contacts
          set ${Object.keys(set).length > 0 ? tx(set) : tx`updated_at = now()`},
              custom_fields = custom_fields || ${tx.json(custom as never)}::jsonb
          where workspace_id = ${finish.contact.workspaceId} and id = ${finish.contact.contactId}`;
      }
    }
    return true;
  });
}

/** Ends a claimed execution that cannot run at all (e.g. an undecryptable credential). */
export async function failBeforeRun(
  sql: Sql,
  args: Lease & { error: JsonValue },
): Promise<boolean> {
  return finishExecution(sql, {
    executionId: args.executionId,
    lease: args.lease,
    status: "failed",
    output: {},
    error: args.error,
    durationMs: 0,
    contact: null,
  });
}
