// Rows arranged directly as the database superuser, for read-side suites: executions (the running
// side writes them as service_role), contacts (the CRM owns them) and audit log entries.
import { adminSql } from "./fixtures.ts";

type Json = Parameters<ReturnType<typeof adminSql>["json"]>[0];

export const PING_DEFINITION = {
  steps: [{ id: "ping", request: { method: "GET", url: "https://api.example.com/ping" } }],
};

export async function insertConnectorRow(
  workspaceId: string,
  name = "Read-side connector",
): Promise<string> {
  const sql = adminSql();
  const [row] = await sql<{ id: string }[]>`
    insert into connectors.connectors (workspace_id, name, definition)
    values (${workspaceId}, ${name}, ${sql.json(PING_DEFINITION)})
    returning id`;
  if (!row) throw new Error("connector not created");
  return row.id;
}

export interface ExecutionRowInput {
  workspaceId: string;
  connectorId: string | null;
  status?: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  durationMs?: number | null;
  createdAt?: string;
  definition?: Json;
  input?: Json;
  output?: Json | null;
  stepResults?: Json[];
  error?: Json | null;
  attempts?: number;
  runner?: string | null;
  runId?: string | null;
  contactId?: string | null;
  idempotencyKey?: string | null;
  createdBy?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** `api` by default; `schedule` and `webhook` need no batch or replayed execution. */
  trigger?: "api" | "schedule" | "webhook";
}

export async function insertExecution(row: ExecutionRowInput): Promise<string> {
  const sql = adminSql();
  const createdAt = row.createdAt ?? new Date().toISOString();
  const status = row.status ?? "queued";
  const startedAt = row.startedAt ?? (status === "queued" ? null : createdAt);
  const finishedAt =
    row.finishedAt ??
    (["succeeded", "failed", "cancelled"].includes(status)
      ? new Date(Date.parse(createdAt) + (row.durationMs ?? 0)).toISOString()
      : null);
  const [inserted] = await sql<{ id: string }[]>`
    insert into connectors.connector_executions (
      workspace_id, connector_id, definition, status, input, output, step_results, error,
      attempts, runner, run_id, contact_id, idempotency_key, created_by,
      queued_at, started_at, finished_at, duration_ms, created_at, trigger
    ) values (
      ${row.workspaceId}, ${row.connectorId},
      ${sql.json(row.definition ?? PING_DEFINITION)},
      ${status}, ${sql.json(row.input ?? {})},
      ${row.output === undefined || row.output === null ? null : sql.json(row.output)},
      ${sql.json(row.stepResults ?? [])},
      ${row.error === undefined || row.error === null ? null : sql.json(row.error)},
      ${row.attempts ?? 0}, ${row.runner ?? null}, ${row.runId ?? null}, ${row.contactId ?? null},
      ${row.idempotencyKey ?? null}, ${row.createdBy ?? null},
      ${createdAt}, ${startedAt}, ${finishedAt}, ${row.durationMs ?? null}, ${createdAt},
      ${row.trigger ?? "api"}
    )
    returning id`;
  if (!inserted) throw new Error("execution not created");
  return inserted.id;
}

export interface ContactRowInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  company?: string | null;
  customFields?: Json;
  createdAt?: string;
}

export async function insertContact(workspaceId: string, row: ContactRowInput = {}) {
  const sql = adminSql();
  const createdAt = row.createdAt ?? new Date().toISOString();
  const [inserted] = await sql<{ id: string }[]>`
    insert into connectors.contacts
      (workspace_id, email, first_name, last_name, phone, company, custom_fields,
       created_at, updated_at)
    values (${workspaceId}, ${row.email ?? null}, ${row.firstName ?? null},
            ${row.lastName ?? null}, ${row.phone ?? null}, ${row.company ?? null},
            ${sql.json(row.customFields ?? {})}, ${createdAt}, ${createdAt})
    returning id`;
  if (!inserted) throw new Error("contact not created");
  return inserted.id;
}

export interface AuditRowInput {
  actorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  metadata?: Json;
  createdAt?: string;
}

export async function insertAudit(workspaceId: string, row: AuditRowInput): Promise<string> {
  const sql = adminSql();
  const [inserted] = await sql<{ id: string }[]>`
    insert into connectors.audit_log
      (workspace_id, actor_id, action, target_type, target_id, metadata, created_at)
    values (${workspaceId}, ${row.actorId}, ${row.action}, ${row.targetType ?? null},
            ${row.targetId ?? null}, ${sql.json(row.metadata ?? {})},
            ${row.createdAt ?? new Date().toISOString()})
    returning id`;
  if (!inserted) throw new Error("audit entry not created");
  return inserted.id;
}

/** `count` ISO timestamps one second apart, oldest first, ending a minute ago. */
export function timestamps(count: number, start = Date.now() - 60_000 - count * 1000): string[] {
  return Array.from({ length: count }, (_, i) => new Date(start + i * 1000).toISOString());
}
