import { z } from "@hono/zod-openapi";
import { described, WorkspaceIdParam } from "../schemas.ts";

export const WorkspaceParams = z.object({ ws: WorkspaceIdParam });

/** The database's check on audit_log.action: dotted lower-case words. */
export const AUDIT_ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const AuditLogEntrySchema = z
  .object({
    id: described(z.uuid(), "Entry id.", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
    workspaceId: described(
      z.uuid(),
      "Workspace the change happened in.",
      "11111111-1111-4111-8111-111111111111",
    ),
    actorId: described(
      z.uuid().nullable(),
      "User who made the change (kept even after the user is deleted).",
      "22222222-2222-4222-8222-222222222222",
    ),
    action: described(
      z.string(),
      "What happened: `connector.create`, `credential.put`, `template.install`, …",
      "connector.create",
    ),
    targetType: described(z.string().nullable(), "Kind of thing changed.", "connector"),
    targetId: described(
      z.string().nullable(),
      "Its id (or name, for credentials).",
      "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d",
    ),
    metadata: described(
      z.record(z.string(), z.unknown()),
      "Names and identifiers describing the change; never a secret.",
      { name: "Enrich from Example CRM" },
    ),
    createdAt: z.string().openapi({
      format: "date-time",
      description: "When it happened.",
      example: "2026-11-22T10:15:30.123Z",
    }),
  })
  .openapi("AuditLogEntry");
