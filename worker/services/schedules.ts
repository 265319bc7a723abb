// A connector's schedule: set or replace it (checked like a start: cron, zone, input against the
// connector's schema, the contact), read it, remove it. Written as the caller, so RLS decides:
// the members who may edit the connector may edit its schedule.
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { loadContact, loadRunnableConnector } from "../../execution/prepare.ts";
import {
  deleteSchedule as deleteRow,
  getSchedule,
  putSchedule as putRow,
  type ScheduleRow,
} from "../db/schedules.ts";
import { Invalid, NotFound } from "../lib/errors.ts";
import { assertRunInputShape } from "./run-input.ts";
import { checkCronSpec, nextSlot } from "./schedules-cron.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

export interface ScheduleInput {
  cron: string;
  timezone?: string;
  input?: Record<string, unknown>;
  contactId?: string;
  enabled?: boolean;
}

export type Schedule = ScheduleRow & { nextRunAt: string | null };

const notFound = () => new NotFound("Schedule not found.");

/** The schedule as the API shows it: `nextRunAt` is the cron's next slot after `now`. */
function withNextRun(row: ScheduleRow, now: Date): Schedule {
  let next: Date | null = null;
  try {
    next = nextSlot(row, now);
  } catch {
    // A row written past the API (SQL) with a cron croner refuses: it never fires either.
  }
  return { ...row, nextRunAt: next ? next.toISOString() : null };
}

/** Creates (`created`) or replaces the connector's schedule. */
export async function putSchedule(
  scope: WorkspaceScope,
  connectorId: string,
  body: ScheduleInput,
  now = new Date(),
): Promise<{ schedule: Schedule; created: boolean }> {
  const input = body.input ?? {};
  assertRunInputShape(input);
  const spec = checkCronSpec(body.cron, body.timezone ?? "UTC", now);
  const contactId = body.contactId ?? null;
  const workspaceId = scope.workspace.id;
  const { schedule, created } = await asCaller(scope, async (tx) => {
    const connector = await loadRunnableConnector(tx, workspaceId, connectorId);
    if (!connector) throw new NotFound("Connector not found.");
    const checked = validateInput(connector.definition.input as JsonValue | undefined, input);
    if (!checked.ok) {
      throw new Invalid("The input does not match the connector's schema.", checked.errors);
    }
    if (contactId && !(await loadContact(tx, workspaceId, contactId))) {
      throw new NotFound("Contact not found.");
    }
    const nextRunAt = nextSlot(spec, now);
    if (!nextRunAt) throw new Error("a checked cron has no next slot");
    return putRow(tx, workspaceId, connectorId, {
      ...spec,
      input,
      contactId,
      enabled: body.enabled ?? true,
      nextRunAt,
    });
  });
  return { schedule: withNextRun(schedule, now), created };
}

export async function readSchedule(scope: WorkspaceScope, connectorId: string): Promise<Schedule> {
  const workspaceId = scope.workspace.id;
  const row = await asCaller(scope, (tx) => getSchedule(tx, workspaceId, connectorId));
  if (!row) throw notFound();
  return withNextRun(row, new Date());
}

export async function deleteSchedule(scope: WorkspaceScope, connectorId: string): Promise<void> {
  const workspaceId = scope.workspace.id;
  if (!(await asCaller(scope, (tx) => deleteRow(tx, workspaceId, connectorId)))) {
    throw notFound();
  }
}
