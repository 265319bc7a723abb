import type { Tx } from "./client.ts";
import { iso } from "./sql.ts";

/** A schedule as the API shows it, but for `nextRunAt`, which is computed when answering. */
export interface ScheduleRow {
  connectorId: string;
  cron: string;
  timezone: string;
  input: Record<string, unknown>;
  contactId: string | null;
  enabled: boolean;
  lastRunAt: string | null;
  lastExecutionId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ScheduleWrite {
  cron: string;
  timezone: string;
  input: Record<string, unknown>;
  contactId: string | null;
  enabled: boolean;
  nextRunAt: Date;
}

type Stored = Omit<ScheduleRow, "lastRunAt" | "createdAt" | "updatedAt"> & {
  lastRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

function toRow(row: Stored): ScheduleRow {
  return {
    ...row,
    lastRunAt: iso(row.lastRunAt),
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
  };
}

function columns(tx: Tx) {
  return tx`
    connector_id as "connectorId", cron, timezone, input, contact_id as "contactId", enabled,
    last_run_at as "lastRunAt", last_execution_id as "lastExecutionId",
    created_at as "createdAt", updated_at as "updatedAt"`;
}

export async function getSchedule(
  tx: Tx,
  workspaceId: string,
  connectorId: string,
): Promise<ScheduleRow | null> {
  const [row] = await tx<Stored[]>`
    select ${columns(tx)} from connectors.connector_schedules
    where workspace_id = ${workspaceId} and connector_id = ${connectorId}`;
  return row ? toRow(row) : null;
}

/** Creates or replaces the connector's schedule; `created` tells which. */
export async function putSchedule(
  tx: Tx,
  workspaceId: string,
  connectorId: string,
  write: ScheduleWrite,
): Promise<{ schedule: ScheduleRow; created: boolean }> {
  const [row] = await tx<(Stored & { created: boolean })[]>`
    insert into connectors.connector_schedules as s
      (connector_id, workspace_id, cron, timezone, input, contact_id, enabled, next_run_at)
    values (${connectorId}, ${workspaceId}, ${write.cron}, ${write.timezone},
            ${tx.json(write.input as never)}, ${write.contactId}, ${write.enabled},
            ${write.nextRunAt})
    on conflict (connector_id) do update
      set cron = excluded.cron, timezone = excluded.timezone, input = excluded.input,
          contact_id = excluded.contact_id, enabled = excluded.enabled,
          next_run_at = excluded.next_run_at
      where s.workspace_id = excluded.workspace_id
    returning ${columns(tx)}, (xmax = 0) as created`;
  if (!row) throw new Error("schedule write returned no row");
  const { created, ...schedule } = row;
  return { schedule: toRow(schedule), created };
}

/** True when a schedule was removed. */
export async function deleteSchedule(
  tx: Tx,
  workspaceId: string,
  connectorId: string,
): Promise<boolean> {
  const rows = await tx`
    delete from connectors.connector_schedules
    where workspace_id = ${workspaceId} and connector_id = ${connectorId}
    returning connector_id`;
  return rows.length > 0;
}
