// The SQL the execution task body needs, as service_role (it runs for no user: the row says
// which workspace, and every query is scoped by that workspace id).
import type postgres from "postgres";
import type { JsonValue } from "../../engine/json.ts";

export type Sql = postgres.Sql;

export interface ClaimedExecution {
  id: string;
  workspaceId: string;
  connectorId: string | null;
  definition: JsonValue;
  input: JsonValue;
  contactId: string | null;
  attempts: number;
  startedAt: Date;
}

/** One short service-role transaction. */
export function asService<T>(
  sql: Sql,
  fn: (tx: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true)`;
    return fn(tx);
  }) as Promise<T>;
}

const CLAIM_RETURNING = `id, workspace_id as "workspaceId", connector_id as "connectorId",
  definition, input, contact_id as "contactId", attempts, started_at as "startedAt"`;

/**
 * SPEC §6.3's claim, one conditional UPDATE: a queued row, or a running one whose claim belongs
 * to this same run (an earlier attempt of it) or is older than the stale window. Anything else
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
                or claimed_at < now() - make_interval(secs => ${args.staleClaimSeconds}))))`;
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
        and claimed_at >= now() - make_interval(secs => ${args.staleClaimSeconds})`;
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

export interface CredentialRow {
  name: string;
  ciphertext: string;
  keyVersion: number;
  allowedHosts: string[];
  /** As stored; the AAD binds them, so decryption proves nobody edited them since. */
  placements: string[];
  queryParam: string | null;
}

export async function loadCredentials(
  sql: Sql,
  workspaceId: string,
  names: string[],
): Promise<CredentialRow[]> {
  if (names.length === 0) return [];
  return asService(
    sql,
    (tx) => tx<CredentialRow[]>`
      select name, ciphertext, key_version as "keyVersion", allowed_hosts as "allowedHosts",
             placements, query_param as "queryParam"
      from connectors.workspace_api_credentials
      where workspace_id = ${workspaceId} and name in ${tx(names)}`,
  );
}

export async function markCredentialsUsed(sql: Sql, workspaceId: string, names: string[]) {
  if (names.length === 0) return;
  await asService(
    sql,
    (tx) => tx`
      update connectors.workspace_api_credentials set last_used_at = now()
      where workspace_id = ${workspaceId} and name in ${tx(names)}`,
  );
}

export async function loadContact(
  sql: Sql,
  workspaceId: string,
  contactId: string,
): Promise<Record<string, JsonValue> | null> {
  const rows = await asService(
    sql,
    (tx) => tx<{ contact: Record<string, JsonValue> }[]>`
      select jsonb_build_object(
        'id', id, 'email', email, 'first_name', first_name, 'last_name', last_name,
        'phone', phone, 'company', company, 'custom_fields', custom_fields) as contact
      from connectors.contacts where workspace_id = ${workspaceId} and id = ${contactId}`,
  );
  return rows[0]?.contact ?? null;
}

/** Appends one step result while the claim is still ours; false when it is not (cancelled). */
export async function appendStepResult(
  sql: Sql,
  args: { executionId: string; runId: string; result: JsonValue },
): Promise<boolean> {
  const rows = await asService(
    sql,
    (tx) => tx`
      update connectors.connector_executions
      set step_results = step_results || jsonb_build_array(${tx.json(args.result as never)}::jsonb)
      where id = ${args.executionId} and status = 'running' and run_id = ${args.runId}
      returning id`,
  );
  return rows.length > 0;
}

export async function isStillRunning(sql: Sql, executionId: string, runId: string) {
  const rows = await asService(
    sql,
    (tx) => tx`
      select 1 from connectors.connector_executions
      where id = ${executionId} and status = 'running' and run_id = ${runId}`,
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

export interface Finish {
  executionId: string;
  runId: string;
  status: "succeeded" | "failed" | "cancelled";
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
 * and only while the claim is still this run's: a cancelled row is never overwritten.
 */
export async function finishExecution(sql: Sql, finish: Finish): Promise<boolean> {
  return asService(sql, async (tx) => {
    const rows = await tx`
      update connectors.connector_executions
      set status = ${finish.status}, output = ${tx.json(finish.output as never)},
          error = ${finish.error === null ? null : tx.json(finish.error as never)},
          finished_at = now(), duration_ms = ${finish.durationMs},
          mapping_skipped = ${tx.json((finish.mappingSkipped ?? []) as never)}
      where id = ${finish.executionId} and status = 'running' and run_id = ${finish.runId}
      returning id`;
    if (rows.length === 0) return false;
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
  args: { executionId: string; runId: string; error: JsonValue },
): Promise<boolean> {
  return finishExecution(sql, {
    executionId: args.executionId,
    runId: args.runId,
    status: "failed",
    output: {},
    error: args.error,
    durationMs: 0,
    contact: null,
  });
}
