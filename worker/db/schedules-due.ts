// The sweeper's side of schedules, as service_role: take the due rows (locked, skipping rows a
// concurrent sweep holds) and record what became of each.
import type { Tx } from "./client.ts";

export interface DueSchedule {
  connectorId: string;
  workspaceId: string;
  cron: string;
  timezone: string;
  input: Record<string, unknown>;
  contactId: string | null;
  nextRunAt: Date;
  connectorStatus: "active" | "disabled";
  /** The connector's current input schema (null when it has none). */
  inputSchema: unknown;
}

/** Enabled schedules due at `now`, locked until the transaction ends. */
export function takeDueSchedules(tx: Tx, now: Date, limit: number): Promise<DueSchedule[]> {
  return tx<DueSchedule[]>`
    select s.connector_id as "connectorId", s.workspace_id as "workspaceId", s.cron,
           s.timezone, s.input, s.contact_id as "contactId", s.next_run_at as "nextRunAt",
           c.status as "connectorStatus", c.definition -> 'input' as "inputSchema"
    from connectors.connector_schedules s
    join connectors.connectors c on c.workspace_id = s.workspace_id and c.id = s.connector_id
    where s.enabled and s.next_run_at <= ${now}
    order by s.next_run_at
    limit ${limit}
    for update of s skip locked`;
}

/** Moves the schedule on to its next slot (null: it never fires again), recording a firing. */
export async function advanceSchedule(
  tx: Tx,
  connectorId: string,
  next: Date | null,
  fired: { slot: Date; executionId: string } | null,
): Promise<void> {
  const nextRunAt = next ?? "infinity";
  if (fired) {
    await tx`
      update connectors.connector_schedules
      set next_run_at = ${nextRunAt}, last_run_at = ${fired.slot},
          last_execution_id = ${fired.executionId}
      where connector_id = ${connectorId}`;
    return;
  }
  await tx`
    update connectors.connector_schedules set next_run_at = ${nextRunAt}
    where connector_id = ${connectorId}`;
}
