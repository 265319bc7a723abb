import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { AUDIT_ACTION, AuditLogEntrySchema, WorkspaceParams } from "./schema.ts";
import { PageQuery, keysetArgs, listSchema } from "../../lib/pagination.ts";
import { listAuditLog } from "../../services/audit-log.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/audit-log",
  operationId: "listAuditLog",
  tags: ["Audit log"],
  summary: "Who changed what in the workspace, newest first",
  description:
    "Owners and admins only; a member gets 403 (before the query is validated). Entries are " +
    "written by the database for every write made with a user's token, every execution " +
    "start, cancel and dry run, and saas admins' actions on the workspace's templates — " +
    "always with the acting user as `actorId`; nobody can append or change them through the API.",
  security: bearerSecurity,
  // Route middleware runs before the request validators: authorize, then validate.
  middleware: [requireRole("owner", "admin")] as const,
  request: {
    params: WorkspaceParams,
    query: PageQuery.extend({
      action: z
        .string()
        .max(100)
        .regex(AUDIT_ACTION)
        .optional()
        .openapi({
          param: { name: "action", in: "query" },
          description: "Only entries with exactly this action.",
          example: "connector.create",
        }),
    }),
  },
  responses: {
    200: jsonResponse(
      "A page of audit log entries",
      listSchema(AuditLogEntrySchema, "AuditLogList"),
    ),
    ...workspaceErrors,
  },
});

export function registerListAuditLog<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await listAuditLog(c.var, keysetArgs(c.req.valid("query"))), 200);
  });
}
